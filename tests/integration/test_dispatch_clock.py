"""A call runs through the services on a settable clock: the NEMSIS times are the clock's.

No service reads the wall clock; each reads the clock its unit of work carries. Here time moves
only when the test moves it, so every time the call → assign → en route → on scene → at patient
→ clear → close run stamps is known exactly (NEMSIS v3.5.1 eTimes.01-.13), on SQLite and
PostgreSQL alike, and the whole run takes no real time at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.adapters.refdata.triage_protocol import default_protocol
from goldenhour.adapters.routing import StraightLineTravelTimes
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.assignment import CLOSED
from goldenhour.domain.dispatch.codes import TimeElement as T
from goldenhour.services.accounts import users as accounts
from goldenhour.services.clock import SettableClock
from goldenhour.services.dispatch import assignment, incidents, intake
from goldenhour.services.dispatch.setup import DispatchSetup
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units import fleet
from goldenhour.services.units import timeline as unit_timeline

FALLS = "2301033"  # priority 4, BLS transport
STATION = ("Station 1", -122.4194, 37.7749)
SCENE = (-122.4094, 37.7849)
START = datetime(2026, 3, 1, 14, 0, tzinfo=UTC)


def test_a_call_is_stamped_with_the_settable_clocks_times_from_call_to_close(
    sessions: sessionmaker[Session],
) -> None:
    clock = SettableClock(START)

    def uow() -> UnitOfWork:
        return UnitOfWork(sessions, InProcessBus(), clock)

    setup = DispatchSetup(protocol=default_protocol(), travel=StraightLineTravelTimes())
    dispatcher, crew, unit_id = world(uow, clock)

    def at(seconds: int) -> datetime:
        clock.set(START + timedelta(seconds=seconds))
        return clock.now()

    received = at(0)
    with uow() as u:
        incident_id = intake.take_call(
            u, dispatcher, setup, intake.Call(*SCENE, dispatch_reason=FALLS)
        ).incident.id
    notified = at(45)
    with uow() as u:
        assignment.assign_unit(u, dispatcher, setup, incident_id, unit_id)
    moved = {}
    for seconds, status in (
        (75, "en_route"),
        (480, "on_scene"),
        (540, "at_patient"),
        (1500, "returning"),
    ):
        moved[status] = at(seconds)
        with uow() as u:
            unit_timeline.change_status(u, crew, setup, unit_id, status)
    at(1800)  # the wall clock would say otherwise; nothing below may read it

    with uow() as u:
        incident = incidents.get_incident(u, dispatcher.agency_id, incident_id)
        stamped = [(t.element, t.unit_id, t.at) for t in incidents.times_of(u, incident_id)]
        status, closed_at = incident.status, incident.closed_at

    assert stamped == [
        (T.PSAP_CALL, None, received),
        (T.DISPATCH_NOTIFIED, None, received),
        (T.UNIT_NOTIFIED, unit_id, notified),
        (T.EN_ROUTE, unit_id, moved["en_route"]),
        (T.ON_SCENE, unit_id, moved["on_scene"]),
        (T.AT_PATIENT, unit_id, moved["at_patient"]),
        (T.LEFT_SCENE, unit_id, moved["returning"]),
        (T.BACK_IN_SERVICE, unit_id, moved["returning"]),
    ]
    assert (status, closed_at) == (CLOSED, moved["returning"])


def world(uow: Callable[[], UnitOfWork], clock: SettableClock) -> tuple[Actor, Actor, int]:
    """An agency, a dispatcher and a crew account, and one staffed ambulance at its station."""
    with uow() as u:
        agency = accounts.create_agency(u, "clockwork", "Clockwork EMS", "WA")
    actors = []
    for name, role in (("disp", "dispatcher"), ("crew", "crew")):
        with uow() as u:
            user = accounts.create_user(u, None, agency.id, name, name, "long-password-1", [role])
            actors.append(accounts.actor_of(user))
    with uow() as u:
        (unit,) = fleet.seed_fleet(
            u, None, agency.id, fleet.plan_fleet([STATION], 1), clock.now(), "WA"
        )
        unit_id = unit.id
    return actors[0], actors[1], unit_id
