"""A crew member's own account follows their crew assignment; a shared tablet moves any unit."""

from __future__ import annotations

import pytest
from dispatch_world import MakeUser, World, demo_region
from fastapi.testclient import TestClient

from goldenhour.config import Settings


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    make_user("admin", "agency_admin")  # the agency exists before the supervisor joins it
    return World(app_client, make_user("sup", "supervisor"), demo_region(settings))


def user_id(world: World, headers: dict[str, str]) -> int:
    return int(world.get("/auth/me", headers).json()["id"])


def test_a_linked_crew_account_opens_on_its_unit_and_moves_only_that_unit(
    world: World, make_user: MakeUser
) -> None:
    admin = make_user("admin-2", "agency_admin")
    m1, m2 = world.unit("M1", "ALS"), world.unit("M2", "ALS")
    (medic,) = [c["provider_id"] for c in world.get(f"/units/{m1}").json()["crew"]][:1]
    own = make_user("medic-own", "crew")
    tablet = make_user("tablet", "crew")
    before = world.get("/auth/me", own).json()
    assert before["provider_id"] is None and before["unit_id"] is None

    linked = world.client.put(
        f"/api/v1/users/{user_id(world, own)}/provider", json={"provider_id": medic}, headers=admin
    )
    assert linked.status_code == 200, linked.text
    me = world.get("/auth/me", own).json()
    assert (me["provider_id"], me["unit_id"], me["unit_call_sign"]) == (medic, m1, "M1")

    assert world.post(f"/units/{m1}/status", {"status": "out_of_service"}, own).status_code == 200
    refused = world.post(f"/units/{m2}/status", {"status": "out_of_service"}, own)
    assert refused.status_code == 403
    assert "medic-own is on M1, not on M2" in refused.json()["detail"]
    assert world.get(f"/units/{m2}/assignment").json()["status"] == "available"  # unchanged
    # A shared tablet account (no provider) and a supervisor move any unit.
    assert (
        world.post(f"/units/{m2}/status", {"status": "out_of_service"}, tablet).status_code == 200
    )
    assert world.post(f"/units/{m2}/status", {"status": "available"}).status_code == 200


def test_linking_names_the_bad_field_and_needs_the_agency_admin(
    world: World, make_user: MakeUser
) -> None:
    admin = make_user("admin-2", "agency_admin")
    medic = make_user("medic", "crew")
    provider = world.provider("paramedic")
    path = f"/api/v1/users/{user_id(world, medic)}/provider"
    for body, problem in (
        ({"provider_id": 999_999}, "no provider 999999 in your agency"),
        ({"provider_id": "x"}, "valid integer"),
    ):
        response = world.client.put(path, json=body, headers=admin)
        assert response.status_code == 422, response.text
        (error,) = response.json()["errors"]
        assert error["field"].endswith("provider_id") and problem in error["problem"]
    assert world.client.put(path, json={"provider_id": provider}, headers=medic).status_code == 403
    assert world.client.put(path, json={"provider_id": provider}, headers=admin).status_code == 200
    other = make_user("other", "crew")
    taken = world.client.put(
        f"/api/v1/users/{user_id(world, other)}/provider",
        json={"provider_id": provider},
        headers=admin,
    )
    assert taken.status_code == 422 and "already signs in as 'medic'" in taken.text
    outsider = make_user("admin-b", "agency_admin", agency="bravo")
    assert world.client.put(path, json={"provider_id": None}, headers=outsider).status_code == 404
