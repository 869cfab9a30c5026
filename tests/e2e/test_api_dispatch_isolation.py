"""Agency isolation on every dispatch route: another agency's ids are 404, its lists empty."""

from __future__ import annotations

import pytest
from dispatch_world import MakeUser, World, demo_region, now_iso
from fastapi.testclient import TestClient

from goldenhour.config import Settings

FALLS = "2301033"


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    return World(app_client, make_user("sup", "supervisor"), demo_region(settings))


def test_another_agency_sees_none_of_our_calls_units_or_positions(
    world: World, make_user: MakeUser
) -> None:
    ours_unit = world.unit("M1", "ALS", at=world.place("Station 1"))
    ours = world.call(FALLS, world.place("Old Town"))["id"]
    them = make_user("other", "supervisor", agency="bravo")
    their_unit = World(world.client, them, world.region).unit("X1", "ALS")
    theirs = World(world.client, them, world.region).call(FALLS, world.place("Old Town"))["id"]
    lon, lat = world.place("Station 2")
    not_found = [
        ("GET", f"/incidents/{ours}", None),
        ("GET", f"/incidents/{ours}/recommendations", None),
        ("POST", f"/incidents/{ours}/triage", {"answers": {"conscious": True}}),
        ("POST", f"/incidents/{ours}/assignments", {"unit_id": their_unit}),
        ("POST", f"/incidents/{theirs}/assignments", {"unit_id": ours_unit}),
        ("POST", f"/incidents/{ours}/cancel", {"reason": "not ours"}),
        ("POST", f"/units/{ours_unit}/status", {"status": "out_of_service"}),
    ]
    for method, path, body in not_found:
        response = world.client.request(method, f"/api/v1{path}", json=body, headers=them)
        assert response.status_code == 404, (method, path, response.text)
    fix = {"unit_id": ours_unit, "lon": lon, "lat": lat, "at": now_iso()}
    moved = world.post("/units/positions", {"positions": [fix]}, headers=them)
    assert moved.status_code == 422 and "no unit" in moved.json()["errors"][0]["problem"]
    for path in ("/incidents", "/pending", "/units/positions"):
        ids = {i.get("id", i.get("unit_id")) for i in world.get(path, headers=them).json()["items"]}
        assert ours not in ids and ours_unit not in ids, path
    # Nothing of ours changed.
    assert world.get(f"/incidents/{ours}").json()["status"] == "pending"
    board = {u["unit_id"]: u for u in world.get("/units/positions").json()["items"]}
    assert board[ours_unit]["status"] == "available"
    assert board[ours_unit]["lon"] == world.place("Station 1")[0]


def test_a_crew_member_may_post_status_and_positions_but_not_dispatch(
    world: World, make_user: MakeUser
) -> None:
    crew = make_user("medic1", "crew")
    unit = world.unit("M1", "ALS", at=world.place("Station 1"))
    incident = world.call(FALLS, world.place("Old Town"))["id"]
    assert world.assign(incident, unit, headers=crew).status_code == 403
    assert (
        world.post(f"/incidents/{incident}/cancel", {"reason": "x"}, headers=crew).status_code
        == 403
    )
    assert (
        world.post(f"/units/{unit}/status", {"status": "out_of_service"}, headers=crew).status_code
        == 200
    )
    lon, lat = world.place("Station 2")
    fix = {"unit_id": unit, "lon": lon, "lat": lat, "at": now_iso()}
    assert world.post("/units/positions", {"positions": [fix]}, headers=crew).status_code == 200
    assert world.client.get("/api/v1/units/positions").status_code == 401
