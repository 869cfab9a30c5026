"""Calls as they really arrive, through HTTP: retried, doubled, off the roads, in the CAD's own
words, with a PSAP clock running ahead. Stored once, flagged, never refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from dispatch_world import MakeUser, World, demo_region
from fastapi.testclient import TestClient

from goldenhour.api.app import create_app
from goldenhour.config import Settings

SF_CALL_TYPES = Path(__file__).parents[2] / "src/goldenhour/data/call_types/sf_fire_department.csv"
KEY = {"Idempotency-Key": "cad-7f3a-0001"}


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    return World(app_client, make_user("sup", "supervisor"), demo_region(settings))


def _call(world: World, **change: object) -> dict[str, object]:
    lon, lat = world.place("Central Square")
    return {"location": {"lon": lon, "lat": lat}, "dispatch_reason": "Falls", **change}


def _flags(answer: dict[str, object]) -> dict[str, str]:
    return {f["flag"]: f["detail"] for f in answer["flags"]}  # type: ignore[attr-defined]


def test_a_retried_post_gets_the_first_answer_even_from_a_restarted_server(
    world: World, settings: Settings
) -> None:
    body = _call(world)
    first = world.post("/incidents", body, {**world.headers, **KEY})
    again = world.post("/incidents", body, {**world.headers, **KEY})
    assert first.status_code == again.status_code == 201, again.text
    assert again.json()["id"] == first.json()["id"]
    with TestClient(create_app(settings)) as restarted:  # the key is stored, not remembered
        third = restarted.post("/api/v1/incidents", json=body, headers={**world.headers, **KEY})
    assert third.status_code == 201 and third.json()["id"] == first.json()["id"]
    assert world.get("/incidents").json()["count"] == 1


def test_a_key_reused_for_another_call_or_malformed_is_refused_naming_the_header(
    world: World,
) -> None:
    assert world.post("/incidents", _call(world), {**world.headers, **KEY}).status_code == 201
    other = world.post("/incidents", _call(world, complaint="other"), {**world.headers, **KEY})
    assert other.status_code == 409 and "Idempotency-Key" in other.text
    blank = world.post("/incidents", _call(world), {**world.headers, "Idempotency-Key": " "})
    assert blank.status_code == 422 and "Idempotency-Key" in blank.text
    assert world.get("/incidents").json()["count"] == 1


def test_the_same_cad_incident_number_sent_twice_is_one_call(world: World) -> None:
    first = world.post("/incidents", _call(world, external_id="F26-0001"))
    again = world.post("/incidents", _call(world, external_id="F26-0001"))
    assert first.status_code == again.status_code == 201
    assert again.json()["id"] == first.json()["id"] and again.json()["external_id"] == "F26-0001"
    assert world.get("/incidents").json()["count"] == 1


def test_a_call_near_an_open_one_is_taken_and_marked_a_possible_duplicate(world: World) -> None:
    lon, lat = world.place("Central Square")
    first = world.call("Falls", (lon, lat))
    near = world.post("/incidents", _call(world, location={"lon": lon + 0.0005, "lat": lat}))
    assert near.status_code == 201
    assert near.json()["duplicate_of"] == first["id"]
    assert f"possible duplicate of #{first['id']}" in _flags(near.json())["possible_duplicate"]
    far = world.post("/incidents", _call(world, location={"lon": lon + 0.01, "lat": lat}))
    assert far.json()["duplicate_of"] is None and "possible_duplicate" not in _flags(far.json())
    assert world.get("/incidents").json()["count"] == 3  # never merged


def test_a_point_off_the_roads_is_kept_and_routed_from_the_nearest_road(world: World) -> None:
    west, south, _, north = world.region.bbox
    lon, lat = west - 0.015, (south + north) / 2  # ~1.2 km beyond the last road: a lake shore
    answer = world.post("/incidents", _call(world, location={"lon": lon, "lat": lat}))
    assert answer.status_code == 201, answer.text
    got = answer.json()
    assert (got["lon"], got["lat"]) == (lon, lat)
    assert "m from the nearest road" in _flags(got)["off_road"]


def test_a_psap_clock_a_little_ahead_is_noted_not_refused(world: World) -> None:
    ahead = (datetime.now(UTC) + timedelta(seconds=5)).isoformat()
    answer = world.post("/incidents", _call(world, received_at=ahead))
    assert answer.status_code == 201, answer.text
    note = _flags(answer.json())["clock_ahead"]
    assert "ahead of our clock" in note and "more than" not in note


def test_the_answer_to_a_taken_call_shows_its_times_and_units_as_reading_it_again_does(
    world: World,
) -> None:
    """The answer is built from what was stored, not read back: the same times (in UTC, the
    PSAP time as sent at an offset), no unit yet, as a later read of the call shows."""
    sent = (datetime.now(UTC) - timedelta(minutes=3)).astimezone(timezone(timedelta(hours=-8)))
    answer = world.post("/incidents", _call(world, received_at=sent.isoformat()))
    assert answer.status_code == 201, answer.text
    stored = world.get(f"/incidents/{answer.json()['id']}").json()
    assert answer.json()["times"] == stored["times"] and len(stored["times"]) == 2
    assert stored["times"][0]["at"].endswith("Z")
    assert datetime.fromisoformat(stored["times"][0]["at"]) == sent
    assert answer.json()["assignments"] == stored["assignments"] == []


def test_the_call_taker_raises_the_level_and_the_reason_stays_on_the_record(
    world: World,
) -> None:
    why = "ALS requested by the caller's physician"
    answer = world.post("/incidents", _call(world, level="ALS", level_reason=why))
    assert answer.status_code == 201, answer.text
    stored = world.get(f"/incidents/{answer.json()['id']}").json()
    assert stored["level"] == "ALS" and stored["level_raised_reason"] == why
    transport = [r for r in stored["roles"] if r["unit_types"] == ["transport"]]
    assert transport and all(r["min_level"] == "ALS" for r in transport)


def test_the_agency_admin_keeps_the_call_types_and_intake_reads_them(
    world: World, make_user: MakeUser
) -> None:
    admin = make_user("adm", "agency_admin")
    dispatcher = make_user("disp", "dispatcher")
    csv = SF_CALL_TYPES.read_bytes()
    refused = world.client.post(
        "/api/v1/call-types/import", content=csv, headers={**dispatcher, "Content-Type": "text/csv"}
    )
    assert refused.status_code == 403
    imported = world.client.post(
        "/api/v1/call-types/import", content=csv, headers={**admin, "Content-Type": "text/csv"}
    )
    assert imported.status_code == 200, imported.text
    rows = csv.decode().strip().splitlines()
    assert imported.json()["count"] == len(rows) - 1
    assert world.get("/call-types", dispatcher).json()["count"] == len(rows) - 1

    medic = world.post("/incidents", _call(world, dispatch_reason=None, call_type="MEDIC response"))
    got = medic.json()
    assert medic.status_code == 201 and got["cad_call_type"] == "MEDIC response"
    assert got["dispatch_reason"] == "2301079" and got["level"] == "ALS"
    aid = world.post("/incidents", _call(world, dispatch_reason="Aid Response")).json()
    assert aid["dispatch_reason"] == "2301079" and "reason_unknown" not in _flags(aid)

    bad = [{"call_type": "Lift Assist", "dispatch_reason": "Falls", "level": "PARAMEDIC-ISH"}]
    problem = world.client.put("/api/v1/call-types", json=bad, headers=admin)
    assert problem.status_code == 422 and "row 2: level" in problem.text
    assert world.get("/call-types").json()["count"] == len(rows) - 1  # all or nothing
    edited = [{"call_type": "Lift Assist", "dispatch_reason": "Falls", "priority": 4}]
    assert world.client.put("/api/v1/call-types", json=edited, headers=admin).status_code == 200
    lift = world.post("/incidents", _call(world, dispatch_reason=None, call_type="Lift Assist"))
    assert lift.json()["priority"] == 4 and lift.json()["dispatch_reason"] == "2301033"
