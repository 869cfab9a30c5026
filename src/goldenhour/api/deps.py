"""FastAPI dependencies shared by every router: the unit of work and the signed-in actor."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.config import Settings
from goldenhour.domain.accounts.roles import Actor, Role
from goldenhour.domain.shared.errors import Forbidden, Unauthorized
from goldenhour.services.accounts import users as accounts
from goldenhour.services.ports import EventBus
from goldenhour.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Runtime:
    """What the app was started with; stored on ``app.state.runtime``."""

    settings: Settings
    sessions: sessionmaker[Session]
    bus: InProcessBus  # where this process's event-stream subscribers listen
    publisher: EventBus  # what units of work publish to: the bus, or the PostgreSQL fan-out

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.sessions, self.publisher)


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_uow(runtime: RuntimeDep) -> Iterator[UnitOfWork]:
    with runtime.unit_of_work() as uow:
        yield uow


UowDep = Annotated[UnitOfWork, Depends(get_uow)]


# Declared as a security scheme, so the OpenAPI document names it on every operation using it.
_bearer = HTTPBearer(
    auto_error=False, scheme_name="bearer", description="a token from POST /api/v1/auth/login"
)


def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The token from ``Authorization: Bearer``; never from the URL, where logs would keep it
    (the event stream uses a short-lived ticket instead, see ``routers/events.py``)."""
    if credentials is None or not credentials.credentials.strip():
        raise Unauthorized("sign in first: send 'Authorization: Bearer <token>'")
    return credentials.credentials.strip()


BearerToken = Annotated[str, Depends(bearer_token)]


def current_actor(token: BearerToken, uow: UowDep, runtime: RuntimeDep) -> Actor:
    return accounts.authenticate(uow, runtime.settings.secret_key, token)


CurrentActor = Annotated[Actor, Depends(current_actor)]


def require(*roles: Role) -> Callable[[Actor], Actor]:
    """A dependency that lets through only actors holding one of ``roles``."""

    def check(actor: CurrentActor) -> Actor:
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
