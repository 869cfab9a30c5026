"""The dispatch services on the in-memory double: every behaviour of the table, no database.

The same table runs on SQLite and PostgreSQL in ``tests/integration/test_dispatch_storage.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest

from dispatch_behaviours import BEHAVIOURS, START, STATIONS, World
from goldenhour.adapters.db.dispatch_memory import CrewShift, InMemoryDispatch
from goldenhour.domain.accounts.roles import Actor, Role
from goldenhour.domain.dispatch.records import Unit
from goldenhour.services.clock import SettableClock
from goldenhour.services.units.fleet import plan_fleet

AGENCY, OTHER_AGENCY = 1, 2
CREW_PROVIDER = 7


def memory_world() -> World:
    """The behaviours' world in dictionaries: the units ``plan_fleet`` plans, staffed."""
    clock = SettableClock(START)
    work = InMemoryDispatch(clock)
    tables = work.dispatch.tables
    for n, plan in enumerate(plan_fleet(STATIONS, 2), start=1):
        tables.units[n] = Unit(
            id=n,
            agency_id=AGENCY,
            call_sign=plan.call_sign,
            unit_type=plan.unit_type,
            derived_level=plan.level,
            status="available",
            lon=plan.lon,
            lat=plan.lat,
            position_at=START,
        )
    tables.usernames.update({1: "disp", 2: "crew", 3: "other"})
    tables.providers[2] = CREW_PROVIDER
    tables.shifts.append(CrewShift(CREW_PROVIDER, 1, START - timedelta(hours=1)))
    work.commit()
    return World(
        work=lambda: work,
        clock=clock,
        dispatcher=Actor(1, AGENCY, "disp", (Role.DISPATCHER,)),
        crew=Actor(2, AGENCY, "crew", (Role.CREW,)),
        stranger=Actor(3, OTHER_AGENCY, "other", (Role.DISPATCHER,)),
        units=[1, 2],
        events=lambda: [event.name for _, event in work.published],
    )


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.__name__)
def test_dispatch_behaves_the_same_on_the_in_memory_double(
    behaviour: Callable[[World], None],
) -> None:
    behaviour(memory_world())


def test_what_an_action_saved_but_did_not_commit_is_forgotten_by_the_double() -> None:
    world = memory_world()
    with world.work() as w:
        unit = w.dispatch.units.lock(AGENCY, 1)
        w.dispatch.units.save(replace(unit, status="out_of_service"))
        assert w.dispatch.units.lock(AGENCY, 1).status == "out_of_service"
    assert world.unit_status() == ("available", None)
