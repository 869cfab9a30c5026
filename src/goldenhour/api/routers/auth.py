"""Sign in, sign out, and who am I."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from goldenhour.adapters.db.types import utcnow
from goldenhour.api.deps import CurrentActor, RuntimeDep, UowDep, bearer_token
from goldenhour.api.schemas.accounts import (
    LoginRequest,
    MeRead,
    TokenRead,
    UnitBinding,
    UserRead,
)
from goldenhour.services.accounts import crew_accounts
from goldenhour.services.accounts import users as accounts

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login", response_model=TokenRead)
def login(body: LoginRequest, uow: UowDep, runtime: RuntimeDep) -> TokenRead:
    settings = runtime.settings
    issued = accounts.login(
        uow,
        settings.secret_key,
        settings.token_ttl_seconds,
        body.username,
        body.password,
        body.unit_id,
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
def logout(request: Request, actor: CurrentActor, uow: UowDep, runtime: RuntimeDep) -> Response:
    accounts.revoke(uow, runtime.settings.secret_key, bearer_token(request), actor)
    return Response(status_code=204)


@router.put("/unit", status_code=204)
def bind_unit(
    body: UnitBinding, request: Request, actor: CurrentActor, uow: UowDep, runtime: RuntimeDep
) -> Response:
    """A shared unit tablet binds its sign-in to the unit it is on (once, until sign-out)."""
    token = bearer_token(request)
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
