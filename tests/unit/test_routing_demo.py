"""The demo county: deterministic, connected, with every place on a road."""

from __future__ import annotations

import numpy as np
import pytest

from goldenhour.adapters.routing import Region
from goldenhour.adapters.routing.demo_region import generate_demo
from goldenhour.domain.shared.errors import InvalidInput


def test_same_size_and_seed_give_the_same_county():
    a_graph, a_places = generate_demo(2_000, seed=7)
    b_graph, b_places = generate_demo(2_000, seed=7)
    np.testing.assert_array_equal(a_graph.lon, b_graph.lon)
    np.testing.assert_array_equal(a_graph.times["emergency"], b_graph.times["emergency"])
    assert a_places == b_places


def test_another_seed_gives_another_county():
    a_graph, _ = generate_demo(2_000, seed=1)
    b_graph, _ = generate_demo(2_000, seed=2)
    assert not np.array_equal(a_graph.lon, b_graph.lon)


@pytest.mark.parametrize("size", [2_000, 20_000])
def test_size_is_about_the_node_count(size: int):
    graph, _ = generate_demo(size, seed=1)
    assert 0.85 * size <= graph.node_count <= 1.15 * size


def test_county_has_town_rural_roads_and_a_highway():
    graph, _ = generate_demo(2_000, seed=1)
    town, rural, highway = np.bincount(graph.source_id, minlength=3)
    assert town > 500 and rural > 500 and highway > 20
    fastest = graph.length_m * 3.6 / graph.times["normal"]
    assert fastest[np.isin(graph.tail, np.flatnonzero(graph.source_id == 2))].max() > 100


def test_town_has_one_way_streets():
    graph, _ = generate_demo(2_000, seed=1)
    pairs = set(zip(graph.tail.tolist(), graph.head.tolist(), strict=True))
    one_way = sum((h, t) not in pairs for t, h in pairs)
    assert one_way > 50


def test_stations_hospitals_and_places_sit_on_roads_and_reach_each_other():
    graph, places = generate_demo(2_000, seed=1)
    region = Region("demo", graph, {"places": [p.as_dict() for p in places]})
    assert len(region.stations) >= 3 and len(region.hospitals) >= 2
    assert len(region.named_places) >= 6
    assert len({p.id for p in places}) == len(places)
    for place in places:
        assert region.snap(place.lon, place.lat).distance_m == 0.0
    hospital = region.hospitals[0]
    origins = [[p.lon, p.lat] for p in region.stations]
    etas = region.etas_to((hospital.lon, hospital.lat), origins)
    assert np.isfinite(etas).all() and (etas < 3600).all()


def test_emergency_mode_is_faster_than_normal():
    graph, _ = generate_demo(2_000, seed=1)
    assert (graph.times["emergency"] < graph.times["normal"]).all()


def test_silly_sizes_are_refused():
    with pytest.raises(InvalidInput, match="size"):
        generate_demo(3)
