"""The board's actions through HTTP: notes on a call, moving a unit up to cover a station, and
the agency's alert limits. Each action is answered, stored and announced as an event."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from dispatch_world import MakeUser, World, demo_region, events
from fastapi.testclient import TestClient

from goldenhour.config import Settings

FALLS = "2301033"


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    return World(app_client, make_user("sup", "supervisor"), demo_region(settings))


def test_a_note_keeps_its_author_time_and_text_verbatim_and_is_announced(world: World) -> None:
    incident = world.call(FALLS, world.place("Old Town"))["id"]
    text = "Caller says <b>back door</b> & dog in yard"
    added = world.post(f"/incidents/{incident}/notes", {"text": text})
    assert added.status_code == 201, added.text
    second = world.post(f"/incidents/{incident}/notes", {"text": "Gate code 1234"})
    listed = world.get(f"/incidents/{incident}/notes").json()
    assert [n["text"] for n in listed["items"]] == [text, "Gate code 1234"]
    assert {n["author"] for n in listed["items"]} == {"sup"}
    assert listed["items"][0]["at"] <= listed["items"][1]["at"]
    announced = events(world.client, "IncidentNoteAdded")
    assert [p["note_id"] for _, p in announced] == [added.json()["id"], second.json()["id"]]
    assert all("text" not in p for _, p in announced)  # free text stays out of the event log


def test_an_empty_note_or_an_unknown_call_is_refused_naming_the_problem(world: World) -> None:
    incident = world.call(FALLS, world.place("Old Town"))["id"]
    empty = world.post(f"/incidents/{incident}/notes", {"text": "   "})
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"].endswith("text")
    assert world.post("/incidents/999999/notes", {"text": "x"}).status_code == 404
    assert world.get(f"/incidents/{incident}/notes").json()["count"] == 0


def test_a_free_unit_moves_up_to_cover_a_station_and_back_home(world: World) -> None:
    unit = world.unit("M1", "ALS", at=world.place("Station 1"))
    home = world.get(f"/units/{unit}").json()["station"]
    moved = world.post(f"/units/{unit}/post", {"station": "Station 3"})
    assert moved.status_code == 200, moved.text
    assert moved.json()["posted_station"] == "Station 3"
    roster = {u["id"]: u for u in world.get("/units").json()["items"]}
    assert roster[unit]["posted_station"] == "Station 3"
    back = world.post(f"/units/{unit}/post", {"station": None}).json()
    assert back["posted_station"] is None and back["station"] == home
    announced = [p for _, p in events(world.client, "UnitMovedUp")]
    assert [(p["station"], p["previous_post"]) for p in announced] == [
        ("Station 3", None),
        (None, "Station 3"),
    ]


def test_a_unit_on_a_call_or_an_unknown_station_cannot_be_moved_up(world: World) -> None:
    unit = world.unit("M1", "ALS", at=world.place("Station 1"))
    unknown = world.post(f"/units/{unit}/post", {"station": "Station 999"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "station"
    incident = world.call(FALLS, world.place("Old Town"))["id"]
    assert world.assign(incident, unit).status_code == 201
    busy = world.post(f"/units/{unit}/post", {"station": "Station 2"})
    assert busy.status_code == 409 and "dispatched" in busy.json()["detail"]
    assert events(world.client, "UnitMovedUp") == []


def test_the_alert_limits_are_the_shipped_file_with_the_configured_position_and_offload_limits(
    world: World, settings: Settings
) -> None:
    shipped = (
        resources.files("goldenhour") / "data" / "dispatch" / "alert_limits.toml"
    ).read_text()
    limits = world.get("/dispatch/alert-limits").json()
    assert limits["status_limits_s"] == tomllib.loads(shipped)["status_limits_s"]
    assert limits["stale_position_s"] == settings.stale_position_s
    assert limits["offload_threshold_s"] == settings.offload_threshold_s
