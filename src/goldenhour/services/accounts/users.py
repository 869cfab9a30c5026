"""Agencies, users and sign-in: the use cases behind the CLI bootstrap and the auth routes.

Bearer tokens are random, shown once, and stored only as an HMAC keyed with the service's secret,
with an expiry and an optional revocation time, so signing out (or an admin revoking a stolen
token) takes effect on the very next request.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from goldenhour.adapters.db.agency_rows import in_agency
from goldenhour.adapters.db.tables import Agency, AuthToken, UnitRow, User
from goldenhour.domain.accounts.roles import (
    Actor,
    check_password,
    check_slug,
    check_state,
    check_username,
    parse_roles,
)
from goldenhour.domain.shared.errors import (
    Conflict,
    InvalidInput,
    NotFound,
    Overloaded,
    Unauthorized,
)
from goldenhour.domain.shared.events import UserCreated
from goldenhour.services.accounts import audit, sign_in_throttle
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units.timeline import check_may_move

# Argon2id with OWASP's first recommended configuration (Password Storage Cheat Sheet: 19 MiB,
# 2 passes, 1 lane). argon2-cffi's default (RFC 9106's low-memory profile: 64 MiB, 3 passes, 4
# lanes) moves ten times the memory per check: on a two-core server every wrong password
# doubled the board's read times while it ran, where this leaves them as they were (a check
# loop beside 300 reads: p99 8.2-10.3 ms against 4.1-4.6, quiet 4.5-4.9). Older hashes are
# redone at the user's next sign-in.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_DUMMY_HASH = _hasher.hash("not-a-real-password")
# One password check at a time per process, so a flood of sign-ins waits in line instead of
# starving every other request.
_CHECKS = threading.BoundedSemaphore(1)
CHECK_WAIT_S = 3.0
HASHING_NICENESS = 10  # more than the server's: CFS weight 110 to 1024, ~10% of a busy core


def _hash_at_low_priority() -> None:
    """Hash passwords on one core at a lower CPU priority (Linux, per thread; any argon2 lane
    threads started from this one inherit both), so a flood of sign-ins cannot take the cores
    the dispatch board's requests need. One sign-in takes a little longer instead. Where the
    system refuses either (a sandbox), hashing goes on as it is: sign-in must never fail for it.
    """
    if sys.platform != "linux":
        return
    thread = threading.get_native_id()
    with contextlib.suppress(OSError):
        os.sched_setaffinity(thread, {max(os.sched_getaffinity(0))})
    with contextlib.suppress(OSError):
        niceness = os.getpriority(os.PRIO_PROCESS, thread) + HASHING_NICENESS
        os.setpriority(os.PRIO_PROCESS, thread, min(niceness, 19))


_HASHING = ThreadPoolExecutor(1, "password-hashing", initializer=_hash_at_low_priority)


def _hashed(password: str) -> str:
    return _HASHING.submit(_hasher.hash, password).result()


def hash_password(password: str, field: str = "password") -> str:
    return _hashed(check_password(password, field))


def password_matches(password_hash: str | None, password: str) -> bool:
    """Argon2 check; with no hash (no such user) it still takes as long, then says no.

    Run it outside any transaction (see ``login``). Refused with 503 when the line of checks
    is too long to get through in ``CHECK_WAIT_S``: nothing is counted or changed then."""
    if not _CHECKS.acquire(timeout=CHECK_WAIT_S):
        raise Overloaded("too many sign-ins at once; nothing was done, try again in 2 s", 2)
    try:
        check = _HASHING.submit(_hasher.verify, password_hash or _DUMMY_HASH, password)
        return check.result() and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False
    finally:
        _CHECKS.release()


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime
    actor: Actor


def create_agency(uow: UnitOfWork, slug: str, name: str, state: str) -> Agency:
    check_slug(slug)
    check_state(state)
    if not name.strip():
        raise InvalidInput.for_field("name", "must not be empty")
    if uow.session.scalar(select(Agency).where(Agency.slug == slug)) is not None:
        raise Conflict(f"slug: an agency named {slug!r} already exists")
    agency = Agency(slug=slug, name=name.strip(), state=state)
    uow.session.add(agency)
    uow.session.flush()
    audit.record(uow, None, "create", "agency", agency.id, {"slug": slug}, agency.id)
    uow.commit()
    return agency


def agency_by_slug(uow: UnitOfWork, slug: str) -> Agency:
    agency = uow.session.scalar(select(Agency).where(Agency.slug == slug))
    if agency is None:
        raise NotFound(f"agency: no agency named {slug!r}")
    return agency


def get_agency(uow: UnitOfWork, agency_id: int) -> Agency:
    agency = uow.session.get(Agency, agency_id)
    if agency is None:
        raise NotFound(f"agency: no agency {agency_id}")
    return agency


def sole_agency(uow: UnitOfWork) -> Agency:
    """The agency, when the installation holds exactly one (commands may then omit it)."""
    agencies = list(uow.session.scalars(select(Agency).limit(2)))
    if len(agencies) != 1:
        raise NotFound("agency: name it with --agency (there is not exactly one agency)")
    return agencies[0]


def user_by_username(uow: UnitOfWork, username: str) -> User | None:
    return uow.session.scalar(select(User).where(User.username == username))


def create_user(
    uow: UnitOfWork,
    actor: Actor | None,
    agency_id: int,
    username: str,
    full_name: str,
    password: str,
    roles: list[str],
) -> User:
    """Create a user in ``agency_id``; ``actor`` is None for the command-line bootstrap."""
    check_username(username)
    check_password(password)
    parsed = parse_roles(roles)
    if not full_name.strip():
        raise InvalidInput.for_field("full_name", "must not be empty")
    if uow.session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"username: {username!r} is already taken")
    user = User(
        agency_id=agency_id,
        username=username,
        full_name=full_name.strip(),
        password_hash=hash_password(password),
        roles=" ".join(parsed),
        active=True,
    )
    uow.session.add(user)
    try:
        uow.session.flush()
    except IntegrityError:
        raise Conflict(f"username: {username!r} is already taken") from None
    audit.record(uow, actor, "create", "user", user.id, {"username": username}, agency_id)
    uow.emit(agency_id, UserCreated(user.id, username, tuple(parsed)))
    uow.commit()
    return user


def actor_of(user: User, unit_id: int | None = None) -> Actor:
    roles = parse_roles(user.roles.split())
    return Actor(user.id, user.agency_id, user.username, roles, unit_id)


def login(
    uow: UnitOfWork,
    secret: str,
    ttl_seconds: int,
    username: str,
    password: str,
    unit_id: int | None = None,
    address: str = "local",
) -> IssuedToken:
    """Check the password and issue a token; a wrong name or password read the same.

    ``unit_id`` binds the sign-in to one unit of the agency: a shared unit tablet charts only
    that unit's records for as long as the token lives. ``address`` is where the attempt came
    from: wrong passwords are counted per account and per address (``sign_in_throttle``).

    The password is checked between two transactions: no lock and no connection is held
    through the hash, so a flood of wrong passwords slows no one else's requests.
    """
    now = uow.clock.now()
    with uow.reading():
        sign_in_throttle.check(uow, secret, username, address, now)
        user = uow.session.scalar(select(User).where(User.username == username))
        stored_hash, active = (user.password_hash, user.active) if user else (None, False)
    right = password_matches(stored_hash, password)
    if user is None or not right or not active:
        sign_in_throttle.record_failure(uow, secret, user, username, address, now)
        uow.commit()  # the failure counts even though the sign-in is refused
        raise Unauthorized("wrong username or password")
    if stored_hash is not None and _hasher.check_needs_rehash(stored_hash):
        user.password_hash = _hashed(password)  # before any write: no lock held through it
    sign_in_throttle.forget_account(uow, secret, username)
    if unit_id is not None:
        unit = uow.session.get(UnitRow, unit_id)
        if unit is None or unit.agency_id != user.agency_id:
            raise InvalidInput.for_field("unit_id", f"no unit {unit_id} in your agency")
    token = secrets.token_urlsafe(32)
    expires_at = uow.clock.now() + timedelta(seconds=ttl_seconds)
    uow.session.add(
        AuthToken(
            user_id=user.id,
            token_hash=_digest(secret, token),
            expires_at=expires_at,
            unit_id=unit_id,
        )
    )
    actor = actor_of(user, unit_id)
    detail = {"unit_id": unit_id} if unit_id is not None else {}
    audit.record(uow, actor, "login", "user", user.id, detail)
    uow.commit()
    return IssuedToken(token, expires_at, actor)


def authenticate(uow: UnitOfWork, secret: str, token: str, now: datetime | None = None) -> Actor:
    """The actor a bearer token stands for, or Unauthorized saying why it is not accepted.
    Every request asks, so the token and its user are read in one query."""
    found = uow.session.execute(
        select(AuthToken, User)
        .outerjoin(User, User.id == AuthToken.user_id)
        .where(AuthToken.token_hash == _digest(secret, token))
    ).first()
    row, user = found if found is not None else (None, None)
    return _live_actor(uow, row, user, now)


def actor_of_session(uow: UnitOfWork, row: AuthToken | None, now: datetime | None = None) -> Actor:
    """The actor of a stored session (token row), if it is still live."""
    user = uow.session.get(User, row.user_id) if row is not None else None
    return _live_actor(uow, row, user, now)


def _live_actor(
    uow: UnitOfWork, row: AuthToken | None, user: User | None, now: datetime | None
) -> Actor:
    if row is None:
        raise Unauthorized("the bearer token is not valid")
    if row.revoked_at is not None:
        raise Unauthorized("the bearer token has been revoked")
    if row.expires_at <= (now or uow.clock.now()):
        raise Unauthorized("the bearer token has expired")
    if user is None or not user.active:
        raise Unauthorized("the user of this token is no longer active")
    return actor_of(user, row.unit_id)


def bind_unit(uow: UnitOfWork, secret: str, token: str, actor: Actor, unit_id: int) -> Actor:
    """Bind a sign-in that has no unit yet to one unit of the agency (a shared tablet picks its
    unit right after signing in); a bound sign-in keeps its unit until it signs out."""
    row = stored_token(uow, secret, token)
    if row is None or row.user_id != actor.user_id:
        raise NotFound("token: not found")
    unit = uow.session.get(UnitRow, unit_id)
    if unit is None or unit.agency_id != actor.agency_id:
        raise InvalidInput.for_field("unit_id", f"no unit {unit_id} in your agency")
    check_may_move(uow, actor, unit, uow.clock.now())
    if row.unit_id is not None and row.unit_id != unit_id:
        raise Conflict(
            f"unit_id: this sign-in is bound to unit {row.unit_id}; sign out and in again to "
            "change units"
        )
    row.unit_id = unit_id
    audit.record(uow, actor, "bind_unit", "user", actor.user_id, {"unit_id": unit_id})
    uow.commit()
    return Actor(actor.user_id, actor.agency_id, actor.username, actor.roles, unit_id)


def revoke(uow: UnitOfWork, secret: str, token: str, actor: Actor) -> None:
    row = stored_token(uow, secret, token)
    if row is None or row.user_id != actor.user_id:
        raise NotFound("token: not found")
    row.revoked_at = uow.clock.now()
    audit.record(uow, actor, "logout", "user", actor.user_id)
    uow.commit()


def list_users(uow: UnitOfWork, actor: Actor) -> list[User]:
    query = select(User).where(User.agency_id == actor.agency_id).order_by(User.username)
    return list(uow.session.scalars(query))


def get_user(uow: UnitOfWork, actor: Actor, user_id: int) -> User:
    return in_agency(uow.session, User, user_id, actor.agency_id, "user", "user")


def deactivate_user(uow: UnitOfWork, actor: Actor, user_id: int) -> User:
    user = get_user(uow, actor, user_id)
    user.active = False
    audit.record(uow, actor, "deactivate", "user", user.id)
    uow.commit()
    return user


def stored_token(uow: UnitOfWork, secret: str, token: str) -> AuthToken | None:
    return uow.session.scalar(
        select(AuthToken).where(AuthToken.token_hash == _digest(secret, token))
    )


def _digest(secret: str, token: str) -> str:
    return hmac.new(secret.encode(), token.encode(), hashlib.sha256).hexdigest()
