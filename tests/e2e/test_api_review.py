"""The medical director's review through HTTP (issue 14): each flag with its clinical context,
filters, history per provider and per skill, an explicit decision with a comment, CSV export."""

from __future__ import annotations

import csv
import io

import pytest
from dispatch_world import MakeUser, World, demo_region
from fastapi.testclient import TestClient
from test_api_pcr import moment, new_record, on_scene

from goldenhour.config import Settings


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    return World(app_client, make_user("sup", "supervisor"), demo_region(settings))


def test_a_flag_comes_with_its_context_and_needs_an_explicit_decision_and_comment(
    world: World, make_user: MakeUser
) -> None:
    crew, director = make_user("medic", "crew"), make_user("md", "medical_director")
    incident, unit, levels = on_scene(world)
    pcr = new_record(world, crew, incident, unit)["id"]
    facts = [{"element": "ePatient.15", "value": 34},
             {"element": "ePatient.16", "value": "2516009"},
             {"element": "eSituation.11", "value": "F11"}]  # fmt: skip
    assert world.post(f"/pcrs/{pcr}/elements", {"entries": facts}, crew).status_code == 200
    vitals = {"taken_at": moment(-5), "readings": [{"element": "spo2", "value": 84},
              {"element": "respiratory_rate", "value": 6}]}  # fmt: skip
    assert world.post(f"/pcrs/{pcr}/vitals", vitals, crew).status_code == 201
    far = {"taken_at": moment(-90), "readings": [{"element": "spo2", "value": 99}]}
    assert world.post(f"/pcrs/{pcr}/vitals", far, crew).status_code == 201
    given = {"skill": "naloxone-iv", "provider_id": levels["emt"], "at": moment()}
    assert world.post(f"/pcrs/{pcr}/medications", given, crew).json()["flag"] is not None
    ok = {"skill": "bvm-ventilation", "provider_id": levels["emt"], "at": moment()}
    assert world.post(f"/pcrs/{pcr}/procedures", ok, crew).json()["flag"] is None

    (item,) = world.get("/review/flags", director).json()["items"]
    assert (item["patient_age"], item["patient_sex"]) == ("34 years", None)
    assert item["impression"] == "F11 Suspected Opioid related"
    assert item["unit"] == "M1" and item["skill"] == "naloxone-iv"
    assert [v["values"] for v in item["vitals_around"]] == [{"spo2": "84", "respiratory_rate": "6"}]
    assert item["reasons"] and item["provider"].endswith(")")
    undecided = world.post(f"/review/flags/{item['id']}", {"comment": "x"}, director)
    assert undecided.status_code == 422 and "outcome" in undecided.text
    silent = world.post(f"/review/flags/{item['id']}", {"outcome": "education", "comment": ""},
                        director)  # fmt: skip
    assert silent.status_code == 422
    decided = world.post(f"/review/flags/{item['id']}",
                         {"outcome": "education", "comment": "IV access by an EMT: refresher"},
                         director)  # fmt: skip
    assert decided.status_code == 200 and decided.json()["outcome"] == "education"

    assert world.get("/review/flags", director).json()["count"] == 0
    for query, expected in (("status=all&skill=naloxone-iv", 1), ("status=all&skill=cpap", 0),
                            ("status=all&outcome=education", 1), (f"status=all&unit_id={unit}", 1),
                            (f"status=all&provider_id={levels['paramedic']}", 0),
                            (f"status=all&since={moment(10)}", 0)):  # fmt: skip
        got = world.client.get(f"/api/v1/review/flags?{query.replace('+', '%2B')}",
                               headers=director).json()  # fmt: skip
        assert got["count"] == expected, query
    (by_skill,) = world.get("/review/history?by=skill", director).json()["items"]
    assert by_skill == {"key": "naloxone-iv", "flags": 1, "open": 0,
                        "outcomes": {"education": 1}}  # fmt: skip
    (by_provider,) = world.get("/review/history?by=provider", director).json()["items"]
    assert by_provider["key"] == str(levels["emt"])
    exported = world.client.get("/api/v1/review/flags.csv?status=all", headers=director)
    assert exported.headers["content-type"].startswith("text/csv")
    (row,) = list(csv.DictReader(io.StringIO(exported.text)))
    assert (row["skill"], row["outcome"], row["unit"]) == ("naloxone-iv", "education", "M1")
    assert row["comment"] == "IV access by an EMT: refresher"
    assert world.get("/review/flags.csv", crew).status_code == 403
