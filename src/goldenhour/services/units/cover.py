"""Moving units up to cover empty stations, and back, announced to every board."""

from __future__ import annotations

from collections.abc import Collection

from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.events import UnitMovedUp
from goldenhour.domain.dispatch.records import Unit
from goldenhour.domain.units.cover import post_for
from goldenhour.domain.units.timeline import UnitStatus
from goldenhour.services.dispatch.ports import DispatchWork


def post_unit(
    uow: DispatchWork,
    actor: Actor,
    unit_id: int,
    station: str | None,
    known_stations: Collection[str],
) -> Unit:
    """Post the unit at ``station`` (None or its own station: back home); locked like a dispatch
    so a move-up and an assignment of the same unit cannot cross."""
    unit = uow.dispatch.units.lock(actor.agency_id, unit_id)
    post = post_for(unit.call_sign, UnitStatus(unit.status), unit.station, station, known_stations)
    previous = unit.posted_station
    unit.posted_station = post.station
    unit.posted_at = uow.clock.now() if post.station is not None else None
    uow.dispatch.units.save(unit)
    uow.audit(actor, "move_up", "unit", unit.id, {"station": post.station, "previous": previous})
    uow.emit(
        actor.agency_id,
        UnitMovedUp(unit.id, unit.call_sign, post.station, unit.station, previous),
    )
    uow.commit()
    return unit
