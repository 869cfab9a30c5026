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


MALFORMED_CALLS = [
    ({"location": {"lon": "east", "lat": 47.6}}, "body.location.lon", "valid number"),
    ({"answers": ["conscious"]}, "body.answers", "valid dictionary"),
    ({"received_at": "2026-12-03T10:00:00"}, "received_at", "without a time zone"),
    ({"received_at": "yesterday"}, "body.received_at", "valid datetime"),
    ({"level": "ALS"}, "level_reason", "say why"),
    ({"priority": 1}, "body.priority", "Extra inputs"),
    ({"address": "x" * 1001}, "body.address", "at most 1000"),
]  # fmt: skip


def test_only_malformed_input_is_refused_naming_the_field_and_nothing_is_stored(
    world: World,
) -> None:
    lon, lat = world.place("Central Square")
    for change, field, words in MALFORMED_CALLS:
        body = {"location": {"lon": lon, "lat": lat}, "dispatch_reason": "Falls", **change}
        problem = _problem(world.post("/incidents", body))
        assert problem["status"] == 422, change
        fields = {e["field"]: e["problem"] for e in problem["errors"]}
        assert field in fields and words in fields[field], (change, fields)
    assert world.get("/incidents").json()["count"] == 0


FLAGGED_CALLS = [
    ({"location": {"lon": 24.94, "lat": 60.17}}, "no_road_eta", "outside the region"),
    ({"location": {"lon": 39.8283, "lat": -98.5795}}, "no_road_eta", "look swapped"),
    ({"dispatch_reason": "2301999"}, "reason_unknown", "Unknown Problem"),
    ({"dispatch_reason": None}, "reason_unknown", "no reason yet"),
    ({"dispatch_reason": "Aid Response"}, "reason_unknown", "Aid Response"),
    ({"call_type": "Medic Response"}, "call_type_unmapped", "Medic Response"),
    ({"answers": AWAKE_NOT_BREATHING}, "answers_set_aside", "contradicts"),
    ({"answers": {"age": 300}}, "answers_set_aside", "at most 125"),
    ({"answers": {"favourite_colour": "red"}}, "answers_set_aside", "unknown question"),
    ({"type_of_service": "pizza"}, "type_of_service_unknown", "Emergency Response"),
    ({"received_at": "2030-01-01T00:00:00+00:00"}, "clock_ahead", "more than the 60 s"),
    ({"location": None}, "location_unverified", "no address"),
    ({"location": None, "address": "1 Nowhere Blvd, Atlantis"}, "location_unverified",
     "not found"),
    ({"level": "ALS", "level_reason": "caller's physician requests ALS"}, "level_raised",
     "caller's physician"),
]  # fmt: skip


def test_a_call_is_never_refused_for_where_or_what_it_is_only_flagged(world: World) -> None:
    """NENA's first rule of call-taking: the call exists whatever is not known yet."""
    lon, lat = world.place("Central Square")
    for n, (change, flag, words) in enumerate(FLAGGED_CALLS):
        body = {"location": {"lon": lon, "lat": lat}, "dispatch_reason": "Falls", **change}
        answer = world.post("/incidents", body)
        assert answer.status_code == 201, (change, answer.text)
        got = answer.json()
        flags = {f["flag"]: f["detail"] for f in got["flags"]}
        assert flag in flags and words in flags[flag], (change, flags)
        assert got["address"] == body.get("address")
        assert world.get(f"/incidents/{got['id']}").json()["flags"] == got["flags"]
        assert world.get("/incidents").json()["count"] == n + 1
    unknown = world.post("/incidents", {"location": {"lon": lon, "lat": lat}}).json()
    assert unknown["dispatch_reason"] == "2301079"  # eDispatch.01 Unknown Problem/Person Down


def test_a_call_with_only_an_address_is_located_from_it_and_the_text_kept(world: World) -> None:
    answer = world.post("/incidents", {"address": "Main St / 3rd St", "dispatch_reason": "Falls"})
    assert answer.status_code == 201, answer.text
    got = answer.json()
    assert got["location_source"] == "address" and got["address"] == "Main St / 3rd St"
    assert got["lon"] is not None and got["lat"] is not None
    assert [f["flag"] for f in got["flags"]] == ["location_from_address"]
    assert "intersection" in got["flags"][0]["detail"]


def test_a_long_cad_text_is_kept_whole(world: World) -> None:
    lon, lat = world.place("Central Square")
    long = "300 Block of MAIN ST, rear building, " + "door code 4411 then left; " * 35
    assert 900 < len(long) <= 1000
    body = {"location": {"lon": lon, "lat": lat}, "address": long, "complaint": long}
    got = world.post("/incidents", body).json()
    assert got["address"] == long.strip() and got["complaint"] == long.strip()


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
