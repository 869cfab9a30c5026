"""The storage seam of dispatch: what the dispatch services load and save, defined here.

The services never see a database session or a table row: they ask these repositories for
``domain.dispatch.records`` values, change them by the rules and hand them back. The real
repositories are ``adapters.db.dispatch_store`` (SQLite and PostgreSQL, agency scoping written
once); ``adapters.db.dispatch_memory`` is the in-memory double the unit tests run the same
services on. ``DispatchWork`` is the unit of work as dispatch sees it; the database
``UnitOfWork`` is one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any, Protocol

from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.intake import OpenCall
from goldenhour.domain.dispatch.records import Assignment, Incident, IncidentTime, Unit
from goldenhour.domain.shared.events import Event
from goldenhour.services.ports import Clock, TravelTimes


class IncidentRepository(Protocol):
    def add(self, incident: Incident) -> Incident:
        """Store a new incident; it comes back with its id."""
        ...

    def get(self, agency_id: int, incident_id: int) -> Incident:
        """As stored now (another dispatcher may just have changed it); NotFound outside
        the agency."""
        ...

    def save(self, incident: Incident) -> None: ...

    def page(
        self, agency_id: int, statuses: Sequence[str], limit: int, before_id: int | None
    ) -> list[Incident]:
        """Newest first, ids below ``before_id`` (keyset pagination)."""
        ...

    def by_external_id(self, agency_id: int, external_id: str) -> Incident | None:
        """The call stored with this CAD incident number, if any."""
        ...

    def received_between(
        self,
        agency_id: int,
        start: datetime,
        end: datetime,
        statuses: Sequence[str],
        area: tuple[float, float, float, float],
    ) -> list[OpenCall]:
        """Calls in ``statuses`` received from ``start`` to ``end`` with a point in ``area``
        (west, south, east, north): the possible duplicates of a call."""
        ...

    def pending(self, agency_id: int) -> list[Incident]:
        """Calls no unit is on, in no particular order."""
        ...

    def waiting_count(self) -> int:
        """Pending calls across every agency."""
        ...

    def stamp(self, times: Iterable[IncidentTime]) -> None: ...

    def times_of(self, incident_id: int) -> list[IncidentTime]:
        """In the order they were stamped."""
        ...


class UnitRepository(Protocol):
    def lock(self, agency_id: int, unit_id: int) -> Unit:
        """The active unit re-read under the write-order lock; NotFound outside the agency."""
        ...

    def save(self, unit: Unit) -> None:
        """Its status, status time and incident (what dispatch changes)."""
        ...

    def active(self, agency_id: int) -> list[Unit]:
        """The agency's units in service, by id."""
        ...

    def provider_of(self, user_id: int) -> int | None:
        """The provider a crew member's account belongs to (None: not a provider's)."""
        ...

    def crewed_by(self, provider_id: int, at: datetime) -> Unit | None:
        """The unit whose crew the provider is on at ``at``, if any."""
        ...


class AssignmentRepository(Protocol):
    def add(self, assignment: Assignment) -> Assignment:
        """Store it with its id; Conflict if the unit already has an active assignment."""
        ...

    def save(self, assignment: Assignment) -> None: ...

    def active_for_unit(self, unit_id: int) -> Assignment | None: ...

    def of_incident(self, incident_id: int, active_only: bool = False) -> list[Assignment]:
        """In the order the units were sent."""
        ...


class DispatchStore(Protocol):
    @property
    def incidents(self) -> IncidentRepository: ...

    @property
    def units(self) -> UnitRepository: ...

    @property
    def assignments(self) -> AssignmentRepository: ...

    def username(self, user_id: int) -> str | None: ...


class DispatchWork(Protocol):
    """One dispatcher's or crew's action: read, decide, save, then ``commit`` or nothing."""

    @property
    def clock(self) -> Clock: ...

    @property
    def dispatch(self) -> DispatchStore: ...

    def emit(self, agency_id: int, event: Event) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def reading(self) -> AbstractContextManager[None]:
        """A block that only reads: on the database a snapshot that takes no lock, ended when
        the block ends (what it noted for the log is appended at ``commit`` as ever)."""
        ...

    def audit(
        self,
        actor: Actor,
        action: str,
        entity_type: str,
        entity_id: object,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append to the audit log in the same transaction as the change."""
        ...

    def transporting(self, unit: Unit, travel: TravelTimes) -> None:
        """The unit just started transporting: tell its destination a patient is coming."""
        ...
