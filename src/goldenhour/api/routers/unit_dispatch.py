"""Units on the road: status changes along the timeline, AVL position batches, the live map.

These routes are mounted before ``units.router`` so ``/units/positions`` is not read as a
unit id.
"""

from __future__ import annotations

from fastapi import APIRouter

from goldenhour.adapters.db.types import utcnow
from goldenhour.api.deps import CurrentActor, RuntimeDep, UowDep
from goldenhour.api.dispatch_deps import FieldActor, PositionCacheDep, SetupDep
from goldenhour.api.schemas.common import Page
from goldenhour.api.schemas.dispatch import (
    PositionBatch,
    PositionRead,
    PositionReport,
    RowProblemRead,
    StatusChange,
    UnitStatusRead,
)
from goldenhour.domain.errors import FieldProblem, InvalidInput
from goldenhour.services import positions, unit_timeline
from goldenhour.services.positions import Fix

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
    actor: CurrentActor, uow: UowDep, runtime: RuntimeDep, cache: PositionCacheDep
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
            )
        )
    return Page(items=items, count=len(items))


@router.post("/{unit_id}/status", response_model=UnitStatusRead)
def change_status(
    unit_id: int,
    body: StatusChange,
    actor: FieldActor,
    uow: UowDep,
    setup: SetupDep,
    cache: PositionCacheDep,
) -> UnitStatusRead:
    unit = unit_timeline.change_status(uow, actor, setup, unit_id, body.status, body.at)
    cache.forget(actor.agency_id)
    return UnitStatusRead.model_validate(unit)
