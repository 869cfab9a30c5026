"""The dispatch behaviour table on SQLite and PostgreSQL: the real repositories.

``tests/unit/test_dispatch_services.py`` runs the same table on the in-memory double.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dispatch_behaviours import BEHAVIOURS, START, STATIONS, World
from goldenhour.adapters.db.tables import CrewAssignmentRow, UnitRow
from goldenhour.domain.shared.events import PublishedEvent
from goldenhour.domain.units.timeline import UnitStatus
from goldenhour.services.accounts import crew_accounts
from goldenhour.services.accounts import users as accounts
from goldenhour.services.clock import SettableClock
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units import fleet


class RecordingBus:
    """Keeps the names of the events a commit published, in order."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def publish(self, events: Sequence[PublishedEvent]) -> None:
        self.names += [e.name for e in events]


def database_world(sessions: sessionmaker[Session]) -> World:
    """The behaviours' world stored through the services, as an agency would set it up."""
    clock, bus = SettableClock(START), RecordingBus()

    def work() -> UnitOfWork:
        return UnitOfWork(sessions, bus, clock)

    with work() as u:
        agency = accounts.create_agency(u, "behaviours", "Behaviour EMS", "WA")
        other = accounts.create_agency(u, "elsewhere", "Elsewhere EMS", "WA")
    actors = []
    for agency_id, name, role in (
        (agency.id, "disp", "dispatcher"),
        (agency.id, "crew", "crew"),
        (other.id, "other", "dispatcher"),
    ):
        with work() as u:
            user = accounts.create_user(u, None, agency_id, name, name, "long-password-1", [role])
            actors.append(accounts.actor_of(user))
    with work() as u:
        units = fleet.seed_fleet(u, None, agency.id, fleet.plan_fleet(STATIONS, 2), START, "WA")
        unit_ids = [unit.id for unit in units]
    with work() as u:
        provider_id = u.session.scalars(
            select(CrewAssignmentRow.provider_id).where(CrewAssignmentRow.unit_id == unit_ids[0])
        ).first()
        assert provider_id is not None
        crew_accounts.link_provider(u, None, agency.id, actors[1].user_id, provider_id)
        u.commit()
    bus.names.clear()
    return World(work, clock, actors[0], actors[1], actors[2], unit_ids, lambda: bus.names)


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.__name__)
def test_dispatch_behaves_the_same_on_the_database(
    behaviour: Callable[[World], None], sessions: sessionmaker[Session]
) -> None:
    behaviour(database_world(sessions))


def test_the_units_a_recommendation_reads_include_a_change_not_yet_written(
    sessions: sessionmaker[Session],
) -> None:
    """A unit changed in this unit of work (and not flushed yet) is read as changed: the
    recommendation of a call re-queued in the same transaction never sees the old status."""
    world = database_world(sessions)
    with world.work() as w:
        assert isinstance(w, UnitOfWork)
        changed, other = (w.session.get(UnitRow, unit_id) for unit_id in world.units)
        assert changed is not None and other is not None
        assert changed.status == other.status == UnitStatus.AVAILABLE.value
        changed.status = UnitStatus.OUT_OF_SERVICE.value
        read = {u.id: u.status for u in w.dispatch.units.active(world.dispatcher.agency_id)}
    assert read == dict(zip(world.units, ("out_of_service", "available"), strict=True))
