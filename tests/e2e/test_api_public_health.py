"""Public health over HTTP, on SQLite and PostgreSQL: a burst of overdose calls in one area
becomes a signal in the officer's queue; the officer drafts a CAP advisory, approves it, and
the public page, the Atom feed and the crews (live, acknowledged per unit) get it."""

from __future__ import annotations

from typing import Any

import pytest
from dispatch_world import MakeUser, World, demo_region, events
from fastapi.testclient import TestClient
from sqlalchemy import select

from goldenhour.adapters.cap.xml import read_alert, validate
from goldenhour.adapters.db.tables import AuditEntry
from goldenhour.adapters.nemsis.xml_safety import parse_xml
from goldenhour.config import Settings
from tests_cap_support import atom_schema

OVERDOSE = "2301053"  # eDispatch.01 Overdose/Poisoning/Ingestion
FALLS = "2301033"
ATOM = "{http://www.w3.org/2005/Atom}"

DRAFT: dict[str, Any] = {
    "english": {
        "headline": "Suspected overdoses near Market Street",
        "description": "Four people were treated near Market Street today. <b>Not HTML</b>",
        "instruction": "Do not use alone. Carry naloxone. Poison Help: {poison_center}.",
        "cmam_text": "Overdose spike near Market St. Do not use alone. Carry naloxone.",
    },
    "spanish": {
        "headline": "Posibles sobredosis cerca de Market Street",
        "description": "Cuatro personas fueron atendidas hoy cerca de Market Street.",
        "instruction": "No consuma solo. Lleve naloxona. Ayuda: {poison_center}.",
        "cmam_text": "Sobredosis cerca de Market St. No consuma solo. Lleve naloxona.",
    },
    "area": "Market Street area",
    "crew_instruction": "Suspected fentanyl batch near Market St: carry extra naloxone, PPE.",
}


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    return World(app_client, make_user("sup", "supervisor"), demo_region(settings))


def test_a_burst_of_overdose_calls_reaches_the_public_and_the_crews(
    world: World, app_client: TestClient, make_user: MakeUser
) -> None:
    officer = make_user("phil", "public_health_officer")
    admin = make_user("ada", "agency_admin")
    crew = make_user("tablet", "crew")
    settings = {
        "sender": "alerts@alpha-ems.example",
        "sender_name": "Alpha EMS",
        "county_fips": ["53033"],
        "ipaws": True,
    }
    bad = app_client.put(
        "/api/v1/advisories/settings", json={**settings, "county_fips": ["5303"]}, headers=admin
    )
    assert bad.status_code == 422 and "county_fips" in bad.text
    assert app_client.put("/api/v1/advisories/settings", json=settings, headers=admin).is_success
    medic = world.unit("M1", "ALS")
    for _ in range(4):
        world.call(OVERDOSE, world.place("Market Street"))
    world.call(FALLS, world.place("Market Street"))
    assert world.post("/surveillance/runs", {}, crew).status_code == 403

    ran = world.post("/surveillance/runs", {}, officer)
    assert ran.status_code == 200, ran.text
    raised = ran.json()["items"]
    threshold = next(s for s in raised if s["detector"] == "threshold")
    assert (threshold["definition"], threshold["observed"], threshold["level"]) == (
        "poisoning",
        4,
        "red",
    )
    assert threshold["parameters"] == {"threshold": 3, "hours": 24, "cell_km": 2.0}
    assert threshold["cases"] is None and threshold["recommendation"]
    assert world.post("/surveillance/runs", {}, officer).json()["items"] == []  # once only

    queue = world.get("/surveillance/signals", officer).json()
    assert {s["id"] for s in queue["items"]} == {s["id"] for s in raised}
    detail = world.get(f"/surveillance/signals/{threshold['id']}", officer).json()
    assert len(detail["cases"]) == 4 and all("incident_id" in c for c in detail["cases"])
    assert "Pat" not in str(detail) and "address" not in str(detail)
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    with runtime.unit_of_work() as uow:
        views = uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "view_cases"))
        assert [v.entity_id for v in views] == [str(threshold["id"])]

    others = [s for s in raised if s["id"] != threshold["id"]]
    for other in others:
        no_reason = world.post(
            f"/surveillance/signals/{other['id']}/dismiss", {"reason": ""}, officer
        )
        assert no_reason.status_code == 422
        ok = world.post(
            f"/surveillance/signals/{other['id']}/dismiss",
            {"reason": "same cluster as the threshold signal"},
            officer,
        )
        assert ok.json()["status"] == "dismissed"

    drafted = world.post(f"/surveillance/signals/{threshold['id']}/advisories", DRAFT, officer)
    assert drafted.status_code == 201, drafted.text
    advisory = drafted.json()
    assert advisory["status"] == "draft" and validate(advisory["cap"].encode()) == []
    page_url = "/public/alpha/advisories"
    assert "Market Street" not in app_client.get(page_url).text  # nothing before approval

    approved = world.post(f"/advisories/{advisory['id']}/approve", {}, officer)
    assert approved.status_code == 200, approved.text
    page = app_client.get(page_url)
    assert page.status_code == 200 and "Suspected overdoses near Market Street" in page.text
    assert "&lt;b&gt;Not HTML&lt;/b&gt;" in page.text and "<b>Not HTML" not in page.text
    assert "Posibles sobredosis" in page.text and "1-800-222-1222" in page.text

    feed = app_client.get(f"{page_url}.atom")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    tree = parse_xml(feed.content)
    assert atom_schema().validate(tree), atom_schema().error_log
    (entry,) = tree.getroot().iter(ATOM + "entry")
    cap_url = entry.findtext(ATOM + "id") or ""
    cap = app_client.get(cap_url.replace("http://testserver", ""))
    assert cap.headers["content-type"].startswith("application/cap+xml")
    assert validate(cap.content) == []
    public = read_alert(cap.content)
    assert public.codes == ("IPAWSv1.0",) and [i.language for i in public.infos] == [
        "en-US",
        "es-US",
    ]

    crew_list = world.get("/advisories/crew", crew).json()["items"]
    (crew_advisory,) = crew_list
    assert (crew_advisory["scope"], crew_advisory["units"]) == ("Restricted", [])
    assert crew_advisory["instruction"] == DRAFT["crew_instruction"]
    assert crew_advisory["area"] == "Market Street area"
    issued = events(app_client, "CrewAdvisoryIssued")
    assert issued[-1][1]["instruction"] == DRAFT["crew_instruction"]
    ack = world.post(f"/advisories/{crew_advisory['id']}/acknowledge", {"unit_id": medic}, crew)
    assert ack.status_code == 200, ack.text
    again = world.post(f"/advisories/{crew_advisory['id']}/acknowledge", {"unit_id": medic}, crew)
    assert again.status_code == 200
    acked = world.get("/advisories/crew", crew).json()["items"][0]["acknowledged_by_units"]
    assert acked == [medic]
    assert len(events(app_client, "CrewAdvisoryAcknowledged")) == 1

    cancel = world.post(f"/advisories/{advisory['id']}/follow", {"msg_type": "Cancel"}, officer)
    assert cancel.status_code == 201, cancel.text
    assert world.post(f"/advisories/{cancel.json()['id']}/approve", {}, officer).is_success
    cancelled = read_alert(cancel.json()["cap"].encode())
    assert cancelled.msg_type == "Cancel" and public.identifier in cancelled.references[0]
    assert "(cancelled)" in app_client.get(page_url).text


def test_the_public_pages_of_an_unknown_agency_are_not_found(app_client: TestClient) -> None:
    assert app_client.get("/public/nobody/advisories.atom").status_code == 404


def test_a_private_crew_advisory_is_acknowledged_only_by_the_units_it_names(
    world: World, make_user: MakeUser
) -> None:
    officer = make_user("phil", "public_health_officer")
    crew = make_user("tablet", "crew")
    m1, m7 = world.unit("M1", "ALS"), world.unit("M7", "ALS")
    for _ in range(3):
        world.call(OVERDOSE, world.place("Market Street"))
    raised = world.post("/surveillance/runs", {}, officer).json()["items"]
    signal = next(s for s in raised if s["detector"] == "threshold")
    body = {**DRAFT, "spanish": None, "units": ["M7"]}
    drafted = world.post(f"/surveillance/signals/{signal['id']}/advisories", body, officer).json()
    assert world.post(f"/advisories/{drafted['id']}/approve", {}, officer).is_success
    (advisory,) = world.get("/advisories/crew", crew).json()["items"]
    assert (advisory["scope"], advisory["units"]) == ("Private", ["M7"])
    refused = world.post(f"/advisories/{advisory['id']}/acknowledge", {"unit_id": m1}, crew)
    assert refused.status_code == 422 and "not M1" in refused.text
    ok = world.post(f"/advisories/{advisory['id']}/acknowledge", {"unit_id": m7}, crew)
    assert ok.status_code == 200, ok.text
    revised = {**body, "english": {**DRAFT["english"], "headline": "Overdoses spreading east"}}
    update = world.post(
        f"/advisories/{drafted['id']}/follow", {"msg_type": "Update", "draft": revised}, officer
    )
    assert update.status_code == 201, update.text
    assert (update.json()["msg_type"], update.json()["headline"]) == (
        "Update",
        "Overdoses spreading east",
    )
    assert world.post(f"/advisories/{update.json()['id']}/approve", {}, officer).is_success
    first = read_alert(drafted["cap"].encode())
    assert read_alert(update.json()["cap"].encode()).references == (
        f"{first.sender},{first.identifier},{first.sent.isoformat().replace('+00:00', '-00:00')}",
    )
    crews = world.get("/advisories/crew", crew).json()["items"]
    assert [(a["msg_type"], a["headline"]) for a in crews] == [
        ("Update", "Overdoses spreading east")
    ]  # the earlier crew advisory gave way
    page = world.client.get("/public/alpha/advisories").text
    assert "Overdoses spreading east" in page and "(updated)" in page
    wrong = world.post(
        f"/advisories/{update.json()['id']}/follow",
        {"msg_type": "Cancel", "draft": revised},
        officer,
    )
    assert wrong.status_code == 422 and "draft" in wrong.text
