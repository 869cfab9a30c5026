"""``Idempotency-Key``: a client that retries a POST after a lost answer gets the first answer
again, and nothing is stored twice.

The key is remembered in the same transaction as what the request stored, so either both are
durable or neither is; two copies racing each other end with one row (a unique index), and the
loser answers what the winner stored. The same key with a different body is the client's
mistake and is refused, naming the header.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select

from goldenhour.adapters.db.tables import RequestKeyRow
from goldenhour.domain.shared.errors import Conflict, InvalidInput
from goldenhour.services.unit_of_work import UnitOfWork

MAX_KEY = 200


def fingerprint(body: Any) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


def check_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY:
        raise InvalidInput.for_field("Idempotency-Key", f"1 to {MAX_KEY} characters")
    return key


def earlier_answer(
    uow: UnitOfWork, agency_id: int, route: str, key: str, body_fingerprint: str
) -> tuple[int, dict[str, Any]] | None:
    """The stored (status, answer) for this key, or None when it is new."""
    row = uow.session.scalar(
        select(RequestKeyRow).where(
            RequestKeyRow.agency_id == agency_id,
            RequestKeyRow.route == route,
            RequestKeyRow.key == key,
        )
    )
    if row is None:
        return None
    if row.fingerprint != body_fingerprint:
        raise Conflict("Idempotency-Key: this key was used for a different request; use a new key")
    return row.status_code, dict(row.response)


def remember(
    uow: UnitOfWork,
    agency_id: int,
    route: str,
    key: str,
    body_fingerprint: str,
    status_code: int,
    answer: dict[str, Any],
) -> None:
    """Store the answer with the change (call before the service commits)."""
    uow.session.add(
        RequestKeyRow(
            agency_id=agency_id,
            key=key,
            route=route,
            fingerprint=body_fingerprint,
            status_code=status_code,
            response=answer,
            created_at=uow.clock.now(),
        )
    )
