"""The in-memory double of dispatch's storage, run beside the real repositories in the tests.

``InMemoryDispatch`` is a ``DispatchWork`` (``services.dispatch.ports``) holding dispatch's
records in dictionaries: the same dispatch services run on it with no database, and the
behaviour table in ``tests/dispatch_behaviours.py`` runs every behaviour on it, SQLite and
PostgreSQL alike, so the double cannot drift from the real thing unnoticed. Like a database
it hands out copies (a change counts once saved), keeps one active assignment per unit,
scopes every load by id to the agency, and forgets what was not committed when an action
ends (``with work: ...``).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, TypeVar

from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.assignment import PENDING
from goldenhour.domain.dispatch.intake import OpenCall
from goldenhour.domain.dispatch.records import Assignment, Incident, IncidentTime, Unit
from goldenhour.domain.shared.errors import Conflict, NotFound
from goldenhour.domain.shared.events import Event


class Clock(Protocol):
    def now(self) -> datetime: ...


@dataclass(frozen=True)
class CrewShift:
    provider_id: int
    unit_id: int
    start: datetime
    end: datetime | None = None


@dataclass
class _Tables:
    incidents: dict[int, Incident] = field(default_factory=dict)
    units: dict[int, Unit] = field(default_factory=dict)
    assignments: dict[int, Assignment] = field(default_factory=dict)
    times: list[IncidentTime] = field(default_factory=list)
    usernames: dict[int, str] = field(default_factory=dict)
    providers: dict[int, int] = field(default_factory=dict)  # user id -> provider id
    shifts: list[CrewShift] = field(default_factory=list)


R = TypeVar("R", Incident, Unit)


def _in_agency(rows: dict[int, R], row_id: int, agency_id: int, what: str) -> R:
    row = rows.get(row_id)
    if row is None or row.agency_id != agency_id:
        raise NotFound(f"{what}: no {what} {row_id} in your agency")
    return replace(row)


class MemoryIncidents:
    def __init__(self, tables: _Tables) -> None:
        self.t = tables

    def add(self, incident: Incident) -> Incident:
        incident.id = max(self.t.incidents, default=0) + 1
        self.t.incidents[incident.id] = replace(incident)
        return incident

    def get(self, agency_id: int, incident_id: int) -> Incident:
        return _in_agency(self.t.incidents, incident_id, agency_id, "incident")

    def save(self, incident: Incident) -> None:
        self.t.incidents[incident.id] = replace(incident)

    def page(
        self, agency_id: int, statuses: Sequence[str], limit: int, before_id: int | None
    ) -> list[Incident]:
        found = [
            replace(i)
            for i in sorted(self.t.incidents.values(), key=lambda i: -i.id)
            if i.agency_id == agency_id
            and (not statuses or i.status in statuses)
            and (before_id is None or i.id < before_id)
        ]
        return found[:limit]

    def by_external_id(self, agency_id: int, external_id: str) -> Incident | None:
        return next(
            (
                replace(i)
                for i in self.t.incidents.values()
                if i.agency_id == agency_id and i.external_id == external_id
            ),
            None,
        )

    def received_between(
        self,
        agency_id: int,
        start: datetime,
        end: datetime,
        statuses: Sequence[str],
        area: tuple[float, float, float, float],
    ) -> list[OpenCall]:
        west, south, east, north = area
        return [
            OpenCall(i.id, i.lon, i.lat, i.received_at)
            for i in self.t.incidents.values()
            if i.agency_id == agency_id and i.status in statuses and start <= i.received_at <= end
            if i.lon is not None and i.lat is not None
            if west <= i.lon <= east and south <= i.lat <= north
        ]

    def pending(self, agency_id: int) -> list[Incident]:
        return [
            replace(i)
            for i in self.t.incidents.values()
            if i.agency_id == agency_id and i.status == PENDING
        ]

    def waiting_count(self) -> int:
        return sum(i.status == PENDING for i in self.t.incidents.values())

    def stamp(self, times: Iterable[IncidentTime]) -> None:
        for t in times:
            self.t.times.append(replace(t, id=len(self.t.times) + 1))

    def times_of(self, incident_id: int) -> list[IncidentTime]:
        return [t for t in self.t.times if t.incident_id == incident_id]


class MemoryUnits:
    def __init__(self, tables: _Tables) -> None:
        self.t = tables

    def lock(self, agency_id: int, unit_id: int) -> Unit:
        unit = _in_agency(self.t.units, unit_id, agency_id, "unit")
        if not unit.active:
            raise NotFound(f"unit: no unit {unit_id} in your agency")
        return unit

    def save(self, unit: Unit) -> None:
        stored = self.t.units[unit.id]
        stored.status, stored.status_at, stored.incident_id = (
            unit.status,
            unit.status_at,
            unit.incident_id,
        )
        stored.posted_station, stored.posted_at = unit.posted_station, unit.posted_at

    def active(self, agency_id: int) -> list[Unit]:
        return [
            replace(u)
            for _, u in sorted(self.t.units.items())
            if u.agency_id == agency_id and u.active
        ]

    def provider_of(self, user_id: int) -> int | None:
        return self.t.providers.get(user_id)

    def crewed_by(self, provider_id: int, at: datetime) -> Unit | None:
        on = [
            s
            for s in self.t.shifts
            if s.provider_id == provider_id and s.start <= at and (s.end is None or s.end > at)
        ]
        if not on:
            return None
        return replace(self.t.units[max(on, key=lambda s: s.start).unit_id])


class MemoryAssignments:
    def __init__(self, tables: _Tables) -> None:
        self.t = tables

    def add(self, assignment: Assignment) -> Assignment:
        if self.active_for_unit(assignment.unit_id) is not None:
            raise Conflict(f"unit_id: unit {assignment.unit_id} was just assigned by someone else")
        assignment.id = max(self.t.assignments, default=0) + 1
        self.t.assignments[assignment.id] = replace(assignment)
        return assignment

    def save(self, assignment: Assignment) -> None:
        self.t.assignments[assignment.id] = replace(assignment)

    def active_for_unit(self, unit_id: int) -> Assignment | None:
        found = [
            a for a in self.t.assignments.values() if a.unit_id == unit_id and a.cleared_at is None
        ]
        return replace(found[0]) if found else None

    def of_incident(self, incident_id: int, active_only: bool = False) -> list[Assignment]:
        return [
            replace(a)
            for _, a in sorted(self.t.assignments.items())
            if a.incident_id == incident_id and not (active_only and a.cleared_at is not None)
        ]


class MemoryDispatchStore:
    def __init__(self) -> None:
        self.tables = _Tables()
        self._bind()

    def _bind(self) -> None:
        self.incidents = MemoryIncidents(self.tables)
        self.units = MemoryUnits(self.tables)
        self.assignments = MemoryAssignments(self.tables)

    def username(self, user_id: int) -> str | None:
        return self.tables.usernames.get(user_id)

    def snapshot(self) -> _Tables:
        return copy.deepcopy(self.tables)

    def restore(self, tables: _Tables) -> None:
        self.tables = tables
        self._bind()


@dataclass(frozen=True)
class AuditLine:
    user_id: int
    action: str
    entity_type: str
    entity_id: str
    detail: dict[str, Any]


class InMemoryDispatch:
    """Dispatch's unit of work on ``MemoryDispatchStore``; ``published`` holds committed
    events (agency id, event), ``audited`` the audit lines, ``transports`` the units whose
    destination was told a patient is coming."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.dispatch = MemoryDispatchStore()
        self.published: list[tuple[int, Event]] = []
        self.audited: list[AuditLine] = []
        self.transports: list[int] = []
        self._pending: list[tuple[int, Event]] = []
        self._audit_pending: list[AuditLine] = []
        self._committed = self.dispatch.snapshot()

    def __enter__(self) -> InMemoryDispatch:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    def emit(self, agency_id: int, event: Event) -> None:
        self._pending.append((agency_id, event))

    def audit(
        self,
        actor: Actor,
        action: str,
        entity_type: str,
        entity_id: object,
        detail: dict[str, Any] | None = None,
    ) -> None:
        line = AuditLine(actor.user_id, action, entity_type, str(entity_id), detail or {})
        self._audit_pending.append(line)

    def transporting(self, unit: Unit, travel: object) -> None:
        self.transports.append(unit.id)

    def commit(self) -> None:
        self.published += self._pending
        self.audited += self._audit_pending
        self._pending, self._audit_pending = [], []
        self._committed = self.dispatch.snapshot()

    def rollback(self) -> None:
        self._pending, self._audit_pending = [], []
        self.dispatch.restore(copy.deepcopy(self._committed))

    @contextmanager
    def reading(self) -> Iterator[None]:
        yield  # nothing here waits for a lock
