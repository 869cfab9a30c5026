"""Each recommendation rule on a real road network (the generated demo county), through HTTP.

Scenarios are chosen from the region's own travel times, and each test first checks that the
scenario really has the property it is about (e.g. "the BLS unit is within the margin of the
ALS unit"), so a change to the demo county cannot make a test pass for the wrong reason.
"""

from __future__ import annotations

import pytest
from dispatch_world import MakeUser, World, demo_region, role_of, suggestion
from fastapi.testclient import TestClient

from goldenhour.adapters.routing.graph import haversine_m
from goldenhour.config import Settings
from goldenhour.domain.dispatch.recommendation import RecommendConfig

FALLS = "2301033"  # base rule: priority 4, BLS transport
CARDIAC_ARREST = "2301019"  # priority 1, ALS: first response + ALS transport
NOT_BREATHING = {"breathing": "not_breathing"}
MARGIN = RecommendConfig().als_preservation_margin_s
P1_TARGET = RecommendConfig().response_targets_s[1]  # type: ignore[index]


@pytest.fixture
def world(app_client: TestClient, make_user: MakeUser, settings: Settings) -> World:
    return World(app_client, make_user("sup", "supervisor"), demo_region(settings))


def eta(world: World, origin: str, incident: str) -> float:
    return float(world.region.etas_to(world.place(incident), [world.place(origin)])[0])


def test_units_are_ranked_by_road_eta_not_by_straight_line(world: World) -> None:
    """The nearest unit is the one that arrives first by road (one-ways, detours, speeds)."""
    stations = [p.name for p in world.region.stations]
    # A scenario where the straight-line nearest station is not the first to arrive by road.
    scenario = None
    for place in world.region.named_places:
        by_road = sorted(stations, key=lambda s: eta(world, s, place.name))
        by_air = sorted(
            stations,
            key=lambda s: float(haversine_m(place.lon, place.lat, *world.place(s))),
        )
        if by_road[0] != by_air[0]:
            scenario = (place.name, by_road)
            break
    assert scenario is not None, "the demo county has no detour scenario"
    incident_at, by_road = scenario
    units = {world.unit(f"M{i}", "ALS", at=world.place(s)): s for i, s in enumerate(by_road)}
    incident = world.call(FALLS, world.place(incident_at))
    ranked = role_of(world.recommend(incident["id"]), "transport")["candidates"]
    assert [units[c["unit_id"]] for c in ranked] == by_road
    for c in ranked:
        assert c["eta_s"] == pytest.approx(eta(world, units[c["unit_id"]], incident_at), abs=0.1)


def test_a_bls_call_gets_the_bls_unit_when_it_is_within_the_margin_of_the_als_unit(
    world: World,
) -> None:
    """Keep ALS units for ALS calls (criteria-based dispatch): the nearer ALS unit is held back
    when a BLS unit arrives within the agency's margin (default 120 s)."""
    als_at, near_bls, far_bls, incident_at = "Old Town", "Station 2", "Station 4", "Central Square"
    als, near = eta(world, als_at, incident_at), eta(world, near_bls, incident_at)
    far = eta(world, far_bls, incident_at)
    assert als < near < als + MARGIN < far  # the scenario is what the rule is about
    medic = world.unit("M1", "ALS", at=world.place(als_at))
    bls = world.unit("B1", "BLS", at=world.place(near_bls))
    incident = world.call(FALLS, world.place(incident_at))
    recommendation = world.recommend(incident["id"])
    assert suggestion(recommendation, "transport") == bls
    held = next(c for c in role_of(recommendation, "transport")["candidates"] if c["held_back"])
    assert held["unit_id"] == medic and any("held back" in r for r in held["reasons"])
    # Move the BLS unit beyond the margin: now the ALS unit goes.
    world.move(bls, world.place(far_bls))
    assert suggestion(world.recommend(incident["id"]), "transport") == medic


def test_als_intercept_sends_bls_now_and_als_to_meet_when_no_als_can_make_the_target(
    world: World,
) -> None:
    """ALS intercept: when no ALS transport can arrive within the priority's target (NFPA 1710:
    480 s for priority 1) but a BLS transport can, send it now and the ALS unit to meet it."""
    pairs = [(a.name, b.name) for a in world.region.places for b in world.region.places if a != b]
    incident_at, als_at = max(pairs, key=lambda p: eta(world, p[1], p[0]))
    bls_at = min((s.name for s in world.region.stations), key=lambda s: eta(world, s, incident_at))
    assert eta(world, als_at, incident_at) > P1_TARGET >= eta(world, bls_at, incident_at)
    medic = world.unit("M1", "ALS", at=world.place(als_at))
    bls = world.unit("B1", "BLS", at=world.place(bls_at))
    incident = world.call(CARDIAC_ARREST, world.place(incident_at), NOT_BREATHING)
    recommendation = world.recommend(incident["id"])
    intercept = role_of(recommendation, "transport")["intercept"]
    assert intercept is not None and "target" in intercept["reason"]
    assert [c["unit_id"] for c in intercept["send_now"]] == [bls]
    assert [c["unit_id"] for c in intercept["to_meet"]] == [medic]
    assert suggestion(recommendation, "transport") == bls
    assert suggestion(recommendation, "intercept") == medic


def test_first_response_and_transport_are_filled_by_distinct_units(world: World) -> None:
    """A cardiac arrest gets the nearest first responder and, separately, an ALS transport."""
    engine = world.unit("E1", "EMR", "first-response", at=world.place("City Hall"))
    medic = world.unit("M1", "ALS", at=world.place("Station 3"))
    incident = world.call(CARDIAC_ARREST, world.place("Central Square"), NOT_BREATHING)
    recommendation = world.recommend(incident["id"])
    assert suggestion(recommendation, "first_response") == engine
    assert suggestion(recommendation, "transport") == medic
    transport = role_of(recommendation, "transport")
    assert {e["unit_id"]: e["why"] for e in transport["excluded"]} == {engine: "wrong_type"}


def test_every_unit_not_recommended_is_listed_with_why(world: World) -> None:
    where = world.place("Central Square")
    busy = world.unit("M1", "ALS", at=world.place("Station 1"))
    down = world.unit("M2", "ALS", at=world.place("Station 2"))
    lost = world.unit("M3", "ALS")  # never reported a position
    stale = world.unit("M4", "ALS")
    world.move(stale, world.place("Station 3"), seconds_ago=3600)
    low = world.unit("B1", "BLS", at=world.place("Station 5"))
    ready = world.unit("M5", "ALS", at=world.place("Station 6"))
    other = world.call(FALLS, world.place("Old Town"))
    assert world.assign(other["id"], busy).status_code == 201
    assert world.status(down, "out_of_service").status_code == 200
    incident = world.call(CARDIAC_ARREST, where, NOT_BREATHING)
    transport = role_of(world.recommend(incident["id"]), "transport")
    why = {e["unit_id"]: e["why"] for e in transport["excluded"]}
    assert why == {
        busy: "busy",
        down: "out_of_service",
        lost: "no_recent_position",
        stale: "no_recent_position",
        low: "level_too_low",
    }
    assert [c["unit_id"] for c in transport["candidates"]] == [ready]


def test_a_unit_returning_on_the_radio_is_a_candidate(world: World) -> None:
    medic = world.unit("M1", "ALS", at=world.place("Station 1"))
    first = world.call(FALLS, world.place("Old Town"))
    world.bring_to(medic, "at_destination", first["id"])
    assert world.status(medic, "returning").status_code == 200
    incident = world.call(FALLS, world.place("Market Street"))
    (candidate,) = role_of(world.recommend(incident["id"]), "transport")["candidates"]
    assert candidate["unit_id"] == medic
    assert "available on the radio while returning" in candidate["reasons"]
    assert world.assign(incident["id"], medic).status_code == 201


def test_upgrade_keeps_the_unit_on_the_way_and_opens_the_als_role(world: World) -> None:
    """Re-triage on new information: units already sent keep a role they fit (maximum
    matching); roles none of them fits are recommended; unneeded units are releasable."""
    bls = world.unit("B1", "BLS", at=world.place("Station 2"))
    medic = world.unit("M1", "ALS", at=world.place("Station 3"))
    incident = world.call(FALLS, world.place("Central Square"))
    assert world.assign(incident["id"], bls).status_code == 201
    up = world.post(f"/incidents/{incident['id']}/triage", {"answers": NOT_BREATHING}).json()
    assert (up["incident"]["priority"], up["incident"]["level"]) == (1, "ALS")
    # The BLS unit, sent non-emergent to a fall, now fills first response and goes emergent.
    assert up["kept"] == [{"unit_id": bls, "role": "first_response", "mode_change": "emergent"}]
    (sent,) = up["incident"]["assignments"]
    assert (sent["role"], sent["mode"]) == ("first_response", "emergent")
    assert up["recommendation"]["unfilled"] == []
    assert suggestion(up["recommendation"], "transport") == medic
    assert world.assign(incident["id"], medic).status_code == 201
    # Downgrade: it is a simple fall after all. The transport keeps its role (a unit already in
    # a role is kept there, domain.dispatch.retriage) and the first responder can be released.
    down = world.post(
        f"/incidents/{incident['id']}/triage",
        {"dispatch_reason": FALLS, "answers": {"breathing": "normal", "conscious": True}},
    ).json()
    assert down["incident"]["level"] == "BLS"
    assert [(k["unit_id"], k["role"]) for k in down["kept"]] == [(medic, "transport")]
    assert down["releasable"] == [bls]
