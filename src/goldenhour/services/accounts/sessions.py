"""A user's signed-in sessions: list them, end them all, and open an event stream without
putting the bearer token in a URL.

A browser's ``EventSource`` cannot send an ``Authorization`` header, and URLs end up in proxy
and server logs. So the page first asks (with its bearer token) for a *stream ticket*: a
string valid for ``TICKET_SECONDS``, good only for opening the event stream, signed with the
service's secret and naming the session it came from. The stream then keeps checking that
session, so signing out still ends it.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from goldenhour.adapters.db.tables import AuthToken, User
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.shared.errors import Unauthorized
from goldenhour.services.accounts import audit
from goldenhour.services.accounts import users as accounts
from goldenhour.services.unit_of_work import UnitOfWork

TICKET_SECONDS = 30


@dataclass(frozen=True)
class SessionInfo:
    id: int
    issued_at: datetime
    expires_at: datetime
    current: bool


def _sign(secret: str, message: str) -> str:
    key = hashlib.sha256(f"stream-ticket:{secret}".encode()).digest()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def stream_ticket(
    uow: UnitOfWork, secret: str, token: str, now: datetime | None = None
) -> tuple[str, datetime]:
    """A short-lived ticket for ``GET /events`` standing for the session of ``token``."""
    now = now or uow.clock.now()
    row = accounts.stored_token(uow, secret, token)
    accounts.actor_of_session(uow, row, now)
    assert row is not None  # actor_of_session refused a missing row
    expires = now + timedelta(seconds=TICKET_SECONDS)
    message = f"{row.id}.{int(expires.timestamp())}"
    return f"{message}.{_sign(secret, message)}", expires


def redeem_ticket(
    uow: UnitOfWork, secret: str, ticket: str, now: datetime | None = None
) -> tuple[Actor, int]:
    """The actor and session id a ticket stands for; Unauthorized when forged or stale."""
    now = now or uow.clock.now()
    session_id, _, rest = ticket.partition(".")
    expires, _, signature = rest.partition(".")
    message = f"{session_id}.{expires}"
    if not (session_id.isdigit() and expires.isdigit()) or not hmac.compare_digest(
        signature, _sign(secret, message)
    ):
        raise Unauthorized("the stream ticket is not valid; ask POST /api/v1/events/ticket")
    if datetime.fromtimestamp(int(expires), UTC) <= now:
        raise Unauthorized("the stream ticket has expired; ask POST /api/v1/events/ticket")
    row = uow.session.get(AuthToken, int(session_id))
    return accounts.actor_of_session(uow, row, now), int(session_id)


def still_signed_in(uow: UnitOfWork, session_id: int, now: datetime | None = None) -> bool:
    try:
        accounts.actor_of_session(uow, uow.session.get(AuthToken, session_id), now)
    except Unauthorized:
        return False
    return True


def list_sessions(
    uow: UnitOfWork, secret: str, actor: Actor, current_token: str
) -> list[SessionInfo]:
    """The user's live sessions, newest first, marking the one this request came with."""
    now = uow.clock.now()
    current = accounts.stored_token(uow, secret, current_token)
    rows = uow.session.scalars(
        select(AuthToken)
        .where(
            AuthToken.user_id == actor.user_id,
            AuthToken.revoked_at.is_(None),
            AuthToken.expires_at > now,
        )
        .order_by(AuthToken.id.desc())
    )
    return [
        SessionInfo(r.id, r.issued_at, r.expires_at, current is not None and r.id == current.id)
        for r in rows
    ]


def revoke_all(
    uow: UnitOfWork, actor: Actor | None, user: User, reason: str, keep: AuthToken | None = None
) -> int:
    """End every live session of ``user`` but ``keep``; the caller commits. Returns how many."""
    now = uow.clock.now()
    query = select(AuthToken).where(AuthToken.user_id == user.id, AuthToken.revoked_at.is_(None))
    if keep is not None:
        query = query.where(AuthToken.id != keep.id)
    rows = list(uow.session.scalars(query))
    for row in rows:
        row.revoked_at = now
    detail = {"count": len(rows), "why": reason}
    audit.record(uow, actor, "revoke_sessions", "user", user.id, detail, user.agency_id)
    return len(rows)
