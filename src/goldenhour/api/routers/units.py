"""Units, their crews, and the level of care derived from them."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query

from goldenhour.adapters.db.types import utcnow
from goldenhour.api.deps import CurrentActor, RosterActor, UowDep
from goldenhour.api.schemas.common import Page
from goldenhour.api.schemas.credentials import (
    CrewAssign,
    CrewEnd,
    CrewMemberRead,
    ReasonRead,
    UnitCreate,
    UnitRead,
)
from goldenhour.services import crews
from goldenhour.services.crews import UnitView
from goldenhour.services.unit_of_work import UnitOfWork

router = APIRouter(prefix="/units", tags=["units"])


def _read(view: UnitView) -> UnitRead:
    level = view.level
    return UnitRead(
        id=view.row.id,
        call_sign=view.row.call_sign,
        unit_type=view.row.unit_type,
        equipment=view.row.equipment,
        station=view.row.station,
        level_of_care=level.care_level.name if level.care_level else None,
        level_reasons=[ReasonRead.model_validate(r) for r in level.reasons],
        nemsis_capability=level.nemsis_capability,
        crew=[CrewMemberRead.model_validate(c) for c in view.crew],
    )


def _one(uow: UnitOfWork, agency_id: int, unit_id: int, at: datetime | None = None) -> UnitRead:
    (view,) = crews.unit_views(uow, agency_id, at or utcnow(), [unit_id])
    return _read(view)


@router.get("", response_model=Page[UnitRead])
def list_units(
    actor: CurrentActor,
    uow: UowDep,
    at: datetime | None = Query(None, description="derive levels as of this time (default now)"),
) -> Page[UnitRead]:
    items = [_read(v) for v in crews.unit_views(uow, actor.agency_id, at or utcnow())]
    return Page(items=items, count=len(items))


@router.post("", response_model=UnitRead, status_code=201)
def create_unit(body: UnitCreate, actor: RosterActor, uow: UowDep) -> UnitRead:
    row = crews.create_unit(
        uow, actor, body.call_sign, body.unit_type, body.equipment, body.station
    )
    return _one(uow, actor.agency_id, row.id)


@router.get("/{unit_id}", response_model=UnitRead)
def get_unit(
    unit_id: int, actor: CurrentActor, uow: UowDep, at: datetime | None = Query(None)
) -> UnitRead:
    crews.get_unit(uow, actor, unit_id)
    return _one(uow, actor.agency_id, unit_id, at)


@router.post("/{unit_id}/crew", response_model=UnitRead, status_code=201)
def assign_crew(unit_id: int, body: CrewAssign, actor: RosterActor, uow: UowDep) -> UnitRead:
    crews.assign_crew(uow, actor, unit_id, body.provider_id, body.start, body.end)
    return _one(uow, actor.agency_id, unit_id)


@router.post("/{unit_id}/crew/{assignment_id}/end", response_model=UnitRead)
def end_assignment(
    unit_id: int, assignment_id: int, body: CrewEnd, actor: RosterActor, uow: UowDep
) -> UnitRead:
    crews.end_assignment(uow, actor, unit_id, assignment_id, body.end)
    return _one(uow, actor.agency_id, unit_id)
