"""Facilities, diversion and destination choice over HTTP, on the demo county's real roads.

Destination rules (``data/destination/default.toml``): a high-risk trauma patient goes to the
highest-level trauma center reachable (2021 National Guideline for the Field Triage of Injured
Patients), and a facility on diversion for the needed service is skipped with its reason.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from dispatch_world import World, demo_region, events
from fastapi.testclient import TestClient

from goldenhour.adapters.importers.facilities import demo_facilities
from goldenhour.config import Settings
from goldenhour.domain.destination.facilities import Facility, parse_capabilities
from goldenhour.services.accounts import users as accounts
from goldenhour.services.destination import facilities

MakeUser = Callable[..., dict[str, str]]


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    region = demo_region(settings)
    headers = make_user("sup", "supervisor", "dispatcher")
    runtime = app_client.app.state.runtime  # type: ignore[attr-defined]
    st_lukes = region.hospitals[1]
    community = Facility(  # an ED-only hospital next door to St. Luke's: closer, not trauma
        "demo-community",
        "Westside Community ED",
        st_lukes.lon + 0.002,
        st_lukes.lat,
        capabilities=parse_capabilities(["emergency_department"]),
    )
    with runtime.unit_of_work() as uow:
        agency_id = accounts.agency_by_slug(uow, "alpha").id
        facilities.import_facilities(
            uow, None, agency_id, [*demo_facilities(region.hospitals), community]
        )
    return World(app_client, headers, region)


def facility_id(world: World, name: str) -> int:
    items = world.get("/facilities").json()["items"]
    return next(int(f["id"]) for f in items if f["name"] == name)


def test_the_registry_lists_capabilities(world: World) -> None:
    items = world.get("/facilities").json()["items"]
    general = next(f for f in items if f["name"] == "County General Hospital")
    assert "trauma_adult_I" in general["capabilities"] and general["statuses"] == []


def test_high_risk_trauma_passes_closer_hospitals_for_the_level_i_center(world: World) -> None:
    st_lukes = world.region.hospitals[1]
    body = {
        "findings": ["trauma_high_risk"],
        "age_years": 34,
        "origin": {"lon": st_lukes.lon + 0.001, "lat": st_lukes.lat},
    }
    advice = world.post("/destinations/recommend", body).json()
    best = advice["ranked"][0]
    assert best["name"] == "County General Hospital"
    assert advice["nearest_ed_id"] != best["facility_id"] and best["extra_s"] > 0
    assert advice["sources"]


def test_a_diverted_level_i_center_is_skipped_with_its_reason(world: World) -> None:
    general = facility_id(world, "County General Hospital")
    until = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    changed = world.client.put(
        f"/api/v1/facilities/{general}/status/trauma",
        json={"state": "diversion", "reason": "CT down", "until": until},
        headers=world.headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["statuses"][0]["state"] == "diversion"
    st_lukes = world.region.hospitals[1]
    body = {
        "findings": ["trauma_high_risk"],
        "origin": {"lon": st_lukes.lon + 0.001, "lat": st_lukes.lat},
    }
    advice = world.post("/destinations/recommend", body).json()
    assert advice["ranked"][0]["name"] == "St. Luke's Medical Center"
    skipped = next(s for s in advice["skipped"] if s["facility_id"] == general)
    assert "CT down" in skipped["reason"]
    assert events(world.client, "FacilityStatusChanged")[-1][1]["reason"] == "CT down"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"state": "diversion", "reason": "full"}, "until"),
        ({"state": "diversion", "reason": "", "until": "2099-01-01T00:00:00Z"}, "reason"),
        ({"state": "sideways"}, "state"),
        ({"state": "diversion", "reason": "x", "until": "2001-01-01T00:00:00Z"}, "until"),
    ],
)
def test_bad_status_changes_name_the_field_and_change_nothing(
    world: World, body: dict[str, str], field: str
) -> None:
    general = facility_id(world, "County General Hospital")
    response = world.client.put(
        f"/api/v1/facilities/{general}/status/emergency", json=body, headers=world.headers
    )
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]
    assert world.get(f"/facilities/{general}").json()["statuses"] == []


def test_crews_may_not_change_a_hospitals_status(world: World, make_user: MakeUser) -> None:
    crew = make_user("medic", "crew")
    general = facility_id(world, "County General Hospital")
    response = world.client.put(
        f"/api/v1/facilities/{general}/status/emergency",
        json={"state": "closed", "reason": "fire"},
        headers=crew,
    )
    assert response.status_code == 403


def test_the_crews_choice_is_recorded_with_its_recommended_rank(world: World) -> None:
    place = world.place("Central Square")
    unit = world.unit("M1", "ALS", at=place)
    incident = world.call("2301019", place)  # a traffic accident
    general = facility_id(world, "County General Hospital")
    body = {
        "unit_id": unit,
        "facility_id": general,
        "destination_type": "4221003",
        "reason": "Regional Specialty Center",
        "findings": ["trauma_high_risk"],
    }
    chosen = world.post(f"/incidents/{incident['id']}/destination", body)
    assert chosen.status_code == 201, chosen.text
    assert chosen.json()["reason"] == "4220021" and chosen.json()["recommended_rank"] == 1
    bad = {**body, "reason": "Closest Facilty"}
    refused = world.post(f"/incidents/{incident['id']}/destination", bad)
    assert refused.status_code == 422 and "Closest Facility" in refused.text


def test_another_agencys_facility_is_not_found(world: World, make_user: MakeUser) -> None:
    other = make_user("sup-b", "supervisor", agency="bravo")
    general = facility_id(world, "County General Hospital")
    assert world.get(f"/facilities/{general}", headers=other).status_code == 404
    put = world.client.put(
        f"/api/v1/facilities/{general}/status/emergency",
        json={"state": "closed", "reason": "x"},
        headers=other,
    )
    assert put.status_code == 404
    assert world.get("/facilities", headers=other).json()["count"] == 0


def test_offload_alert_fires_at_the_threshold_and_not_before(world: World) -> None:
    """The offload interval (arrival, eTimes.11, to transfer of care, eTimes.12) is watched;
    one alert at the threshold (e.g. the California 30-minute standard), none before."""
    from goldenhour.services.destination import transport

    place = world.place("Central Square")
    unit = world.unit("M1", "ALS", at=place)
    incident = world.call("2301019", place)
    general = facility_id(world, "County General Hospital")
    world.bring_to(unit, "transporting", incident["id"])
    body = {
        "unit_id": unit,
        "facility_id": general,
        "destination_type": "4221003",
        "reason": "4220019",
    }
    assert world.post(f"/incidents/{incident['id']}/destination", body).status_code == 201
    assert world.status(unit, "at_destination").status_code == 200
    arrived = datetime.now(UTC)
    waiting = world.get("/facilities/waiting").json()["items"]
    assert [(w["facility_id"], w["unit_id"], w["over_threshold"]) for w in waiting] == [
        (general, unit, False)
    ]

    runtime = world.client.app.state.runtime  # type: ignore[union-attr]
    threshold = 1800.0
    for minutes_later, expected in ((29, 0), (31, 1), (45, 0)):
        with runtime.unit_of_work() as uow:
            now = arrived + timedelta(minutes=minutes_later)
            assert transport.sweep_offload(uow, now, threshold) == expected
    delayed = events(world.client, "OffloadDelayed")
    assert len(delayed) == 1 and delayed[0][1]["facility_id"] == general

    handover = world.post(f"/units/{unit}/transfer-of-care", {})
    assert handover.status_code == 201, handover.text
    assert world.get("/facilities/waiting").json()["items"] == []
    again = world.post(f"/units/{unit}/transfer-of-care", {})
    assert again.status_code == 409
    assert events(world.client, "TransferOfCare")[-1][1]["offload_s"] >= 0


def test_the_destination_hears_of_the_patient_when_transport_starts_and_as_it_moves(
    world: World, make_user: MakeUser
) -> None:
    """Pre-arrival notice: ETA, age, sex, impression, priority and the latest vitals, sent
    when the unit starts transport and again when its ETA changes by a minute or more."""
    crew = make_user("medic", "crew")
    hospital = world.region.hospitals[0]  # County General
    places = [*world.region.stations, *world.region.named_places]
    far = max(places, key=lambda p: world.region.eta((p.lon, p.lat), (hospital.lon, hospital.lat)))
    start = (far.lon, far.lat)
    unit = world.unit("M1", "ALS", at=start)
    incident = world.call("2301019", start)
    world.bring_to(unit, "at_patient", incident["id"])
    bound = world.client.put("/api/v1/auth/unit", json={"unit_id": unit}, headers=crew)
    assert bound.status_code == 204, bound.text
    record = world.post("/pcrs", {"incident_id": incident["id"], "unit_id": unit}, crew)
    assert record.status_code == 201, record.text
    pcr = record.json()["id"]
    facts = [
        {"element": "ePatient.15", "value": 67},
        {"element": "ePatient.16", "value": "2516009"},
        {"element": "ePatient.25", "value": "9919001"},
        {"element": "eSituation.11", "value": "S06.0X0A"},
    ]
    assert world.post(f"/pcrs/{pcr}/elements", {"entries": facts}, crew).status_code == 200
    vitals = {
        "taken_at": datetime.now(UTC).isoformat(),
        "readings": [{"element": "spo2", "value": 93}, {"element": "heart_rate", "value": 58}],
    }
    assert world.post(f"/pcrs/{pcr}/vitals", vitals, crew).status_code == 201
    general = facility_id(world, "County General Hospital")
    choice = {
        "unit_id": unit,
        "facility_id": general,
        "destination_type": "4221003",
        "reason": "4220021",
    }
    assert world.post(f"/incidents/{incident['id']}/destination", choice).status_code == 201
    assert world.status(unit, "transporting").status_code == 200

    ((name, notice),) = [(n, p) for n, p in events(world.client) if n == "PreArrivalNotice"]
    assert notice["facility_id"] == general and notice["priority"] == incident["priority"]
    assert notice["age"] == "67 years" and notice["sex"] == "female"
    assert notice["impression"] == "S06.0X0A"
    vitals_sent = notice["latest_vitals"]
    assert (vitals_sent["spo2"], vitals_sent["heart_rate"]) == ("93", "58")
    assert vitals_sent["taken_at"] == vitals["taken_at"].replace(".", "+").split("+")[0] + "+00:00"
    assert notice["eta_s"] > 0

    world.move(unit, (start[0] + 0.00001, start[1]))  # a metre on: nothing worth telling
    assert len(events(world.client, "PreArrivalNotice")) == 1
    world.move(unit, (hospital.lon, hospital.lat - 0.002))  # most of the way there
    updated = events(world.client, "PreArrivalNotice")
    assert len(updated) == 2 and updated[1][1]["eta_s"] < notice["eta_s"] - 60

    # Leaving the hospital without a recorded handover stamps it (eTimes.12) on the way out.
    assert world.status(unit, "at_destination").status_code == 200
    assert world.status(unit, "returning").status_code == 200
    times = world.get(f"/incidents/{incident['id']}").json()["times"]
    assert "eTimes.12" in {t["element"] for t in times if t["unit_id"] == unit}


@pytest.mark.parametrize(
    ("change", "field", "hint"),
    [
        (
            {"capabilities": ["emergency_department", "trauma_adult_1", "stroke_comprehensiv"]},
            "capabilities[2]",
            "stroke_comprehensive",
        ),
        ({"location": {"lon": -122.33, "lat": 47.6}}, "location", "off the region"),
        ({"kind": "spaceport"}, "kind", "freestanding_ed"),
    ],
)
def test_a_facility_entered_by_hand_is_checked_field_by_field(
    world: World, change: dict[str, object], field: str, hint: str
) -> None:
    general = world.region.hospitals[0]
    body = {
        "name": "Lakeside Urgent ED",
        "kind": "freestanding_ed",
        "location": {"lon": general.lon + 0.003, "lat": general.lat},
        "capabilities": ["emergency_department"],
    }
    before = world.get("/facilities").json()["count"]
    refused = world.post("/facilities", {**body, **change})
    assert refused.status_code == 422, refused.text
    assert field in [e["field"] for e in refused.json()["errors"]] and hint in refused.text
    assert world.get("/facilities").json()["count"] == before
    added = world.post("/facilities", body)
    assert added.status_code == 201 and added.json()["capabilities"] == ["emergency_department"]
    assert world.get("/facilities").json()["count"] == before + 1
