"""The unit timeline through HTTP: every invalid transition refused, assignment rules enforced.

The table of invalid moves is the complement of ``domain.unit_status.TRANSITIONS``: for each
status a unit is brought there along valid steps, then every move the state machine does not
list is tried and must be refused with 422 naming both statuses, leaving the unit where it was.
"""

from __future__ import annotations

import pytest
from dispatch_world import MakeUser, World, demo_region
from fastapi.testclient import TestClient

from goldenhour.config import Settings
from goldenhour.domain.units.timeline import TRANSITIONS, UnitStatus

FALLS = "2301033"
STAB = "2301063"  # priority 2


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    return World(app_client, make_user("sup", "supervisor"), demo_region(settings))


def test_every_invalid_status_change_is_refused_naming_both_statuses(world: World) -> None:
    """A skipped step is a missing NEMSIS time: the state machine lists every allowed move."""
    refused = 0
    for n, start in enumerate(UnitStatus):
        unit = world.unit(f"M{n}", "ALS", at=world.place("Station 1"))
        incident = world.call(FALLS, world.place("Old Town"))
        world.bring_to(unit, start.value, incident["id"])
        for target in UnitStatus:
            if (start, target) in TRANSITIONS and target is not UnitStatus.DISPATCHED:
                continue
            response = world.status(unit, target.value)
            assert response.status_code == 422, (start, target, response.text)
            (error,) = response.json()["errors"]
            assert error["field"] == "status"
            if target is UnitStatus.DISPATCHED:
                assert "assigning it to an incident" in error["problem"]
            else:
                assert f"from {start.value} to {target.value}" in error["problem"]
            refused += 1
        board = {u["unit_id"]: u["status"] for u in world.get("/units/positions").json()["items"]}
        assert board[unit] == start.value  # a refused move changed nothing
    # 9 statuses x 9 targets, less the allowed moves (dispatch only by assignment).
    allowed_by_status = sum(1 for (_, to) in TRANSITIONS if to is not UnitStatus.DISPATCHED)
    assert refused == len(UnitStatus) ** 2 - allowed_by_status


def test_an_unknown_status_and_a_time_in_the_future_are_refused(world: World) -> None:
    unit = world.unit("M1", "ALS", at=world.place("Station 1"))
    bad = world.post(f"/units/{unit}/status", {"status": "flying"}).json()
    assert bad["errors"][0]["field"] == "status" and "unknown status" in bad["errors"][0]["problem"]
    later = world.post(
        f"/units/{unit}/status", {"status": "out_of_service", "at": "2099-01-01T00:00:00Z"}
    ).json()
    assert later["errors"][0]["field"] == "at"


def test_a_busy_or_out_of_service_unit_cannot_be_assigned(world: World) -> None:
    busy = world.unit("M1", "ALS", at=world.place("Station 1"))
    down = world.unit("M2", "ALS", at=world.place("Station 2"))
    first = world.call(FALLS, world.place("Old Town"))
    second = world.call(FALLS, world.place("Market Street"))
    assert world.assign(first["id"], busy).status_code == 201
    taken = world.assign(second["id"], busy)
    assert taken.status_code == 409
    assert f"already assigned to incident {first['id']}" in taken.json()["detail"]
    assert "by sup" in taken.json()["detail"]
    assert world.status(down, "out_of_service").status_code == 200
    refused = world.assign(second["id"], down)
    assert refused.status_code == 409 and "out of service" in refused.json()["detail"]
    assert world.assign(second["id"], 999_999).status_code == 404


def test_a_unit_is_diverted_only_to_a_more_urgent_call_and_the_old_call_waits_again(
    world: World,
) -> None:
    """Default divert policy: only to a strictly more urgent call, before arrival."""
    medic = world.unit("M1", "ALS", at=world.place("Station 1"))
    fall = world.call(FALLS, world.place("Old Town"))  # priority 4
    stab = world.call(STAB, world.place("Market Street"))  # priority 2
    assert world.assign(fall["id"], medic).status_code == 201
    assert world.status(medic, "en_route").status_code == 200
    diverted = world.assign(stab["id"], medic, divert=True)
    assert diverted.status_code == 201, diverted.text
    old = world.get(f"/incidents/{fall['id']}").json()
    assert old["status"] == "pending"  # never disappears: back in the queue
    assert {"eTimes.14", "eTimes.13"} <= {t["element"] for t in old["times"] if t["unit_id"]}
    assert [i["id"] for i in world.get("/pending").json()["items"]] == [fall["id"]]
    # And never from the more urgent call back to the less urgent one.
    back = world.assign(fall["id"], medic, divert=True)
    assert back.status_code == 409 and "divert policy" in back.json()["detail"]


def test_cancelling_a_call_turns_its_units_back(world: World) -> None:
    medic = world.unit("M1", "ALS", at=world.place("Station 1"))
    incident = world.call(FALLS, world.place("Old Town"))
    assert world.assign(incident["id"], medic).status_code == 201
    assert world.post(f"/incidents/{incident['id']}/cancel", {"reason": " "}).status_code == 422
    cancelled = world.post(f"/incidents/{incident['id']}/cancel", {"reason": "caller hung up"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    positions = {p["unit_id"]: p for p in world.get("/units/positions").json()["items"]}
    assert positions[medic]["status"] == "returning"
    again = world.post(f"/incidents/{incident['id']}/cancel", {"reason": "again"})
    assert again.status_code == 409
