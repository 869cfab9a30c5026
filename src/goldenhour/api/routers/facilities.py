"""Facilities and their status; destination advice for a patient; the crew's final choice."""

from __future__ import annotations

import uuid
from datetime import UTC
from typing import Annotated

from fastapi import APIRouter, Depends

from goldenhour.adapters.db.tables.destination import FacilityRow
from goldenhour.adapters.db.types import utcnow
from goldenhour.api.deps import CurrentActor, RuntimeDep, TransportActor, UowDep, require
from goldenhour.api.dispatch_deps import SetupDep
from goldenhour.api.paging import Key, PageDep, page_of
from goldenhour.api.schemas.common import Id, Page
from goldenhour.api.schemas.facilities import (
    AdviceRead,
    DestinationChoiceCreate,
    DestinationChoiceRead,
    DestinationQuery,
    FacilityCreate,
    FacilityRead,
    RankedRead,
    ServiceStatusRead,
    SkippedRead,
    StatusChange,
    WaitingRead,
)
from goldenhour.domain.accounts.roles import Actor, Role
from goldenhour.domain.destination.facilities import Facility, FacilityKind, parse_capabilities
from goldenhour.domain.destination.facility_status import effective_status
from goldenhour.domain.destination.recommendation import DestinationAdvice
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.destination import facilities, transport
from goldenhour.services.destination import recommendations as destinations
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units import crews

router = APIRouter(tags=["facilities"])
RegistryActor = Annotated[Actor, Depends(require(Role.SUPERVISOR, Role.AGENCY_ADMIN))]
StatusActor = Annotated[
    Actor, Depends(require(Role.DISPATCHER, Role.SUPERVISOR, Role.AGENCY_ADMIN))
]


def _read(row: FacilityRow, facility: Facility) -> FacilityRead:
    now = utcnow()
    statuses = []
    for service, status in sorted(facility.statuses.items()):
        current = effective_status(status, now)
        statuses.append(
            ServiceStatusRead(
                service=service.value,
                state=current.state.name.lower(),
                reason=current.reason,
                until=current.until,
                text=current.describe(UTC, now),
            )
        )
    return FacilityRead(
        id=row.id,
        external_id=row.external_id,
        name=row.name,
        kind=row.kind,
        lon=row.lon,
        lat=row.lat,
        city=row.city,
        state=row.state,
        capabilities=list(row.capabilities),
        statuses=statuses,
    )


@router.get("/facilities", response_model=Page[FacilityRead])
def list_facilities(actor: CurrentActor, uow: UowDep, page: PageDep) -> Page[FacilityRead]:
    """By name."""
    items = [_read(row, f) for row, f in facilities.registry(uow, actor.agency_id)]
    return page_of(items, page, _by_name, lambda item: item)


def _by_name(facility: FacilityRead) -> Key:
    return (facility.name, facility.id)


@router.post("/facilities", response_model=FacilityRead, status_code=201)
def add_facility(
    body: FacilityCreate, actor: RegistryActor, uow: UowDep, setup: SetupDep
) -> FacilityRead:
    """Register a destination by hand; it must lie on the region's roads."""
    lon, lat = setup.check_location(body.location.lon, body.location.lat, "location")
    try:
        kind = FacilityKind(body.kind)
    except ValueError:
        known = ", ".join(k.value for k in FacilityKind)
        raise InvalidInput.for_field("kind", f"must be one of: {known}") from None
    facility = Facility(
        id=f"manual-{uuid.uuid4().hex[:12]}",
        name=body.name,
        lon=lon,
        lat=lat,
        kind=kind,
        capabilities=parse_capabilities(body.capabilities),
        city=body.city,
        state=body.state,
    )
    row = facilities.add_facility(uow, actor, facility)
    return _read(*facilities.get_facility(uow, actor.agency_id, row.id))


@router.get("/facilities/waiting", response_model=Page[WaitingRead])
def waiting_units(
    actor: CurrentActor, uow: UowDep, runtime: RuntimeDep, page: PageDep
) -> Page[WaitingRead]:
    """Units at each facility still waiting to hand over their patient, longest first."""
    now = utcnow()
    threshold = runtime.settings.offload_threshold_s
    found = transport.waiting(uow, actor.agency_id, now, threshold)
    items = [
        WaitingRead(
            facility_id=None if key == transport.NO_FACILITY else int(key),
            unit_id=int(w.unit_id),
            incident_id=int(w.incident_id),
            arrived=w.arrived,
            waiting_s=round(w.waiting_s, 1),
            over_threshold=w.alert_due,
        )
        for key, units in found.items()
        for w in units
    ]
    return page_of(items, page, _longest_waiting, lambda item: item)


def _longest_waiting(wait: WaitingRead) -> Key:
    return (wait.arrived.timestamp(), wait.unit_id, wait.incident_id)


@router.get("/facilities/{facility_id}", response_model=FacilityRead)
def get_facility(facility_id: Id, actor: CurrentActor, uow: UowDep) -> FacilityRead:
    return _read(*facilities.get_facility(uow, actor.agency_id, facility_id))


@router.put("/facilities/{facility_id}/status/{service}", response_model=FacilityRead)
def set_status(
    facility_id: Id, service: str, body: StatusChange, actor: StatusActor, uow: UowDep
) -> FacilityRead:
    """Open, divert (reason and expiry required) or close one service, e.g. ``stroke``."""
    facilities.set_status(uow, actor, facility_id, service, body.state, body.reason, body.until)
    return _read(*facilities.get_facility(uow, actor.agency_id, facility_id))


def _advise(
    uow: UnitOfWork, actor: Actor, setup: SetupDep, query: DestinationQuery
) -> DestinationAdvice:
    if query.origin is not None:
        origin = setup.check_location(query.origin.lon, query.origin.lat, "origin")
    elif query.unit_id is not None:
        unit = crews.get_unit(uow, actor, query.unit_id, "unit_id")
        if unit.lon is None or unit.lat is None:
            raise InvalidInput.for_field("unit_id", f"unit {unit.call_sign} has no position yet")
        origin = (unit.lon, unit.lat)
    else:
        raise InvalidInput.for_field("origin", "give the patient's location or a unit_id")
    return destinations.recommend(uow, actor, setup.travel, query.findings, query.age_years, origin)


def _advice_read(advice: DestinationAdvice) -> AdviceRead:
    return AdviceRead(
        finding=advice.finding.value,
        why=advice.why,
        sources=[f"{s.title} ({s.url})" if s.url else s.title for s in advice.sources],
        child=advice.child,
        ranked=[
            RankedRead(
                rank=r.rank,
                facility_id=int(r.facility_id),
                name=r.name,
                eta_s=r.eta_s,
                extra_s=r.extra_s,
                tier=r.tier,
                reasons=list(r.reasons),
                diverted=r.diverted,
            )
            for r in advice.ranked
        ],
        skipped=[
            SkippedRead(facility_id=int(s.facility_id), name=s.name, eta_s=s.eta_s, reason=s.reason)
            for s in advice.skipped
        ],
        nearest_ed_id=int(advice.nearest_ed_id) if advice.nearest_ed_id else None,
        nearest_ed_eta_s=advice.nearest_ed_eta_s,
        all_diverted=advice.all_diverted,
        notes=list(advice.notes),
    )


@router.post("/destinations/recommend", response_model=AdviceRead)
def recommend(
    body: DestinationQuery, actor: TransportActor, uow: UowDep, setup: SetupDep
) -> AdviceRead:
    """Rank the agency's facilities for this patient by capability, status and road ETA."""
    return _advice_read(_advise(uow, actor, setup, body))


@router.post(
    "/incidents/{incident_id}/destination", response_model=DestinationChoiceRead, status_code=201
)
def choose(
    incident_id: Id,
    body: DestinationChoiceCreate,
    actor: TransportActor,
    uow: UowDep,
    setup: SetupDep,
) -> DestinationChoiceRead:
    """Record the crew's destination and reason; the rank it was recommended at is kept."""
    if body.unit_id is None:
        raise InvalidInput.for_field("unit_id", "is required")
    advice = _advise(uow, actor, setup, body) if body.findings else None
    row = destinations.choose(
        uow,
        actor,
        destinations.Choice(
            incident_id,
            body.unit_id,
            body.facility_id,
            body.destination_type,
            body.reason,
            body.comment,
        ),
        advice,
        setup.travel,
    )
    return DestinationChoiceRead.model_validate(row)
