"""FastAPI dependencies shared by every router: the unit of work and the signed-in actor.

A request's unit of work is opened only once the request has been admitted (``admission``):
GET requests read without ever taking the write lock, the sign-in check runs in a read
transaction of its own that ends before the request's work starts, and the connection goes back
to the pool as soon as the work is done. So no request holds a connection, nor on SQLite the
write lock, while it waits for a thread, for the client or for a password hash.

Dependencies that do no I/O are ``async def``: FastAPI runs a plain ``def`` dependency in the
thread pool, and under load each such hop waits for a thread and for the GIL (py-spy on eight
call-takers: resolving dependencies was the largest part of the event loop's time).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from goldenhour.adapters.db.engine import POOL_SIZE
from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.api.admission import Admission
from goldenhour.api.work_in_flight import WORK_OPEN
from goldenhour.config import Settings
from goldenhour.domain.accounts.roles import Actor, Role
from goldenhour.domain.shared.errors import Forbidden, Unauthorized
from goldenhour.services.accounts import users as accounts
from goldenhour.services.ports import EventBus
from goldenhour.services.unit_of_work import UnitOfWork

WRITE_SLOTS = 6  # SQLite lets one writer in at a time; PostgreSQL serializes the tail of each
READ_SLOTS = POOL_SIZE - WRITE_SLOTS


@dataclass(frozen=True)
class Runtime:
    """What the app was started with; stored on ``app.state.runtime``."""

    settings: Settings
    sessions: sessionmaker[Session]
    bus: InProcessBus  # where this process's event-stream subscribers listen
    publisher: EventBus  # what units of work publish to: the bus, or the PostgreSQL fan-out
    # Reads and writes wait in lines of their own; together no more than the pool holds.
    readers: Admission = field(default_factory=lambda: Admission("reads", READ_SLOTS, 2.0))
    writers: Admission = field(default_factory=lambda: Admission("writes", WRITE_SLOTS, 5.0))

    def unit_of_work(self, reads_only: bool = False) -> UnitOfWork:
        return UnitOfWork(self.sessions, self.publisher, reads_only=reads_only)


async def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


_READS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_uow(request: Request, runtime: RuntimeDep) -> AsyncIterator[UnitOfWork]:
    """The request's unit of work, once admitted (or 503 + ``Retry-After`` before any work).

    Opening it does no I/O; closing it runs in the thread pool only when it must talk to the
    database (a transaction still open to roll back). ``request.state.uow`` lets the error
    handlers tell whether the change was committed.
    While it is open the request is not cancelled (``work_in_flight``): a stopping server's
    cancellation would leave its thread using the Session as this closed it.
    """
    reads = request.method in _READS
    async with (runtime.readers if reads else runtime.writers).slot():
        uow = UnitOfWork(
            runtime.sessions, runtime.publisher, reads_only=reads, reads_after_commit=True
        )
        request.state.uow = uow.__enter__()
        setattr(request.state, WORK_OPEN, True)  # no cancelling the request until it is closed
        try:
            yield uow
        finally:
            if uow.holds_transaction:  # its rollback talks to the database
                await run_in_threadpool(uow.__exit__, None, None, None)
            else:  # committed and nothing read since: closing it does no I/O, no thread hop
                uow.__exit__(None, None, None)
            setattr(request.state, WORK_OPEN, False)


UowDep = Annotated[UnitOfWork, Depends(get_uow)]


# Declared as a security scheme, so the OpenAPI document names it on every operation using it.
_bearer = HTTPBearer(
    auto_error=False, scheme_name="bearer", description="a token from POST /api/v1/auth/login"
)


async def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The token from ``Authorization: Bearer``; never from the URL, where logs would keep it
    (the event stream uses a short-lived ticket instead, see ``routers/events.py``)."""
    if credentials is None or not credentials.credentials.strip():
        raise Unauthorized("sign in first: send 'Authorization: Bearer <token>'")
    return credentials.credentials.strip()


BearerToken = Annotated[str, Depends(bearer_token)]


def current_actor(token: BearerToken, uow: UowDep, runtime: RuntimeDep) -> Actor:
    with uow.reading():  # its own short read: no lock or connection held into the work
        return accounts.authenticate(uow, runtime.settings.secret_key, token)


CurrentActor = Annotated[Actor, Depends(current_actor)]


def require(*roles: Role) -> Callable[[Actor], Awaitable[Actor]]:
    """A dependency that lets through only actors holding one of ``roles``."""

    async def check(actor: CurrentActor) -> Actor:
        if not actor.has_any(roles):
            allowed = ", ".join(role.value for role in roles)
            raise Forbidden(f"this action needs one of the roles: {allowed}")
        return actor

    return check


AdminActor = Annotated[Actor, Depends(require(Role.AGENCY_ADMIN))]
SupervisorActor = Annotated[Actor, Depends(require(Role.SUPERVISOR, Role.AGENCY_ADMIN))]

RosterActor = Annotated[Actor, Depends(require(Role.AGENCY_ADMIN, Role.SUPERVISOR))]
TransportActor = Annotated[
    Actor, Depends(require(Role.CREW, Role.DISPATCHER, Role.SUPERVISOR))
]  # who moves patients and records where they went
