"""Who may write a patient care record (issue 14): a crew account writes only its own unit's
records, and names as performer only a provider on that unit's crew; a refusal is 403 naming
both sides. Checked on every write route under ``/pcrs``, found from the app's own routes so a
new route cannot slip past.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from dispatch_world import MakeUser, World, demo_region
from fastapi.testclient import TestClient

from goldenhour.config import Settings

OVERDOSE = "2301053"


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    make_user("admin", "agency_admin")
    return World(app_client, make_user("sup", "supervisor"), demo_region(settings))


def bind(world: World, tablet: dict[str, str], unit: int) -> None:
    response = world.client.put("/api/v1/auth/unit", json={"unit_id": unit}, headers=tablet)
    assert response.status_code == 204, response.text


def crew_of(world: World, unit: int) -> list[int]:
    return [c["provider_id"] for c in world.get(f"/units/{unit}").json()["crew"]]


def on_call(world: World, call_sign: str, place: str) -> tuple[int, int]:
    unit = world.unit(call_sign, "ALS", at=world.place("Station 1"))
    incident = world.call(OVERDOSE, world.place(place), {"conscious": False})
    world.bring_to(unit, "at_patient", incident["id"])
    return unit, incident["id"]


def now() -> str:
    return datetime.now(UTC).isoformat()


# Each write route under /pcrs with a body that would succeed for the record's own crew.
def _bodies(incident: int, unit: int, provider: int) -> dict[str, Callable[[int], Any]]:
    med = {"skill": "naloxone-intranasal", "provider_id": provider, "at": now()}
    proc = {"skill": "bvm-ventilation", "provider_id": provider, "at": now()}
    return {
        "POST /api/v1/pcrs": lambda _: {"incident_id": incident, "unit_id": unit},
        "POST /api/v1/pcrs/{pcr_id}/elements": lambda _: {
            "entries": [{"element": "eNarrative.01", "value": "x"}]
        },
        "POST /api/v1/pcrs/{pcr_id}/vitals": lambda _: {
            "taken_at": now(),
            "readings": [{"element": "spo2", "value": 95}],
        },
        "POST /api/v1/pcrs/{pcr_id}/medications": lambda _: med,
        "POST /api/v1/pcrs/{pcr_id}/procedures": lambda _: proc,
        "POST /api/v1/pcrs/{pcr_id}/signatures": lambda _: {
            "signer": "patient",
            "at": now(),
            "not_signed": "4515023",
        },
        "POST /api/v1/pcrs/{pcr_id}/lock": lambda _: {},
        "POST /api/v1/pcrs/{pcr_id}/addenda": lambda _: {
            "reason": "r",
            "entries": [{"element": "eNarrative.01", "value": "x"}],
        },
    }


def write_routes(client: TestClient) -> set[str]:
    """Every route under /pcrs that changes something, from the app's OpenAPI document."""
    paths = client.get("/openapi.json").json()["paths"]
    return {
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        if path.startswith("/api/v1/pcrs")
        for method in operations
        if method in ("post", "put", "patch", "delete")
    }


def call(world: World, route: str, pcr_id: int, body: Any, headers: dict[str, str]) -> Any:
    method, path = route.split(" ", 1)
    url = path.replace("{pcr_id}", str(pcr_id))
    return world.client.request(method, url, json=body, headers=headers)


def test_a_tablet_of_another_unit_is_refused_on_every_write_route_naming_both_units(
    world: World, make_user: MakeUser
) -> None:
    m1, incident1 = on_call(world, "M1", "Old Town")
    m2, incident2 = on_call(world, "M2", "Old Town")
    tablet1, tablet2 = make_user("tablet-m1", "crew"), make_user("tablet-m2", "crew")
    bind(world, tablet1, m1)
    bind(world, tablet2, m2)
    theirs = world.post("/pcrs", {"incident_id": incident2, "unit_id": m2}, tablet2)
    assert theirs.status_code == 201, theirs.text
    bodies = _bodies(incident2, m2, crew_of(world, m2)[0])
    assert write_routes(world.client) == set(bodies), "a new PCR write route needs its case here"
    before = world.get(f"/pcrs/{theirs.json()['id']}", tablet2).json()
    for route, body in bodies.items():
        response = call(world, route, theirs.json()["id"], body(m2), tablet1)
        assert response.status_code == 403, (route, response.text)
        detail = response.json()["detail"]
        assert "tablet-m1 signed in for M1, not for M2" in detail, (route, detail)
    after = world.get(f"/pcrs/{theirs.json()['id']}", tablet2).json()
    assert after["record"] == before["record"] and after["addenda"] == []


def test_a_tablet_signed_in_for_no_unit_is_told_to_sign_in_for_one(
    world: World, make_user: MakeUser
) -> None:
    m1, incident = on_call(world, "M1", "Old Town")
    loose = make_user("tablet", "crew")
    refused = world.post("/pcrs", {"incident_id": incident, "unit_id": m1}, loose)
    assert refused.status_code == 403
    assert "signed in for no unit" in refused.json()["detail"] and "M1" in refused.json()["detail"]
    bind(world, loose, m1)
    rebind = world.client.put("/api/v1/auth/unit", json={"unit_id": 999}, headers=loose)
    assert rebind.status_code == 422  # not a unit of the agency
    assert world.post("/pcrs", {"incident_id": incident, "unit_id": m1}, loose).status_code == 201


def test_naming_a_provider_not_on_the_crew_is_refused_naming_the_provider_and_the_unit(
    world: World, make_user: MakeUser
) -> None:
    m1, incident = on_call(world, "M1", "Old Town")
    m2, _ = on_call(world, "M2", "Old Town")
    tablet = make_user("tablet-m1", "crew")
    bind(world, tablet, m1)
    pcr = world.post("/pcrs", {"incident_id": incident, "unit_id": m1}, tablet).json()["id"]
    stranger = crew_of(world, m2)[0]
    name = world.get(f"/providers/{stranger}").json()
    for kind, skill in (("medications", "naloxone-intranasal"), ("procedures", "bvm-ventilation")):
        body = {"skill": skill, "provider_id": stranger, "at": now()}
        refused = world.post(f"/pcrs/{pcr}/{kind}", body, tablet)
        assert refused.status_code == 403, refused.text
        detail = refused.json()["detail"]
        assert f"{name['first_name']} {name['last_name']} ({name['external_id']})" in detail
        assert "was not on M1's crew" in detail
    ours = {"skill": "bvm-ventilation", "provider_id": crew_of(world, m1)[0], "at": now()}
    assert world.post(f"/pcrs/{pcr}/procedures", ours, tablet).status_code == 201
    # A supervisor overseeing the record is held to the same crew.
    body = {"skill": "bvm-ventilation", "provider_id": stranger, "at": now()}
    assert world.post(f"/pcrs/{pcr}/procedures", body).status_code == 403


def test_a_crew_members_own_account_writes_its_units_record_and_not_another(
    world: World, make_user: MakeUser
) -> None:
    admin = make_user("admin-2", "agency_admin")
    m1, incident1 = on_call(world, "M1", "Old Town")
    m2, incident2 = on_call(world, "M2", "Old Town")
    medic = make_user("medic-own", "crew")
    me = world.get("/auth/me", medic).json()["id"]
    link = {"provider_id": crew_of(world, m1)[0]}
    assert world.client.put(f"/api/v1/users/{me}/provider", json=link, headers=admin).is_success
    assert world.post("/pcrs", {"incident_id": incident1, "unit_id": m1}, medic).status_code == 201
    refused = world.post("/pcrs", {"incident_id": incident2, "unit_id": m2}, medic)
    assert refused.status_code == 403
    assert "medic-own is on M1 and was not on M2's crew" in refused.json()["detail"]
