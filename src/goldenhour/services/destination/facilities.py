"""The facility registry: import, read, and change a service's status (diversion, closure).

A status change is made by an authorised user, audited, and announced on the event stream,
because dispatchers and crews choose destinations from it in real time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from goldenhour.adapters.db.tables.destination import FacilityRow, FacilityStatusRow
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.destination.facilities import Facility, FacilityKind, parse_capabilities
from goldenhour.domain.destination.facility_status import (
    Service,
    ServiceState,
    ServiceStatus,
    check_status_change,
    parse_service,
    parse_state,
)
from goldenhour.domain.destination.transport_events import FacilityStatusChanged
from goldenhour.domain.shared.errors import Conflict, InvalidInput, NotFound
from goldenhour.services.accounts import audit
from goldenhour.services.unit_of_work import UnitOfWork


def import_facilities(
    uow: UnitOfWork, actor: Actor | None, agency_id: int, facilities: Sequence[Facility]
) -> tuple[int, int]:
    """Add new facilities and refresh known ones (matched by their source id).

    Statuses set by users are kept: an import describes what a facility *can* do, a user says
    whether it is open right now. Returns (created, updated).
    """
    known = {
        row.external_id: row
        for row in uow.session.scalars(
            select(FacilityRow).where(FacilityRow.agency_id == agency_id)
        )
    }
    created = updated = 0
    for facility in facilities:
        row = known.get(facility.id)
        if row is None:
            row = FacilityRow(agency_id=agency_id, external_id=facility.id, active=True)
            uow.session.add(row)
            created += 1
        else:
            updated += 1
        row.name, row.kind = facility.name, facility.kind.value
        row.lon, row.lat = facility.lon, facility.lat
        row.capabilities = list(facility.capabilities.names())
        row.city, row.state = facility.city[:100], facility.state[:2]
        row.updated_at = uow.clock.now()
        uow.session.flush()
        closed = facility.statuses.get(Service.FACILITY)
        if closed is not None and closed.state is ServiceState.CLOSED:
            _store_status(uow, row, Service.FACILITY, closed, None)
    audit.record(
        uow,
        actor,
        "import",
        "facilities",
        agency_id,
        {"created": created, "updated": updated},
        agency_id,
    )
    uow.commit()
    return created, updated


def add_facility(uow: UnitOfWork, actor: Actor, facility: Facility) -> FacilityRow:
    """Register one destination entered by hand (an import refreshes many at once)."""
    known = uow.session.scalar(
        select(FacilityRow.id).where(
            FacilityRow.agency_id == actor.agency_id, FacilityRow.external_id == facility.id
        )
    )
    if known is not None:
        raise Conflict(f"facility {facility.id!r} is already registered")
    import_facilities(uow, actor, actor.agency_id, [facility])
    row = uow.session.scalar(
        select(FacilityRow).where(
            FacilityRow.agency_id == actor.agency_id, FacilityRow.external_id == facility.id
        )
    )
    assert row is not None
    return row


def registry(
    uow: UnitOfWork, agency_id: int, facility_id: int | None = None
) -> list[tuple[FacilityRow, Facility]]:
    """Every active facility of the agency (or just ``facility_id``) with its statuses, as rows
    and as domain objects."""
    query = select(FacilityRow).where(
        FacilityRow.agency_id == agency_id, FacilityRow.active.is_(True)
    )
    status_query = select(FacilityStatusRow).where(FacilityStatusRow.agency_id == agency_id)
    if facility_id is not None:
        query = query.where(FacilityRow.id == facility_id)
        status_query = status_query.where(FacilityStatusRow.facility_id == facility_id)
    rows = list(uow.session.scalars(query.order_by(FacilityRow.name)))
    statuses: dict[int, dict[Service, ServiceStatus]] = {row.id: {} for row in rows}
    for status in uow.session.scalars(status_query):
        if status.facility_id in statuses:
            statuses[status.facility_id][Service(status.service)] = ServiceStatus(
                ServiceState[status.state], status.reason, status.until
            )
    return [(row, _domain(row, statuses[row.id])) for row in rows]


def _domain(row: FacilityRow, statuses: dict[Service, ServiceStatus]) -> Facility:
    return Facility(
        id=str(row.id),
        name=row.name,
        lon=row.lon,
        lat=row.lat,
        kind=FacilityKind(row.kind),
        capabilities=parse_capabilities(row.capabilities),
        statuses=statuses,
        city=row.city,
        state=row.state,
    )


def get_facility(uow: UnitOfWork, agency_id: int, facility_id: int) -> tuple[FacilityRow, Facility]:
    found = registry(uow, agency_id, facility_id)
    if not found:
        raise NotFound(f"facility: no facility {facility_id} in your agency")
    return found[0]


def set_status(
    uow: UnitOfWork,
    actor: Actor,
    facility_id: int,
    service_text: str,
    state_text: str,
    reason: str,
    until: datetime | None,
) -> ServiceStatus:
    """Open, divert (reason and expiry required) or close one service of a facility."""
    row, _ = get_facility(uow, actor.agency_id, facility_id)
    service = parse_service(service_text, "service")
    state = parse_state(state_text, "state")
    if state is ServiceState.DIVERSION and until is None:
        raise InvalidInput.for_field("until", "a diversion needs an expiry time")
    status = check_status_change(ServiceStatus(state, reason.strip(), until), uow.clock.now())
    _store_status(uow, row, service, status, actor)
    audit.record(
        uow,
        actor,
        "status",
        "facility",
        row.id,
        {
            "service": service.value,
            "state": state.name,
            "reason": status.reason,
            "until": until.isoformat() if until else None,
        },
    )
    uow.emit(
        actor.agency_id,
        FacilityStatusChanged(
            row.id,
            row.name,
            service.value,
            state.name.lower(),
            status.reason,
            until.isoformat() if until else None,
        ),
    )
    uow.commit()
    return status


def _store_status(
    uow: UnitOfWork, row: FacilityRow, service: Service, status: ServiceStatus, actor: Actor | None
) -> None:
    existing = uow.session.get(FacilityStatusRow, (row.id, service.value))
    if status.state is ServiceState.OPEN:
        if existing is not None:
            uow.session.delete(existing)
        return
    if existing is None:
        existing = FacilityStatusRow(
            facility_id=row.id, service=service.value, agency_id=row.agency_id
        )
        uow.session.add(existing)
    existing.state, existing.reason, existing.until = status.state.name, status.reason, status.until
    existing.changed_by = actor.user_id if actor else None
    existing.changed_at = uow.clock.now()
