"""A call from intake to back in service through HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import httpx2 as httpx
import pytest
from dispatch_world import MakeUser, World, demo_region, events, suggestion
from fastapi.testclient import TestClient

from goldenhour.config import Settings

CARDIAC_ARREST = "2301019"
FALLS = "2301033"


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    return World(app_client, make_user("sup", "supervisor"), demo_region(settings))


def test_a_call_is_triaged_recommended_assigned_and_timed_to_back_in_service(
    world: World, app_client: TestClient
) -> None:
    medic = world.unit("M1", "ALS", at=world.place("Station 1"))
    incident = world.call(
        CARDIAC_ARREST, world.place("Market Street"), {"breathing": "not_breathing"}
    )
    assert (incident["status"], incident["priority"], incident["level"]) == ("pending", 1, "ALS")
    assert [t["element"] for t in incident["times"]] == ["eTimes.01", "eTimes.02"]
    recommendation = world.recommend(incident["id"])
    assert suggestion(recommendation, "transport") == medic
    assigned = world.assign(incident["id"], medic, role="transport")
    assert assigned.status_code == 201, assigned.text
    for step in ("en_route", "on_scene", "at_patient", "transporting", "at_destination"):
        assert world.status(medic, step).status_code == 200
    assert world.status(medic, "returning").json()["status"] == "returning"
    assert world.status(medic, "available").json()["incident_id"] is None
    done = world.get(f"/incidents/{incident['id']}").json()
    assert done["status"] == "closed" and done["closed_at"] is not None
    unit_times = [t["element"] for t in done["times"] if t["unit_id"] == medic]
    assert unit_times == [
        "eTimes.03",
        "eTimes.05",
        "eTimes.06",
        "eTimes.07",
        "eTimes.09",
        "eTimes.11",
        "eTimes.12",
        "eTimes.13",
        "eTimes.15",
    ]  # fmt: skip  (eTimes.12: leaving the hospital, the patient was handed over at the latest)
    names = [name for name, _ in events(app_client)]
    for expected in (
        "IncidentCreated",
        "IncidentTriaged",
        "UnitRecommended",
        "UnitAssigned",
        "UnitStatusChanged",
        "IncidentStatusChanged",
        "UnitPositionsUpdated",
    ):
        assert expected in names


def test_a_dispatcher_board_hears_every_step_live_on_the_event_stream(
    world: World, settings: Settings, app_client: TestClient
) -> None:
    """Boards subscribe, nothing polls: the call, its triage, the assignment and the unit's
    moves reach an open ``/events`` stream of the agency (a real server, real HTTP)."""
    from live_server import serving
    from test_event_stream import subscribe

    from goldenhour.api.app import create_app

    medic = world.unit("M1", "ALS", at=world.place("Station 1"))
    with serving(create_app(settings)) as url, httpx.Client(base_url=url) as client:
        received = subscribe(url, world.headers)
        live = World(client, world.headers, world.region)  # same process as the stream
        incident = live.call(FALLS, world.place("Old Town"))
        assert live.assign(incident["id"], medic).status_code == 201
        assert live.status(medic, "en_route").status_code == 200
        names = []
        while "UnitStatusChanged" not in names or names.count("UnitStatusChanged") < 2:
            event = received.get(timeout=10)
            names.append(str(event["name"]))
    assert names[:2] == ["IncidentCreated", "IncidentTriaged"]
    assert {"UnitRecommended", "UnitAssigned", "IncidentStatusChanged"} <= set(names)
