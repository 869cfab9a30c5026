"""Two dispatchers racing for one unit, over real HTTP on a real server, on both databases.

Each round, two threads wait at a barrier and then assign the same unit to two different
calls at the same moment. Exactly one wins (201); the other gets a 409 that names the winning
incident and dispatcher; and the database never holds two active assignments for one unit.
"""

from __future__ import annotations

import threading
from typing import Any

import httpx2 as httpx
import pytest
from dispatch_world import MakeUser, World, demo_region
from fastapi.testclient import TestClient
from live_server import serving
from sqlalchemy import func, select

from goldenhour.adapters.db.tables import AssignmentRow
from goldenhour.api.app import create_app
from goldenhour.config import Settings

FALLS = "2301033"
ROUNDS = 4


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    return World(app_client, make_user("sup", "supervisor"), demo_region(settings))


def race(
    base: str, unit: int, calls: dict[str, int], dispatchers: dict[str, dict[str, str]]
) -> dict[str, Any]:
    """Each dispatcher assigns ``unit`` to their own call, all released at the same instant."""
    barrier = threading.Barrier(len(calls))
    results: dict[str, Any] = {}

    def assign(name: str) -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            barrier.wait()
            results[name] = client.post(
                f"/api/v1/incidents/{calls[name]}/assignments",
                json={"unit_id": unit},
                headers=dispatchers[name],
            )

    threads = [threading.Thread(target=assign, args=(name,)) for name in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_racing_dispatchers_get_one_winner_and_a_409_naming_it(
    world: World, app_client: TestClient, make_user: MakeUser, settings: Settings
) -> None:
    dispatchers = {name: make_user(name, "dispatcher") for name in ("ann", "bob")}
    units = [world.unit(f"M{i}", "ALS", at=world.place("Station 1")) for i in range(ROUNDS)]
    with serving(create_app(settings)) as base:  # a second worker on the same database
        for unit in units:
            calls = {name: world.call(FALLS, world.place("Old Town"))["id"] for name in dispatchers}
            results = race(base, unit, calls, dispatchers)
            codes = sorted(r.status_code for r in results.values())
            assert codes == [201, 409], {n: r.text for n, r in results.items()}
            winner = next(n for n, r in results.items() if r.status_code == 201)
            loser = next(n for n, r in results.items() if r.status_code == 409)
            detail = results[loser].json()["detail"]
            assert f"incident {calls[winner]}" in detail and f"by {winner}" in detail
            loser_call = world.get(f"/incidents/{calls[loser]}").json()
            assert loser_call["status"] == "pending" and loser_call["assignments"] == []
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.unit_of_work() as uow:
        per_unit = uow.session.execute(
            select(AssignmentRow.unit_id, func.count())
            .where(AssignmentRow.cleared_at.is_(None))
            .group_by(AssignmentRow.unit_id)
        ).all()
    assert sorted(u for u, _ in per_unit) == sorted(units)
    assert all(n == 1 for _, n in per_unit)  # no unit on two incidents


def test_the_database_itself_refuses_a_second_active_assignment(
    world: World, app_client: TestClient
) -> None:
    """The partial unique index is the backstop for any writer that skipped the lock."""
    from sqlalchemy.exc import IntegrityError

    from goldenhour.adapters.db.types import utcnow

    unit = world.unit("M1", "ALS", at=world.place("Station 1"))
    first, second = (world.call(FALLS, world.place("Old Town"))["id"] for _ in range(2))
    assert world.assign(first, unit).status_code == 201
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.unit_of_work() as uow:
        agency_id = uow.session.get(AssignmentRow, 1).agency_id
        uow.session.add(
            AssignmentRow(
                agency_id=agency_id,
                incident_id=second,
                unit_id=unit,
                role="transport",
                mode="emergent",
                assigned_at=utcnow(),
            )
        )
        with pytest.raises(IntegrityError):
            uow.session.flush()
