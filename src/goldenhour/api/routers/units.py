"""Units: the fleet, their crews and derived level of care, their positions and timeline.

A crew screen reads its unit's current assignment here and moves it along the timeline; the
board reads every unit's latest position. The position routes come first so that
``/units/positions`` is not read as a unit id.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Query

from goldenhour.adapters.db.types import utcnow
from goldenhour.adapters.routing import load_region
from goldenhour.api.deps import CurrentActor, RosterActor, RuntimeDep, TransportActor, UowDep
from goldenhour.api.dispatch_deps import DispatcherActor, FieldActor, PositionCacheDep, SetupDep
from goldenhour.api.paging import Key, PageDep, page_of
from goldenhour.api.schemas.common import Id, Page, ReadModel
from goldenhour.api.schemas.credentials import (
    CrewAssign,
    CrewEnd,
    CrewMemberRead,
    ReasonRead,
    UnitCreate,
    UnitRead,
)
from goldenhour.api.schemas.dispatch import (
    IncidentRead,
    MoveUp,
    PositionBatch,
    PositionRead,
    PositionReport,
    RowProblemRead,
    StatusChange,
    UnitStatusRead,
)
from goldenhour.api.views import incident_read
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput
from goldenhour.services.destination import transport
from goldenhour.services.dispatch import incidents
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units import cover, crews, positions
from goldenhour.services.units import timeline as unit_timeline
from goldenhour.services.units.crews import UnitView
from goldenhour.services.units.positions import Fix

router = APIRouter(prefix="/units", tags=["units"])


@router.post("/positions", response_model=PositionReport)
def post_positions(
    body: PositionBatch,
    actor: FieldActor,
    uow: UowDep,
    setup: SetupDep,
    cache: PositionCacheDep,
) -> PositionReport:
    """Store every good row; report each bad one by index. 422 only when no row was good."""
    fixes = [Fix(p.unit_id, p.lon, p.lat, p.at) for p in body.positions]
    report = positions.record_positions(uow, actor, setup, fixes, cache)
    rejected = [
        RowProblemRead(index=i, field=f"positions[{i}].{p.field}", problem=p.problem)
        for i, p in report.rejected
    ]
    if fixes and report.accepted == 0:
        raise InvalidInput(
            "no position in the batch was stored",
            [FieldProblem(r.field, r.problem) for r in rejected],
        )
    return PositionReport(accepted=report.accepted, rejected=rejected)


@router.get("/positions", response_model=Page[PositionRead])
def get_positions(
    actor: CurrentActor, uow: UowDep, runtime: RuntimeDep, cache: PositionCacheDep, page: PageDep
) -> Page[PositionRead]:
    """Every unit's latest position, flagged stale when older than the configured age."""
    now = utcnow()
    limit = runtime.settings.stale_position_s
    items = []
    for p in positions.latest_positions(uow, actor.agency_id, cache):
        age = None if p.at is None else round((now - p.at).total_seconds(), 1)
        items.append(
            PositionRead(
                unit_id=p.unit_id,
                call_sign=p.call_sign,
                status=p.status,
                lon=p.lon,
                lat=p.lat,
                at=p.at,
                age_s=age,
                stale=age is None or age > limit,
                status_at=p.status_at,
                incident_id=p.incident_id,
            )
        )
    return page_of(items, page, _by_call_sign, lambda item: item)


@router.post("/{unit_id}/status", response_model=UnitStatusRead)
def change_status(
    unit_id: Id,
    body: StatusChange,
    actor: FieldActor,
    uow: UowDep,
    setup: SetupDep,
    cache: PositionCacheDep,
) -> UnitStatusRead:
    unit = unit_timeline.change_status(uow, actor, setup, unit_id, body.status, body.at)
    cache.forget(actor.agency_id)
    return UnitStatusRead.model_validate(unit)


def _read(view: UnitView) -> UnitRead:
    level = view.level
    return UnitRead(
        id=view.row.id,
        call_sign=view.row.call_sign,
        unit_type=view.row.unit_type,
        equipment=view.row.equipment,
        station=view.row.station,
        posted_station=view.row.posted_station,
        level_of_care=level.care_level.name if level.care_level else None,
        level_reasons=[ReasonRead.model_validate(r) for r in level.reasons],
        nemsis_capability=level.nemsis_capability,
        crew=[CrewMemberRead.model_validate(c) for c in view.crew],
    )


def _one(uow: UnitOfWork, agency_id: Id, unit_id: Id, at: datetime | None = None) -> UnitRead:
    (view,) = crews.unit_views(uow, agency_id, at or utcnow(), [unit_id])
    return _read(view)


@router.get("", response_model=Page[UnitRead])
def list_units(
    actor: CurrentActor,
    uow: UowDep,
    page: PageDep,
    at: datetime | None = Query(None, description="derive levels as of this time (default now)"),
) -> Page[UnitRead]:
    """By call sign."""
    items = [_read(v) for v in crews.unit_views(uow, actor.agency_id, at or utcnow())]
    return page_of(items, page, _by_call_sign, lambda item: item)


def _by_call_sign(unit: UnitRead | PositionRead) -> Key:
    return (unit.call_sign, unit.id if isinstance(unit, UnitRead) else unit.unit_id)


@router.post("", response_model=UnitRead, status_code=201)
def create_unit(body: UnitCreate, actor: RosterActor, uow: UowDep) -> UnitRead:
    row = crews.create_unit(
        uow, actor, body.call_sign, body.unit_type, body.equipment, body.station
    )
    return _one(uow, actor.agency_id, row.id)


@router.get("/{unit_id}", response_model=UnitRead)
def get_unit(
    unit_id: Id, actor: CurrentActor, uow: UowDep, at: datetime | None = Query(None)
) -> UnitRead:
    crews.get_unit(uow, actor, unit_id)
    return _one(uow, actor.agency_id, unit_id, at)


@router.post("/{unit_id}/crew", response_model=UnitRead, status_code=201)
def assign_crew(unit_id: Id, body: CrewAssign, actor: RosterActor, uow: UowDep) -> UnitRead:
    crews.assign_crew(uow, actor, unit_id, body.provider_id, body.start, body.end)
    return _one(uow, actor.agency_id, unit_id)


@router.post("/{unit_id}/crew/{assignment_id}/end", response_model=UnitRead)
def end_assignment(
    unit_id: Id, assignment_id: Id, body: CrewEnd, actor: RosterActor, uow: UowDep
) -> UnitRead:
    crews.end_assignment(uow, actor, unit_id, assignment_id, body.end)
    return _one(uow, actor.agency_id, unit_id)


@router.post("/{unit_id}/post", response_model=UnitRead)
def move_up(
    unit_id: Id, body: MoveUp, actor: DispatcherActor, uow: UowDep, runtime: RuntimeDep
) -> UnitRead:
    """Move a free unit up to cover a station of the region (null: back to its own)."""
    region = load_region(runtime.settings.region, runtime.settings)
    stations = {p.name for p in region.places if p.kind == "station"}
    cover.post_unit(uow, actor, unit_id, body.station, stations)
    return _one(uow, actor.agency_id, unit_id)


class UnitAssignmentRead(ReadModel):
    unit_id: Id
    call_sign: str
    status: str
    incident: IncidentRead | None


@router.get("/{unit_id}/assignment", response_model=UnitAssignmentRead)
def current_assignment(unit_id: Id, actor: CurrentActor, uow: UowDep) -> UnitAssignmentRead:
    """The unit's status and the incident it is on, if any."""
    unit = crews.get_unit(uow, actor, unit_id)
    incident = (
        incidents.get_incident(uow, actor.agency_id, unit.incident_id) if unit.incident_id else None
    )
    return UnitAssignmentRead(
        unit_id=unit.id,
        call_sign=unit.call_sign,
        status=unit.status,
        incident=incident_read(incident) if incident is not None else None,
    )


class HandoverRead(ReadModel):
    unit_id: Id
    incident_id: Id
    at: datetime


@router.post("/{unit_id}/transfer-of-care", response_model=HandoverRead, status_code=201)
def transfer_of_care(unit_id: Id, actor: TransportActor, uow: UowDep) -> HandoverRead:
    """The hospital has taken the patient (NEMSIS eTimes.12); ends the offload interval."""
    row = transport.record_transfer_of_care(uow, actor, unit_id)
    return HandoverRead(unit_id=unit_id, incident_id=row.incident_id, at=row.at)
