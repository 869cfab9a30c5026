"""What dispatch does, written once and run on every storage behind it.

Each behaviour drives the dispatch services (take call, triage, recommend, assign, divert,
status changes through close, cancel) through ``DispatchWork`` and checks what a dispatcher
would see. ``tests/unit/test_dispatch_services.py`` runs the table on the in-memory double
(no database); ``tests/integration/test_dispatch_storage.py`` runs the same table on SQLite and
PostgreSQL, so the double and the real repositories are held to one specification.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from goldenhour.adapters.refdata.triage_protocol import default_protocol
from goldenhour.adapters.routing import StraightLineTravelTimes
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.assignment import CANCELLED, CLOSED, OPEN, PENDING
from goldenhour.domain.dispatch.codes import TimeElement as T
from goldenhour.domain.shared.errors import Conflict, Forbidden, NotFound
from goldenhour.services.clock import SettableClock
from goldenhour.services.dispatch import assignment, incidents, intake, pending, recommendations
from goldenhour.services.dispatch.ports import DispatchWork
from goldenhour.services.dispatch.setup import DispatchSetup
from goldenhour.services.units import timeline

FALLS = "2301033"  # priority 4, BLS transport
CARDIAC_ARREST = "2301019"  # priority 1, ALS: first response + ALS transport
STATIONS = [("Station 1", -122.4194, 37.7749), ("Station 2", -122.4394, 37.7649)]
SCENE = (-122.4094, 37.7849)
START = datetime(2026, 3, 1, 14, 0, tzinfo=UTC)
SETUP = DispatchSetup(protocol=default_protocol(), travel=StraightLineTravelTimes())


@dataclass
class World:
    """An agency with a dispatcher, a crew member on the first unit's crew, two staffed units
    at their stations, and a dispatcher of another agency."""

    work: Callable[[], AbstractContextManager[DispatchWork]]
    clock: SettableClock
    dispatcher: Actor
    crew: Actor
    stranger: Actor
    units: list[int]
    events: Callable[[], list[str]]  # names of the committed events, in order

    def call(self, reason: str = FALLS) -> int:
        with self.work() as w:
            return intake.take_call(
                w, self.dispatcher, SETUP, intake.Call(*SCENE, dispatch_reason=reason)
            ).incident.id

    def assign(self, incident_id: int, unit: int = 0, divert: bool = False) -> None:
        with self.work() as w:
            assignment.assign_unit(
                w, self.dispatcher, SETUP, incident_id, self.units[unit], allow_divert=divert
            )

    def move(self, status: str, unit: int = 0, after_s: float = 60) -> datetime:
        at = self.clock.advance(after_s)
        with self.work() as w:
            timeline.change_status(w, self.dispatcher, SETUP, self.units[unit], status)
        return at

    def incident(self, incident_id: int) -> tuple[str, datetime | None]:
        with self.work() as w:
            found = incidents.get_incident(w, self.dispatcher.agency_id, incident_id)
        return found.status, found.closed_at

    def times(self, incident_id: int) -> list[tuple[str, int | None, datetime]]:
        with self.work() as w:
            return [(t.element, t.unit_id, t.at) for t in incidents.times_of(w, incident_id)]

    def unit_status(self, unit: int = 0) -> tuple[str, int | None]:
        with self.work() as w:
            found = w.dispatch.units.lock(self.dispatcher.agency_id, self.units[unit])
        return found.status, found.incident_id


def a_call_waits_in_the_queue_stamped_and_announced_with_a_unit(world: World) -> None:
    received = world.clock.now()
    incident_id = world.call()
    assert world.incident(incident_id) == (PENDING, None)
    assert world.times(incident_id) == [
        (T.PSAP_CALL, None, received),
        (T.DISPATCH_NOTIFIED, None, received),
    ]
    assert world.events()[:3] == ["IncidentCreated", "IncidentTriaged", "UnitRecommended"]
    with world.work() as w:
        queued = pending.queue(w, world.dispatcher.agency_id)
    assert [i.id for i in queued] == [incident_id]


def the_queue_puts_the_most_urgent_call_first(world: World) -> None:
    falls = world.call(FALLS)
    world.clock.advance(30)
    arrest = world.call(CARDIAC_ARREST)
    with world.work() as w:
        assert [i.id for i in pending.queue(w, world.dispatcher.agency_id)] == [arrest, falls]
        assert pending.waiting_count(w) == 2


def a_call_runs_from_assignment_to_close_with_its_nemsis_times(world: World) -> None:
    incident_id = world.call()
    notified = world.clock.advance(45)
    world.assign(incident_id)
    assert world.incident(incident_id) == (OPEN, None)
    assert world.unit_status() == ("dispatched", incident_id)
    unit = world.units[0]
    moved = {s: world.move(s) for s in ("en_route", "on_scene", "at_patient", "returning")}
    assert world.times(incident_id)[2:] == [
        (T.UNIT_NOTIFIED, unit, notified),
        (T.EN_ROUTE, unit, moved["en_route"]),
        (T.ON_SCENE, unit, moved["on_scene"]),
        (T.AT_PATIENT, unit, moved["at_patient"]),
        (T.LEFT_SCENE, unit, moved["returning"]),
        (T.BACK_IN_SERVICE, unit, moved["returning"]),
    ]
    assert world.incident(incident_id) == (CLOSED, moved["returning"])
    with world.work() as w:
        (held,) = assignment.assignments_of(w, incident_id)
    assert held.cleared_at == moved["returning"]
    world.move("available")
    assert world.unit_status() == ("available", None)


def a_unit_on_another_call_is_refused_naming_who_holds_it(world: World) -> None:
    first, second = world.call(), world.call()
    world.assign(first)
    with pytest.raises(Conflict, match=f"already assigned to incident {first} as .* by disp"):
        world.assign(second)
    assert world.unit_status() == ("dispatched", first)
    assert world.incident(second) == (PENDING, None)


def a_responding_unit_is_diverted_to_a_more_urgent_call(world: World) -> None:
    falls = world.call(FALLS)
    world.assign(falls)
    world.move("en_route")
    arrest = world.call(CARDIAC_ARREST)
    world.assign(arrest, divert=True)
    assert world.unit_status() == ("dispatched", arrest)
    assert world.incident(falls) == (PENDING, None)  # back in the queue, waiting for a unit
    with world.work() as w:
        (left,) = assignment.assignments_of(w, falls)
        found = recommendations.for_incident(
            w, SETUP, incidents.get_incident(w, world.dispatcher.agency_id, falls), w.clock.now()
        )
    assert left.cleared_at is not None
    assert found.open_roles, "the diverted call needs a unit again"


def a_cancelled_call_turns_its_responding_units_back(world: World) -> None:
    incident_id = world.call()
    world.assign(incident_id)
    world.clock.advance(20)
    with world.work() as w:
        assignment.cancel_incident(w, world.dispatcher, SETUP, incident_id, "caller hung up")
    assert world.incident(incident_id) == (CANCELLED, world.clock.now())
    assert world.unit_status() == ("returning", incident_id)


def a_call_a_unit_reached_cannot_be_cancelled(world: World) -> None:
    incident_id = world.call()
    world.assign(incident_id)
    world.move("en_route")
    world.move("on_scene")
    with world.work() as w, pytest.raises(Conflict, match="clears the call itself"):
        assignment.cancel_incident(w, world.dispatcher, SETUP, incident_id, "not needed")
    assert world.incident(incident_id) == (OPEN, None)


def new_answers_raise_the_priority_and_keep_the_unit_on_the_call(world: World) -> None:
    incident_id = world.call(FALLS)
    world.assign(incident_id)
    with world.work() as w:
        found = incidents.retriage_call(w, world.dispatcher, SETUP, incident_id, {}, CARDIAC_ARREST)
        again = incidents.get_incident(w, world.dispatcher.agency_id, incident_id)
    assert (again.dispatch_reason, again.priority) == (CARDIAC_ARREST, 1)
    assert [k.assignment.unit_id for k in found.matching.kept] == [str(world.units[0])]
    assert "IncidentTriaged" in world.events()[-1:]


def a_freed_unit_is_offered_the_waiting_call(world: World) -> None:
    first = world.call()
    world.assign(first, unit=0)
    world.assign(first, unit=1)
    waiting = world.call()
    world.move("en_route")
    world.move("on_scene")
    world.move("returning")  # unit 0 left the scene: on the radio again
    names = world.events()
    assert names[-2:] == ["PendingCallsMatched", "UnitRecommended"], names
    assert world.incident(waiting) == (PENDING, None)


def another_agencys_incident_and_unit_are_not_found(world: World) -> None:
    incident_id = world.call()
    with world.work() as w:
        with pytest.raises(NotFound, match="incident"):
            incidents.get_incident(w, world.stranger.agency_id, incident_id)
        with pytest.raises(NotFound, match="unit"):
            assignment.assign_unit(w, world.stranger, SETUP, incident_id, world.units[0])


def a_crew_member_moves_only_their_own_unit(world: World) -> None:
    incident_id = world.call()
    world.assign(incident_id, unit=1)
    with world.work() as w, pytest.raises(Forbidden, match="not on"):
        timeline.change_status(w, world.crew, SETUP, world.units[1], "en_route")
    world.assign(incident_id, unit=0)
    with world.work() as w:
        timeline.change_status(w, world.crew, SETUP, world.units[0], "en_route")
    assert world.unit_status() == ("en_route", incident_id)


BEHAVIOURS = [
    a_call_waits_in_the_queue_stamped_and_announced_with_a_unit,
    the_queue_puts_the_most_urgent_call_first,
    a_call_runs_from_assignment_to_close_with_its_nemsis_times,
    a_unit_on_another_call_is_refused_naming_who_holds_it,
    a_responding_unit_is_diverted_to_a_more_urgent_call,
    a_cancelled_call_turns_its_responding_units_back,
    a_call_a_unit_reached_cannot_be_cancelled,
    new_answers_raise_the_priority_and_keep_the_unit_on_the_call,
    a_freed_unit_is_offered_the_waiting_call,
    another_agencys_incident_and_unit_are_not_found,
    a_crew_member_moves_only_their_own_unit,
]
