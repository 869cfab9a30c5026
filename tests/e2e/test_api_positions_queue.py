"""AVL position batches and the pending queue through HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from dispatch_world import MakeUser, World, demo_region, events, now_iso, suggestion
from fastapi.testclient import TestClient

from goldenhour.config import Settings

FALLS = "2301033"  # priority 4, BLS transport
CARDIAC_ARREST = "2301019"  # priority 1, ALS


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    return World(app_client, make_user("sup", "supervisor"), demo_region(settings))


def test_a_bad_position_row_is_rejected_alone_and_the_rest_is_stored(
    world: World, app_client: TestClient
) -> None:
    one = world.unit("M1", "ALS")
    two = world.unit("M2", "ALS")
    lon, lat = world.place("Station 1")
    rows = [
        {"unit_id": one, "lon": lon, "lat": lat, "at": now_iso(5)},
        {"unit_id": 999_999, "lon": lon, "lat": lat, "at": now_iso(5)},
        {"unit_id": two, "lon": 24.94, "lat": 60.17, "at": now_iso(5)},
        {"unit_id": two, "lon": lon, "lat": lat, "at": "2099-01-01T00:00:00Z"},
        {"unit_id": one, "lon": lon, "lat": lat, "at": now_iso(60)},  # older than row 0
        {"unit_id": two, "lon": lon, "lat": lat, "at": now_iso(1)},
    ]
    response = world.post("/units/positions", {"positions": rows})
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["accepted"] == 2
    assert [(r["index"], r["field"]) for r in report["rejected"]] == [
        (1, "positions[1].unit_id"),
        (2, "positions[2].lon"),
        (3, "positions[3].at"),
        (4, "positions[4].at"),
    ]
    board = {p["unit_id"]: p for p in world.get("/units/positions").json()["items"]}
    assert board[one]["lon"] == lon and board[two]["lat"] == lat
    assert not board[one]["stale"]
    (batch,) = events(app_client, "UnitPositionsUpdated")
    assert {p["unit_id"] for p in batch[1]["positions"]} == {one, two}


def test_a_batch_with_no_good_row_is_refused_and_a_malformed_one_names_the_row(
    world: World,
) -> None:
    unit = world.unit("M1", "ALS")
    bad = world.post(
        "/units/positions", {"positions": [{"unit_id": unit, "lon": 0, "lat": 0, "at": now_iso()}]}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "positions[0].lon"
    malformed = world.post("/units/positions", {"positions": [{"unit_id": unit, "lon": "x"}]})
    assert malformed.status_code == 422
    assert {e["field"] for e in malformed.json()["errors"]} >= {"body.positions.0.lon"}


def test_a_stale_position_is_flagged(world: World) -> None:
    unit = world.unit("M1", "ALS")
    world.move(unit, world.place("Station 1"), seconds_ago=3600)
    (entry,) = world.get("/units/positions").json()["items"]
    assert entry["stale"] and entry["age_s"] >= 3600


def test_the_queue_orders_waiting_calls_by_priority_then_age(world: World) -> None:
    first_fall = world.call(FALLS, world.place("Old Town"))
    arrest = world.call(CARDIAC_ARREST, world.place("Market Street"), {"breathing": "normal"})
    second_fall = world.call(FALLS, world.place("City Hall"))
    queue = world.get("/pending").json()
    assert [i["id"] for i in queue["items"]] == [arrest["id"], first_fall["id"], second_fall["id"]]


def test_a_waiting_call_is_recommended_the_moment_a_fitting_unit_frees_up(
    world: World, app_client: TestClient
) -> None:
    medic = world.unit("M1", "ALS", at=world.place("Station 1"))
    first = world.call(FALLS, world.place("Old Town"))
    world.bring_to(medic, "on_scene", first["id"])
    waiting = world.call(FALLS, world.place("Market Street"))
    assert waiting["status"] == "pending"
    queued = events(app_client, "IncidentQueued")
    assert queued[-1][1] == {"incident_id": waiting["id"], "priority": 4, "unfilled": ["transport"]}
    assert suggestion(world.recommend(waiting["id"]), "transport") is None
    # The crew clears the first call: the unit is on the radio, and the waiting call is its.
    assert world.status(medic, "returning").status_code == 200
    assert world.get(f"/incidents/{first['id']}").json()["status"] == "closed"
    (matched,) = events(app_client, "PendingCallsMatched")
    assert matched[1]["unit_id"] == medic and matched[1]["incident_ids"] == [waiting["id"]]
    recommended = events(app_client, "UnitRecommended")[-1][1]
    assert (recommended["incident_id"], recommended["unit_id"]) == (waiting["id"], medic)
    assert suggestion(world.recommend(waiting["id"]), "transport") == medic
    assert world.assign(waiting["id"], medic).status_code == 201
    assert world.get("/pending").json()["count"] == 0
    assert world.get(f"/incidents/{waiting['id']}").json()["status"] == "open"
