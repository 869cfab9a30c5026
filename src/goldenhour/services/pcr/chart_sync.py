"""Entries sent from a crew device that may have been offline: each applied exactly once.

A tablet keeps what the crew enters while there is no connection and sends it when the
connection returns, one entry after another in the order they were made. Each entry carries an
idempotency key made on the device; the key is stored in the same transaction as the entry, so
an entry whose answer was lost on the way back (the connection dropped again) is not applied a
second time when the device resends it: the server answers with what it answered the first
time. A key sent again with a different entry is a conflict, never silently taken.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from goldenhour.adapters.db.tables.charting import ChartEntryKey
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.shared.errors import Conflict, InvalidInput
from goldenhour.services.unit_of_work import UnitOfWork

KEY_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{8,100}$")
ANSWER_WAITS, ANSWER_WAIT_S = 40, 0.05  # up to 2 s for the first send's answer


@dataclass(frozen=True)
class Answer:
    status_code: int
    body: dict[str, Any]


def fingerprint(body: Any) -> str:
    """The same entry gives the same fingerprint whatever the order of its JSON keys."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def check_key(key: str) -> str:
    if not KEY_PATTERN.match(key):
        raise InvalidInput.for_field(
            "Idempotency-Key", "must be 8-100 characters of letters, digits and . _ : -"
        )
    return key


def earlier_answer(
    uow: UnitOfWork, actor: Actor, key: str, route: str, print_: str
) -> Answer | None:
    """What the server answered when this entry first arrived, or None if it never did.

    The entry and its key commit together, the answer a moment later: a resend arriving in
    between waits for that answer (releasing its transaction while it waits), so it is
    answered as the first send was.
    """
    row = _stored(uow, actor, key)
    for _ in range(ANSWER_WAITS):
        if row is None or row.status_code is not None:
            break
        uow.rollback()
        time.sleep(ANSWER_WAIT_S)
        row = _stored(uow, actor, key)
    if row is None:
        return None
    if row.route != route or row.fingerprint != print_:
        raise Conflict(
            f"Idempotency-Key: {key} was already used for another entry ({row.route}); "
            "a device makes a new key for each entry"
        )
    return Answer(row.status_code or 200, row.response or {"applied": True})


def _stored(uow: UnitOfWork, actor: Actor, key: str) -> ChartEntryKey | None:
    return uow.session.scalar(
        select(ChartEntryKey)
        .where(ChartEntryKey.agency_id == actor.agency_id, ChartEntryKey.key == key)
        .execution_options(populate_existing=True)
    )


def claim(
    uow: UnitOfWork, actor: Actor, key: str, route: str, print_: str, pcr_id: int | None
) -> Answer | None:
    """Reserve the key in the current transaction (committed with the entry, or not at all).

    Returns the earlier answer instead when the entry was applied already (also when a resend
    raced the first send and lost).
    """
    earlier = earlier_answer(uow, actor, key, route, print_)
    if earlier is not None:
        return earlier
    row = ChartEntryKey(
        agency_id=actor.agency_id,
        key=key,
        pcr_id=pcr_id,
        route=route,
        fingerprint=print_,
        user_id=actor.user_id,
    )
    uow.session.add(row)
    try:
        uow.session.flush()
    except IntegrityError:
        uow.rollback()
        return earlier_answer(uow, actor, key, route, print_)
    return None


def remember(
    uow: UnitOfWork, actor: Actor, key: str, status_code: int, body: dict[str, Any]
) -> None:
    """Keep the answer beside the key, so a resend gets the same one (a second write after
    the entry's own commit)."""
    with uow.writing():
        row = _stored(uow, actor, key)
        if row is not None:
            row.status_code, row.response = status_code, body
            uow.commit()
