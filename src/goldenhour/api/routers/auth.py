"""Sign in, sign out, and who am I."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, Request, Response

from goldenhour.adapters.db.types import utcnow
from goldenhour.api.deps import BearerToken, CurrentActor, RuntimeDep, UowDep
from goldenhour.api.paging import PageDep, newest_first, page_of
from goldenhour.api.schemas.accounts import (
    LoginRequest,
    MeRead,
    PasswordChange,
    SessionRead,
    TokenRead,
    UnitBinding,
    UserRead,
)
from goldenhour.api.schemas.common import Page
from goldenhour.domain.shared.errors import TooManyRequests, Unauthorized
from goldenhour.services.accounts import crew_accounts, passwords, sessions
from goldenhour.services.accounts import users as accounts

router = APIRouter(prefix="/auth", tags=["auth"])


async def pause_refused_sign_in(runtime: RuntimeDep) -> AsyncIterator[None]:
    """Answer a refused sign-in (a wrong password, or one that must wait) only after a pause.

    Declared before the unit of work, this exits after it: the pause holds no thread, no
    connection and no admission slot. A client guessing in a loop then makes about one attempt
    a second per connection and costs the server next to nothing, so other users' requests do
    not queue behind its refusals (two connections guessing had tripled everyone's p99).
    """
    started = time.monotonic()
    try:
        yield
    except (Unauthorized, TooManyRequests):
        pause = runtime.settings.failed_sign_in_pause_ms / 1000
        await asyncio.sleep(max(0.0, pause - (time.monotonic() - started)))
        raise


@router.post("/login", response_model=TokenRead, dependencies=[Depends(pause_refused_sign_in)])
def login(body: LoginRequest, request: Request, uow: UowDep, runtime: RuntimeDep) -> TokenRead:
    """Sign in. Too many wrong passwords for an account or from an address: 429 with
    ``Retry-After`` (behind a proxy, run uvicorn with ``--proxy-headers`` so the address is
    the client's). A refused sign-in is answered after ``GOLDENHOUR_FAILED_SIGN_IN_PAUSE_MS``."""
    settings = runtime.settings
    issued = accounts.login(
        uow,
        settings.secret_key,
        settings.token_ttl_seconds,
        body.username,
        body.password,
        body.unit_id,
        address=request.client.host if request.client else "unknown",
    )
    return TokenRead(
        access_token=issued.token,
        expires_at=issued.expires_at,
        user_id=issued.actor.user_id,
        agency_id=issued.actor.agency_id,
        roles=list(issued.actor.roles),
        unit_id=issued.actor.unit_id,
    )


@router.post("/logout", status_code=204)
def logout(token: BearerToken, actor: CurrentActor, uow: UowDep, runtime: RuntimeDep) -> Response:
    accounts.revoke(uow, runtime.settings.secret_key, token, actor)
    return Response(status_code=204)


@router.put("/unit", status_code=204)
def bind_unit(
    body: UnitBinding, token: BearerToken, actor: CurrentActor, uow: UowDep, runtime: RuntimeDep
) -> Response:
    """A shared unit tablet binds its sign-in to the unit it is on (once, until sign-out)."""
    accounts.bind_unit(uow, runtime.settings.secret_key, token, actor, body.unit_id)
    return Response(status_code=204)


@router.get("/me", response_model=MeRead)
def me(actor: CurrentActor, uow: UowDep) -> MeRead:
    """The signed-in user, and the unit they are on when the account is a crew member's."""
    user = accounts.get_user(uow, actor, actor.user_id)
    unit = crew_accounts.signed_in_unit(uow, actor, user.provider_id, utcnow())
    return MeRead.model_validate(
        {
            **UserRead.model_validate(user).model_dump(),
            "unit_id": unit.id if unit else None,
            "unit_call_sign": unit.call_sign if unit else None,
        }
    )


@router.get("/sessions", response_model=Page[SessionRead])
def list_sessions(
    token: BearerToken, actor: CurrentActor, uow: UowDep, runtime: RuntimeDep, page: PageDep
) -> Page[SessionRead]:
    """Where you are signed in: each live session (newest first), the one you are using marked
    ``current``."""
    found = sessions.list_sessions(uow, runtime.settings.secret_key, actor, token)
    return page_of(found, page, newest_first, _session_read)


def _session_read(found: sessions.SessionInfo) -> SessionRead:
    return SessionRead.model_validate(found, from_attributes=True)


@router.post("/sessions/revoke-all", status_code=204)
def revoke_all_sessions(actor: CurrentActor, uow: UowDep) -> Response:
    """Sign out everywhere, this session included (a lost tablet, a shared password)."""
    sessions.revoke_all(uow, actor, accounts.get_user(uow, actor, actor.user_id), "signed out")
    uow.commit()
    return Response(status_code=204)


@router.post("/password", status_code=204)
def change_password(
    body: PasswordChange,
    request: Request,
    token: BearerToken,
    actor: CurrentActor,
    uow: UowDep,
    runtime: RuntimeDep,
) -> Response:
    """Change your password; every other session of yours ends, this one goes on."""
    passwords.change_own(
        uow,
        runtime.settings.secret_key,
        actor,
        token,
        body.current_password,
        body.new_password,
        address=request.client.host if request.client else "unknown",
    )
    return Response(status_code=204)
