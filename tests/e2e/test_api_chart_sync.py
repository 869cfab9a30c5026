"""Entries from a crew device that was offline arrive exactly once (issue 14).

The device makes an idempotency key for each entry when the crew makes it, and resends its
queue in order when the connection returns; an entry whose answer was lost is resent and must
not be applied twice. A key reused for another entry, a record locked meanwhile, and an
element someone else changed meanwhile are conflicts (409), reported and never applied over.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
from dispatch_world import MakeUser, World, demo_region
from fastapi.testclient import TestClient

from goldenhour.config import Settings

OVERDOSE = "2301053"


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    return World(app_client, make_user("sup", "supervisor"), demo_region(settings))


@pytest.fixture
def tablet(world: World, make_user: MakeUser) -> tuple[dict[str, str], int, int]:
    unit = world.unit("M1", "ALS", at=world.place("Station 1"))
    incident = world.call(OVERDOSE, world.place("Old Town"), {"conscious": False})
    world.bring_to(unit, "at_patient", incident["id"])
    headers = make_user("tablet", "crew")
    bound = world.client.put("/api/v1/auth/unit", json={"unit_id": unit}, headers=headers)
    assert bound.status_code == 204
    return headers, unit, incident["id"]


def send(world: World, path: str, body: Any, headers: dict[str, str], key: str) -> Any:
    return world.client.post(
        f"/api/v1{path}", json=body, headers={**headers, "Idempotency-Key": key}
    )


def count(record: dict[str, Any], element: str) -> int:
    def walk(node: dict[str, Any]) -> int:
        return (node.get("e") == element) + sum(walk(c) for c in node.get("c", []))

    return walk(record["record"]["report"])


def test_a_resent_entry_is_applied_once_and_answered_as_the_first_time(
    world: World, tablet: tuple[dict[str, str], int, int]
) -> None:
    headers, unit, incident = tablet
    create = {"incident_id": incident, "unit_id": unit}
    first = send(world, "/pcrs", create, headers, "device-1:create")
    again = send(world, "/pcrs", create, headers, "device-1:create")
    assert first.status_code == again.status_code == 201, again.text
    assert again.json()["id"] == first.json()["id"] and again.headers["Idempotent-Replayed"]
    pcr = first.json()["id"]
    vitals = {"taken_at": datetime.now(UTC).isoformat(), "readings": [{"element": "spo2",
              "value": 91}]}  # fmt: skip
    answers = [send(world, f"/pcrs/{pcr}/vitals", vitals, headers, "device-1:v1") for _ in "abc"]
    assert {a.status_code for a in answers} == {201}
    assert {a.json()["vitals"] for a in answers} == {"eVitals.VitalGroup[1]"}
    assert count(world.get(f"/pcrs/{pcr}", headers).json(), "eVitals.12") == 1
    other = {**vitals, "readings": [{"element": "spo2", "value": 99}]}
    reused = send(world, f"/pcrs/{pcr}/vitals", other, headers, "device-1:v1")
    assert reused.status_code == 409 and "device-1:v1 was already used" in reused.text
    bad = send(world, f"/pcrs/{pcr}/vitals", other, headers, "no spaces allowed")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "Idempotency-Key"


def test_racing_resends_of_one_entry_apply_it_once(
    world: World, tablet: tuple[dict[str, str], int, int]
) -> None:
    headers, unit, incident = tablet
    pcr = world.post("/pcrs", {"incident_id": incident, "unit_id": unit}, headers).json()["id"]
    vitals = {"taken_at": datetime.now(UTC).isoformat(), "readings": [{"element": "heart_rate",
              "value": 52}]}  # fmt: skip
    with ThreadPoolExecutor(4) as pool:
        answers = list(
            pool.map(
                lambda _: send(world, f"/pcrs/{pcr}/vitals", vitals, headers, "race:vitals-1"),
                range(4),
            )
        )
    assert [a.status_code for a in answers] == [201] * 4, [a.text for a in answers]
    assert count(world.get(f"/pcrs/{pcr}", headers).json(), "eVitals.10") == 1


def test_a_change_made_meanwhile_is_a_conflict_naming_both_values(
    world: World, tablet: tuple[dict[str, str], int, int]
) -> None:
    headers, unit, incident = tablet
    pcr = world.post("/pcrs", {"incident_id": incident, "unit_id": unit}, headers).json()["id"]
    mine = {"entries": [{"element": "eNarrative.01", "value": "from the tablet"}],
            "seen": {"eNarrative.01": None}}  # fmt: skip
    theirs = {"entries": [{"element": "eNarrative.01", "value": "from the phone"}]}
    assert world.post(f"/pcrs/{pcr}/elements", theirs, headers).status_code == 200
    refused = send(world, f"/pcrs/{pcr}/elements", mine, headers, "device-1:narrative")
    assert refused.status_code == 409
    assert "eNarrative.01 is now 'from the phone' (you saw None)" in refused.json()["detail"]
    record = world.get(f"/pcrs/{pcr}", headers).json()
    narrative = record["record"]["report"]
    assert "from the tablet" not in str(narrative) and "from the phone" in str(narrative)
    # Not stored under its key: once the crew has seen the conflict, the same entry can be sent.
    mine["seen"] = {"eNarrative.01": "from the phone"}
    assert send(world, f"/pcrs/{pcr}/elements", mine, headers, "device-1:n2").status_code == 200
