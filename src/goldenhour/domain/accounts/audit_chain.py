"""The audit log's hash chain: tampering with any row breaks every hash after it.

Each entry's hash is SHA-256 over the previous entry's hash and a canonical JSON of the entry's
own content. Editing, deleting or reordering a stored row makes ``verify_chain`` name the first
row whose hash no longer matches.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def entry_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    return link_hash(prev_hash, canonical(content))


def canonical(content: Mapping[str, Any]) -> str:
    """The entry's own content as the text its hash covers (keys sorted, no spaces)."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), default=_encode)


def link_hash(prev_hash: str, canonical_content: str) -> str:
    """The link: SHA-256 (hex) of the previous hash and the canonical content. Split out so a
    database can compute it beside the previous row it reads (``adapters.db.audit_log``)."""
    return hashlib.sha256(f"{prev_hash}|{canonical_content}".encode()).hexdigest()


def _encode(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    raise TypeError(f"cannot hash {type(value).__name__}")


@dataclass(frozen=True)
class ChainedRow:
    id: int
    prev_hash: str
    hash: str
    content: Mapping[str, Any]


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str = ""


def verify_chain(rows: Iterable[ChainedRow]) -> ChainReport:
    """Walk rows in id order; report the first whose link or hash does not match."""
    expected_prev = GENESIS
    checked = 0
    for row in rows:
        if row.prev_hash != expected_prev:
            return ChainReport(False, checked, row.id, "link to the previous entry is broken")
        if entry_hash(row.prev_hash, row.content) != row.hash:
            return ChainReport(False, checked, row.id, "content does not match its hash")
        expected_prev = row.hash
        checked += 1
    return ChainReport(True, checked)
