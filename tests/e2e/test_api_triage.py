"""Call intake through HTTP: every dispatch reason triaged as the protocol says, bad calls refused.

The expected answers are the protocol's own (``triage`` on the shipped default), so this checks
that the API stores and returns exactly what the protocol decides, for all 50 NEMSIS reasons.
"""

from __future__ import annotations

from typing import Any

import pytest
from dispatch_world import MakeUser, World, demo_region
from fastapi.testclient import TestClient

from goldenhour.adapters.refdata.triage_protocol import default_protocol
from goldenhour.config import Settings
from goldenhour.domain.dispatch.codes import DISPATCH_REASONS
from goldenhour.domain.triage.decision import triage

NOT_BREATHING = {"breathing": "not_breathing"}
AWAKE_NOT_BREATHING = {"conscious": True, "breathing": "not_breathing"}


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    return World(app_client, make_user("sup", "supervisor"), demo_region(settings))


@pytest.mark.parametrize("answers", [{}, NOT_BREATHING], ids=["base", "not-breathing"])
def test_every_dispatch_reason_is_triaged_by_the_protocol(
    world: World, answers: dict[str, Any]
) -> None:
    """Every eDispatch.01 reason has a base rule; 'not breathing' is priority 1 ALS everywhere
    except scheduled transfers and standbys (AHA telecommunicator CPR)."""
    protocol = default_protocol()
    where = world.place("Central Square")
    for code in DISPATCH_REASONS:
        expected = triage(protocol, code, answers)
        got = world.call(code, where, answers)
        assert (got["priority"], got["level"], got["mode"], got["plan"]) == (
            int(expected.priority),
            expected.level.name,
            expected.mode.value,
            expected.plan,
        ), code
        assert got["rule"] == expected.rule.why and got["source"] == expected.source.id
        assert [r["name"] for r in got["roles"]] == [r.name for r in expected.roles]


def test_the_protocol_form_lists_the_questions_of_every_reason(world: World) -> None:
    body = world.get("/triage/protocol").json()
    assert len(body["reasons"]) == len(DISPATCH_REASONS) == 50
    questions = {q["id"] for q in body["questions"]}
    choking = next(r for r in body["reasons"] if r["code"] == "2301023")
    assert "talking" in choking["questions"] and set(choking["questions"]) <= questions
    assert body["types_of_service"]["2205001"].startswith("Emergency Response")


def _problem(response: Any) -> dict[str, Any]:
    assert response.headers["content-type"] == "application/problem+json", response.text
    return dict(response.json())


BAD_CALLS = [
    ({"location": {"lon": 24.94, "lat": 60.17}}, "location", "off the region"),
    ({"location": {"lon": 39.8283, "lat": -98.5795}}, "location", "looks swapped"),
    ({"dispatch_reason": "2301999"}, "dispatch_reason", "unknown dispatch reason"),
    ({"answers": AWAKE_NOT_BREATHING}, "answers.conscious", "contradicts"),
    ({"answers": {"age": 300}}, "answers.age", "at most 125"),
    ({"answers": {"favourite_colour": "red"}}, "answers.favourite_colour", "unknown question"),
    ({"type_of_service": "pizza"}, "type_of_service", "unknown type of service"),
    ({"received_at": "2030-01-01T00:00:00+00:00"}, "received_at", "past time"),
    ({"priority": 1}, "body.priority", "Extra inputs"),
]  # fmt: skip


def test_a_bad_call_is_refused_naming_the_field_and_nothing_is_stored(world: World) -> None:
    lon, lat = world.place("Central Square")
    for change, field, words in BAD_CALLS:
        body = {"location": {"lon": lon, "lat": lat}, "dispatch_reason": "Falls", **change}
        problem = _problem(world.post("/incidents", body))
        assert problem["status"] == 422, change
        fields = {e["field"]: e["problem"] for e in problem["errors"]}
        assert field in fields and words in fields[field], (change, fields)
    assert world.get("/incidents").json()["count"] == 0


def test_every_problem_of_a_call_is_named_at_once(world: World) -> None:
    body = {
        "location": {"lon": 24.94, "lat": 60.17},
        "dispatch_reason": "2301999",
        "received_at": "2030-01-01T00:00:00+00:00",
    }
    problem = _problem(world.post("/incidents", body))
    assert {e["field"] for e in problem["errors"]} == {"location", "dispatch_reason", "received_at"}


def test_a_dispatch_reason_may_be_given_by_its_name(world: World) -> None:
    got = world.call("cardiac arrest/death", world.place("Old Town"))
    assert got["dispatch_reason"] == "2301019" and got["priority"] == 1


def test_only_dispatchers_and_supervisors_take_calls(world: World, make_user: MakeUser) -> None:
    crew = make_user("crew1", "crew")
    lon, lat = world.place("Old Town")
    body = {"location": {"lon": lon, "lat": lat}, "dispatch_reason": "Falls"}
    assert world.post("/incidents", body, headers=crew).status_code == 403
    dispatcher = make_user("disp1", "dispatcher")
    assert world.post("/incidents", body, headers=dispatcher).status_code == 201


@pytest.mark.parametrize(
    ("reason", "answers", "priority", "instruction", "source"),
    [
        (
            "Cardiac Arrest/Death",
            {"breathing": "not_breathing"},
            1,
            "telecommunicator_cpr",
            "Heart",
        ),
        ("2301053", {"opioid_suspected": True}, 3, "naloxone", "opioid"),
        ("2301053", {"opioid_suspected": True, "conscious": False}, 1, "naloxone", "opioid"),
        ("Hemorrhage/Laceration", {"severe_bleeding": True}, 2, "bleeding_control", "Bleed"),
    ],
)
def test_a_call_taker_sees_the_determinant_and_instructions_before_taking_the_call(
    world: World,
    reason: str,
    answers: dict[str, Any],
    priority: int,
    instruction: str,
    source: str,
) -> None:
    answer = world.post("/triage/preview", {"dispatch_reason": reason, "answers": answers})
    assert answer.status_code == 200, answer.text
    preview = answer.json()
    expected = triage(default_protocol(), reason, answers)
    assert preview["priority"] == priority == int(expected.priority)
    assert preview["why"] == expected.rule.why
    found = {i["id"]: i for i in preview["instructions"]}
    assert instruction in found
    assert found[instruction]["steps"] and source in found[instruction]["source"]["title"]
    assert world.get("/incidents").json()["count"] == 0  # a preview stores nothing


def test_a_preview_with_a_bad_answer_names_the_field(world: World) -> None:
    answer = world.post(
        "/triage/preview", {"dispatch_reason": "2301053", "answers": {"age": "old"}}
    )
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["answers.age"]


def test_every_incident_is_listed_once_by_following_the_cursor(world: World) -> None:
    where = world.place("Central Square")
    taken = {world.call("Falls", where)["id"] for _ in range(5)}
    seen: list[int] = []
    cursor = None
    while True:
        query = "/incidents?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = world.get(query).json()
        assert page["count"] == len(page["items"]) <= 2
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(taken) and len(seen) == 5
    bad = world.get("/incidents?cursor=not-ours")
    assert bad.status_code == 422 and "cursor" in bad.text
