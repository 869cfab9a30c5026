"""Units and the crews on them, and the level of care that follows.

A unit's level of care is never typed in: it is derived from the crew on duty (in good standing)
and the unit's equipment under the agency's staffing rules. ``refresh_levels`` re-derives every
unit of an agency and announces each change with ``UnitLevelChanged``; it runs after every crew or
certification change and, for changes that come with time alone (a certification expiring at
midnight, a shift ending), from the periodic sweep in the API process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from goldenhour.adapters.db.agency_rows import in_agency
from goldenhour.adapters.db.engine import serialize
from goldenhour.adapters.db.tables import Agency, CrewAssignmentRow, Provider, UnitRow
from goldenhour.adapters.refdata.scope import known_jurisdictions, load_staffing_rules
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.shared.errors import Conflict, InvalidInput, NotFound
from goldenhour.domain.units.crew_level import (
    CrewAssignment,
    Unit,
    UnitLevel,
    UnitLevelChanged,
    UnitType,
    derive_unit_level,
)
from goldenhour.domain.units.levels_of_care import CareLevel, parse_care_level
from goldenhour.services.accounts import audit
from goldenhour.services.credentials.lookup import credentials_of
from goldenhour.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class UnitView:
    row: UnitRow
    level: UnitLevel
    crew: tuple[CrewAssignmentRow, ...]


def staffing_jurisdiction(state: str) -> str | None:
    """The agency's state when GoldenHour has its rules, otherwise the national defaults."""
    return state if state in known_jurisdictions() else None


def create_unit(
    uow: UnitOfWork,
    actor: Actor,
    call_sign: str,
    unit_type: str,
    equipment: str,
    station: str | None,
) -> UnitRow:
    call_sign = call_sign.strip().upper()
    if not call_sign or len(call_sign) > 20:
        raise InvalidInput.for_field("call_sign", "must be 1-20 characters")
    try:
        kind = UnitType(unit_type)
    except ValueError:
        known = ", ".join(t.value for t in UnitType)
        raise InvalidInput.for_field("unit_type", f"must be one of: {known}") from None
    level = parse_care_level(equipment, "equipment")
    taken = uow.session.scalar(
        select(UnitRow.id).where(
            UnitRow.agency_id == actor.agency_id, UnitRow.call_sign == call_sign
        )
    )
    if taken is not None:
        raise Conflict(f"call_sign: unit {call_sign} already exists")
    row = insert_unit(uow, actor, actor.agency_id, call_sign, kind, level, station)
    uow.commit()
    return row


def insert_unit(
    uow: UnitOfWork,
    actor: Actor | None,
    agency_id: int,
    call_sign: str,
    kind: UnitType,
    equipment: CareLevel,
    station: str | None,
    source: str | None = None,
) -> UnitRow:
    """Add one checked unit (no crew yet, so no level of care); the caller commits."""
    row = UnitRow(
        agency_id=agency_id,
        call_sign=call_sign,
        unit_type=kind.value,
        equipment=equipment.name,
        station=station,
        derived_level=None,
        active=True,
    )
    uow.session.add(row)
    uow.session.flush()
    detail = {"call_sign": call_sign} | ({"source": source} if source else {})
    audit.record(uow, actor, "create", "unit", row.id, detail, agency_id)
    return row


def get_unit(uow: UnitOfWork, actor: Actor, unit_id: int, field: str = "unit") -> UnitRow:
    return in_agency(uow.session, UnitRow, unit_id, actor.agency_id, field, "unit")


def assign_crew(
    uow: UnitOfWork,
    actor: Actor,
    unit_id: int,
    provider_id: int,
    start: datetime | None,
    end: datetime | None,
) -> CrewAssignmentRow:
    """Put a provider on a unit's crew; a provider is never on two units at the same time."""
    unit = get_unit(uow, actor, unit_id)
    provider = in_agency(
        uow.session, Provider, provider_id, actor.agency_id, "provider_id", "provider"
    )
    start = start or uow.clock.now()
    if end is not None and end <= start:
        raise InvalidInput.for_field("end", "must be after start")
    serialize(uow.session)  # two supervisors placing the same person: one wins
    clash = uow.session.scalar(
        select(CrewAssignmentRow).where(
            CrewAssignmentRow.provider_id == provider_id,
            or_(CrewAssignmentRow.end.is_(None), CrewAssignmentRow.end > start),
            *([CrewAssignmentRow.start < end] if end is not None else []),
        )
    )
    if clash is not None:
        other = uow.session.get(UnitRow, clash.unit_id)
        where = other.call_sign if other else clash.unit_id
        raise Conflict(
            f"provider_id: {provider.first_name} {provider.last_name} is already on "
            f"unit {where} from {clash.start.isoformat()}"
        )
    row = CrewAssignmentRow(
        agency_id=actor.agency_id, unit_id=unit.id, provider_id=provider_id, start=start, end=end
    )
    uow.session.add(row)
    uow.session.flush()
    audit.record(
        uow,
        actor,
        "assign",
        "crew",
        row.id,
        {"unit_id": unit.id, "provider_id": provider_id},
    )
    refresh_levels(uow, actor.agency_id, uow.clock.now())
    uow.commit()
    return row


def end_assignment(
    uow: UnitOfWork, actor: Actor, unit_id: int, assignment_id: int, at: datetime | None
) -> CrewAssignmentRow:
    """Take a provider off the unit (going off duty) from ``at`` (default: now)."""
    row = uow.session.get(CrewAssignmentRow, assignment_id)
    if row is None or row.agency_id != actor.agency_id or row.unit_id != unit_id:
        raise NotFound(f"assignment: no crew assignment {assignment_id} on unit {unit_id}")
    at = at or uow.clock.now()
    if at <= row.start:
        raise InvalidInput.for_field("end", "must be after the assignment's start")
    if row.end is not None and row.end <= at:
        raise Conflict(f"assignment: already ended at {row.end.isoformat()}")
    row.end = at
    audit.record(uow, actor, "end", "crew", row.id, {"end": at.isoformat()})
    refresh_levels(uow, actor.agency_id, uow.clock.now())
    uow.commit()
    return row


def unit_views(
    uow: UnitOfWork, agency_id: int, at: datetime, unit_ids: Sequence[int] | None = None
) -> list[UnitView]:
    """Units with their derived level at ``at`` and their current crew."""
    query = select(UnitRow).where(UnitRow.agency_id == agency_id, UnitRow.active.is_(True))
    if unit_ids is not None:
        query = query.where(UnitRow.id.in_(list(unit_ids)))
    units = list(uow.session.scalars(query.order_by(UnitRow.call_sign)))
    crew_rows = list(
        uow.session.scalars(
            select(CrewAssignmentRow).where(
                CrewAssignmentRow.unit_id.in_([u.id for u in units]),
                CrewAssignmentRow.start <= at,
                or_(CrewAssignmentRow.end.is_(None), CrewAssignmentRow.end > at),
            )
        )
    )
    providers = list(
        uow.session.scalars(
            select(Provider).where(Provider.id.in_({c.provider_id for c in crew_rows}))
        )
    )
    credentials = credentials_of(uow, providers)
    state = uow.session.get(Agency, agency_id)
    rules = load_staffing_rules(staffing_jurisdiction(state.state) if state else None)
    # Crews grouped once: scanning every assignment for each unit was most of a 300-unit board's
    # load time.
    crew_of: dict[int, list[CrewAssignmentRow]] = {}
    for c in crew_rows:
        crew_of.setdefault(c.unit_id, []).append(c)
    views = []
    for unit in units:
        crew = tuple(crew_of.get(unit.id, ()))
        members = [
            CrewAssignment(str(unit.id), credentials[c.provider_id], c.start, c.end) for c in crew
        ]
        domain_unit = Unit(str(unit.id), UnitType(unit.unit_type), CareLevel[unit.equipment])
        views.append(UnitView(unit, derive_unit_level(domain_unit, members, rules, at), crew))
    return views


def refresh_levels(uow: UnitOfWork, agency_id: int, at: datetime) -> list[UnitLevelChanged]:
    """Re-derive every unit's level; remember and announce the ones that changed."""
    uow.session.flush()
    changes = []
    for view in unit_views(uow, agency_id, at):
        current = view.level.care_level.name if view.level.care_level else None
        if current == view.row.derived_level:
            continue
        event = UnitLevelChanged(
            view.row.call_sign,
            view.row.derived_level,
            current,
            tuple(r.detail for r in view.level.reasons),
        )
        view.row.derived_level = current
        uow.emit(agency_id, event)
        changes.append(event)
    return changes


def sweep_levels(uow: UnitOfWork, at: datetime) -> int:
    """The periodic pass for changes that come with time alone; returns how many changed."""
    agencies = list(uow.session.scalars(select(Agency.id)))
    changed = sum(len(refresh_levels(uow, agency_id, at)) for agency_id in agencies)
    uow.commit()
    return changed
