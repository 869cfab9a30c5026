"""Dependencies of the dispatch routes: who may dispatch, the setup, the position cache."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from goldenhour.api.deps import RuntimeDep, require
from goldenhour.domain.accounts.roles import Actor, Role
from goldenhour.domain.shared.errors import NotFound, ServiceUnavailable
from goldenhour.services.dispatch.setup import DispatchSetup, setup_from
from goldenhour.services.units.positions import PositionCache

DispatcherActor = Annotated[Actor, Depends(require(Role.DISPATCHER, Role.SUPERVISOR))]
# Crews post their unit's status and positions; dispatch may do it for them over the radio.
FieldActor = Annotated[Actor, Depends(require(Role.CREW, Role.DISPATCHER, Role.SUPERVISOR))]


def get_setup(runtime: RuntimeDep) -> DispatchSetup:
    try:
        return setup_from(runtime.settings)
    except NotFound as exc:
        raise ServiceUnavailable(
            f"road region {runtime.settings.region!r} is not installed ({exc.detail}); "
            "create it with 'goldenhour network demo' or 'goldenhour network import'"
        ) from None


SetupDep = Annotated[DispatchSetup, Depends(get_setup)]


async def get_position_cache(request: Request) -> PositionCache:
    cache: PositionCache | None = getattr(request.app.state, "positions", None)
    if cache is None:
        cache = request.app.state.positions = PositionCache()
    return cache


PositionCacheDep = Annotated[PositionCache, Depends(get_position_cache)]
