"""Dispatch's repositories on SQLite and PostgreSQL: rows in, ``domain.dispatch.records`` out.

They implement ``services.dispatch.ports`` structurally (adapters import no service). Every
load by id goes through ``agency_rows.in_agency``, so another agency's record is as absent as
one that does not exist. A save copies what dispatch changes back onto the row the session
already holds (the identity map makes that a dictionary lookup, not a query); the unit of
work's commit writes it. Unit locks take the write-order lock first (``engine.serialize``),
and the partial unique index on active assignments turns a second active assignment of one
unit into a ``Conflict`` even for a writer that forgot the lock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from goldenhour.adapters.db.agency_rows import in_agency
from goldenhour.adapters.db.engine import serialize
from goldenhour.adapters.db.tables import (
    AssignmentRow,
    CrewAssignmentRow,
    IncidentRow,
    IncidentTimeRow,
    UnitRow,
    User,
)
from goldenhour.domain.dispatch.assignment import PENDING
from goldenhour.domain.dispatch.intake import OpenCall
from goldenhour.domain.dispatch.records import Assignment, Incident, IncidentTime, Unit
from goldenhour.domain.shared.errors import Conflict, NotFound

_INCIDENT = tuple(f.name for f in fields(Incident))
_ASSIGNMENT = tuple(f.name for f in fields(Assignment))
_UNIT = tuple(f.name for f in fields(Unit))
_UNITS = UnitRow.__table__.c
# Read for every call: a plain Core statement built once, so neither ORM loading nor working
# out the statement's cache key again is paid per call.
_ACTIVE_UNITS = (
    select(*(_UNITS[name] for name in _UNIT))
    .where(_UNITS.agency_id == bindparam("agency_id"), _UNITS.active.is_(True))
    .order_by(_UNITS.id)
)
_INCIDENTS = IncidentRow.__table__.c
_NEW_INCIDENT = insert(IncidentRow.metadata.tables[IncidentRow.__tablename__]).returning(
    _INCIDENTS.id
)
_NEW_TIMES = insert(IncidentTimeRow.metadata.tables[IncidentTimeRow.__tablename__])
# Read for every call taken (the duplicate check): only what the check needs.
_OPEN_NEAR = select(_INCIDENTS.id, _INCIDENTS.lon, _INCIDENTS.lat, _INCIDENTS.received_at).where(
    _INCIDENTS.agency_id == bindparam("agency_id"),
    _INCIDENTS.status.in_(bindparam("statuses", expanding=True)),
    _INCIDENTS.received_at.between(bindparam("start"), bindparam("end")),
    _INCIDENTS.lon.between(bindparam("west"), bindparam("east")),
    _INCIDENTS.lat.between(bindparam("south"), bindparam("north")),
)
_UNIT_CHANGES = ("status", "status_at", "incident_id", "posted_station", "posted_at")
_ASSIGNMENT_CHANGES = ("role", "mode", "cleared_at")


def _copy(source: object, target: object, names: Iterable[str]) -> None:
    for name in names:
        setattr(target, name, getattr(source, name))


def incident_of(row: IncidentRow) -> Incident:
    return Incident(**{name: getattr(row, name) for name in _INCIDENT})


def assignment_of(row: AssignmentRow) -> Assignment:
    return Assignment(**{name: getattr(row, name) for name in _ASSIGNMENT})


def unit_of(row: UnitRow) -> Unit:
    return Unit(**{name: getattr(row, name) for name in _UNIT})


def _time_of(row: IncidentTimeRow) -> IncidentTime:
    return IncidentTime(
        id=row.id,
        agency_id=row.agency_id,
        incident_id=row.incident_id,
        unit_id=row.unit_id,
        element=row.element,
        at=row.at,
    )


class SqlIncidents:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, incident: Incident) -> Incident:
        """One INSERT ... RETURNING id, as a Core statement: no ORM object to track for a call
        written once here (a later change loads the row)."""
        values: dict[str, Any] = {n: getattr(incident, n) for n in _INCIDENT if n != "id"}
        incident.id = self.session.execute(_NEW_INCIDENT, values).scalar_one()
        return incident

    def get(self, agency_id: int, incident_id: int) -> Incident:
        row = in_agency(
            self.session, IncidentRow, incident_id, agency_id, "incident", "incident", fresh=True
        )
        return incident_of(row)

    def save(self, incident: Incident) -> None:
        row = self.session.get(IncidentRow, incident.id)
        assert row is not None, "an incident is saved after it was loaded or added"
        _copy(incident, row, (n for n in _INCIDENT if n != "id"))

    def page(
        self, agency_id: int, statuses: Sequence[str], limit: int, before_id: int | None
    ) -> list[Incident]:
        query = select(IncidentRow).where(IncidentRow.agency_id == agency_id)
        if statuses:
            query = query.where(IncidentRow.status.in_(list(statuses)))
        if before_id is not None:
            query = query.where(IncidentRow.id < before_id)
        rows = self.session.scalars(query.order_by(IncidentRow.id.desc()).limit(limit))
        return [incident_of(r) for r in rows]

    def by_external_id(self, agency_id: int, external_id: str) -> Incident | None:
        row = self.session.scalar(
            select(IncidentRow).where(
                IncidentRow.agency_id == agency_id, IncidentRow.external_id == external_id
            )
        )
        return None if row is None else incident_of(row)

    def received_between(
        self,
        agency_id: int,
        start: datetime,
        end: datetime,
        statuses: Sequence[str],
        area: tuple[float, float, float, float],
    ) -> list[OpenCall]:
        west, south, east, north = area
        rows = self.session.execute(
            _OPEN_NEAR,
            {
                "agency_id": agency_id,
                "statuses": list(statuses),
                "start": start,
                "end": end,
                "west": west,
                "east": east,
                "south": south,
                "north": north,
            },
        )
        return [OpenCall(*row) for row in rows]

    def pending(self, agency_id: int) -> list[Incident]:
        rows = self.session.scalars(
            select(IncidentRow).where(
                IncidentRow.agency_id == agency_id, IncidentRow.status == PENDING
            )
        )
        return [incident_of(r) for r in rows]

    def waiting_count(self) -> int:
        found = self.session.scalar(
            select(func.count()).select_from(IncidentRow).where(IncidentRow.status == PENDING)
        )
        return int(found or 0)

    def stamp(self, times: Iterable[IncidentTime]) -> None:
        """One INSERT for the stamps (no ORM objects: nothing reads them back as such)."""
        rows = [
            {
                "agency_id": t.agency_id,
                "incident_id": t.incident_id,
                "unit_id": t.unit_id,
                "element": t.element,
                "at": t.at,
            }
            for t in times
        ]
        if rows:
            self.session.execute(_NEW_TIMES, rows)

    def times_of(self, incident_id: int) -> list[IncidentTime]:
        rows = self.session.scalars(
            select(IncidentTimeRow)
            .where(IncidentTimeRow.incident_id == incident_id)
            .order_by(IncidentTimeRow.id)
        )
        return [_time_of(r) for r in rows]


class SqlUnits:
    def __init__(self, session: Session) -> None:
        self.session = session

    def lock(self, agency_id: int, unit_id: int) -> Unit:
        serialize(self.session)
        row = in_agency(self.session, UnitRow, unit_id, agency_id, "unit", "unit", fresh=True)
        if not row.active:
            raise NotFound(f"unit: no unit {unit_id} in your agency")
        return unit_of(row)

    def save(self, unit: Unit) -> None:
        row = self.session.get(UnitRow, unit.id)
        assert row is not None, "a unit is saved after it was locked"
        _copy(unit, row, _UNIT_CHANGES)
        self.session.flush()

    def active(self, agency_id: int) -> list[Unit]:
        """One plain row per unit (cheaper than 300 ORM objects, read for every call); the
        session writes its pending changes first, so a unit changed in this unit of work is
        read as changed."""
        rows = self.session.execute(_ACTIVE_UNITS, {"agency_id": agency_id}).all()  # one fetch
        return [Unit(**dict(zip(_UNIT, row, strict=True))) for row in rows]

    def provider_of(self, user_id: int) -> int | None:
        return self.session.scalar(select(User.provider_id).where(User.id == user_id))

    def crewed_by(self, provider_id: int, at: datetime) -> Unit | None:
        row = self.session.scalar(
            select(UnitRow)
            .join(CrewAssignmentRow, CrewAssignmentRow.unit_id == UnitRow.id)
            .where(
                CrewAssignmentRow.provider_id == provider_id,
                CrewAssignmentRow.start <= at,
                or_(CrewAssignmentRow.end.is_(None), CrewAssignmentRow.end > at),
            )
            .order_by(CrewAssignmentRow.start.desc())
            .limit(1)
        )
        return unit_of(row) if row is not None else None


class SqlAssignments:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, assignment: Assignment) -> Assignment:
        values: dict[str, Any] = {n: getattr(assignment, n) for n in _ASSIGNMENT if n != "id"}
        row = AssignmentRow(**values)
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError:  # only reachable by a writer that skipped the lock
            self.session.rollback()
            raise Conflict(
                f"unit_id: unit {assignment.unit_id} was just assigned by someone else"
            ) from None
        assignment.id = row.id
        return assignment

    def save(self, assignment: Assignment) -> None:
        row = self.session.get(AssignmentRow, assignment.id)
        assert row is not None, "an assignment is saved after it was loaded or added"
        _copy(assignment, row, _ASSIGNMENT_CHANGES)

    def active_for_unit(self, unit_id: int) -> Assignment | None:
        row = self.session.scalar(
            select(AssignmentRow)
            .where(AssignmentRow.unit_id == unit_id, AssignmentRow.cleared_at.is_(None))
            .execution_options(populate_existing=True)
        )
        return assignment_of(row) if row is not None else None

    def of_incident(self, incident_id: int, active_only: bool = False) -> list[Assignment]:
        query = select(AssignmentRow).where(AssignmentRow.incident_id == incident_id)
        if active_only:
            query = query.where(AssignmentRow.cleared_at.is_(None))
        return [assignment_of(r) for r in self.session.scalars(query.order_by(AssignmentRow.id))]


class SqlDispatchStore:
    """The dispatch repositories on one session (one unit of work)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.incidents = SqlIncidents(session)
        self.units = SqlUnits(session)
        self.assignments = SqlAssignments(session)

    def username(self, user_id: int) -> str | None:
        return self.session.scalar(select(User.username).where(User.id == user_id))
