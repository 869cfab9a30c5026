"""Slow down password guessing: wrong passwords per account and per address, stored in the
database so every API worker counts the same attempts.

The rule (how many, how long) is ``domain.sign_in_throttle``. Each wrong password is written to
the audit log with the address it came from; the failure that starts the waits is written as a
lockout notice, so an agency admin sees an attack on an account and an operator sees one
address guessing many.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from goldenhour.adapters.db.tables import SignInFailure, User
from goldenhour.domain.accounts.sign_in_throttle import (
    ACCOUNT,
    ADDRESS,
    Limit,
    locks_now,
    wait_left,
)
from goldenhour.domain.shared.errors import TooManyRequests
from goldenhour.services.accounts import audit
from goldenhour.services.unit_of_work import UnitOfWork

KEEP = timedelta(days=1)


def _key(secret: str, kind: str, value: str) -> str:
    return hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _keys(secret: str, username: str, address: str) -> list[tuple[str, str, Limit]]:
    return [
        ("account", _key(secret, "account", username.lower()), ACCOUNT),
        ("address", _key(secret, "address", address), ADDRESS),
    ]


def _failures(uow: UnitOfWork, key: str, since: datetime) -> list[datetime]:
    query = select(SignInFailure.at).where(SignInFailure.key == key, SignInFailure.at > since)
    return list(uow.session.scalars(query))


def check(uow: UnitOfWork, secret: str, username: str, address: str, now: datetime) -> None:
    """Refuse with 429 (and how long to wait) while the account or the address must wait."""
    for kind, key, limit in _keys(secret, username, address):
        wait = wait_left(_failures(uow, key, now - limit.window), now, limit)
        if wait is not None:
            seconds = max(1, math.ceil(wait.total_seconds()))
            raise TooManyRequests(
                f"too many wrong passwords for this {kind}; try again in {seconds} s",
                seconds,
            )


def record_failure(
    uow: UnitOfWork, secret: str, user: User | None, username: str, address: str, now: datetime
) -> None:
    """Count a wrong password against the account and the address, and audit it."""
    agency_id = user.agency_id if user else None
    subject = user.id if user else "unknown"
    for kind, key, limit in _keys(secret, username, address):
        before = len(_failures(uow, key, now - limit.window))
        uow.session.add(SignInFailure(key=key, at=now))
        if locks_now(before, limit):
            detail = {"scope": kind, "address": address, "failures": before + 1}
            audit.record(uow, None, "login_locked", "user", subject, detail, agency_id)
    audit.record(uow, None, "login_failed", "user", subject, {"address": address}, agency_id)
    uow.session.execute(delete(SignInFailure).where(SignInFailure.at < now - KEEP))


def forget_account(uow: UnitOfWork, secret: str, username: str) -> None:
    """A correct password (or an admin's reset) clears the account's count, not the address's."""
    key = _key(secret, "account", username.lower())
    uow.session.execute(delete(SignInFailure).where(SignInFailure.key == key))
