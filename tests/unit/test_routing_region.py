"""Queries on an in-memory region: ETAs both ways, off-road gaps, paths, isochrones, errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from goldenhour.adapters.routing import OFFROAD_KMH, Region, StraightLineTravelTimes
from goldenhour.adapters.routing.graph import finalize
from goldenhour.domain.shared.errors import InvalidInput

# A square block, 0.001 deg apart (~111 m in latitude at the equator):
#   3 ---- 2
#   |      |
#   0 ---> 1      0->1 is one-way; every other side is two-way.
LON = [0.0, 0.001, 0.001, 0.0]
LAT = [0.0, 0.0, 0.001, 0.001]
TAIL = [0, 1, 2, 2, 3, 3, 0]
HEAD = [1, 2, 1, 3, 2, 0, 3]
SECONDS = [10.0, 20.0, 20.0, 30.0, 30.0, 40.0, 40.0]


@pytest.fixture(scope="module")
def square() -> Region:
    graph = finalize(
        LON, LAT, TAIL, HEAD, np.ones(7), {"emergency": SECONDS, "normal": [2 * s for s in SECONDS]}
    )
    return Region(
        "square",
        graph,
        {
            "places": [
                {"kind": "station", "id": "S1", "name": "Station 1", "lon": 0.0, "lat": 0.0},
                {"kind": "hospital", "id": "H1", "name": "General", "lon": 0.001, "lat": 0.001},
            ]
        },
    )


def test_one_way_street_forces_the_long_way_round(square: Region):
    assert square.eta((0.0, 0.0), (0.001, 0.0)) == pytest.approx(10.0)
    # 1 -> 0 may not use the one-way: 1 -> 2 -> 3 -> 0.
    assert square.eta((0.001, 0.0), (0.0, 0.0)) == pytest.approx(20 + 30 + 40)


def test_etas_to_a_destination_match_etas_from_each_origin(square: Region):
    origins = np.array([LON, LAT]).T
    to_zero = square.etas_to((0.0, 0.0), origins)
    expected = [square.eta(tuple(o), (0.0, 0.0)) for o in origins]
    np.testing.assert_allclose(to_zero, expected)
    np.testing.assert_allclose(square.etas_from((0.0, 0.0), origins), [0, 10, 30, 40])


def test_normal_mode_uses_its_own_times(square: Region):
    assert square.eta((0.0, 0.0), (0.001, 0.0), mode="normal") == pytest.approx(20.0)


def test_off_road_gap_is_added_at_off_road_speed(square: Region):
    near = (0.0, -0.0005)  # ~55 m south of node 0
    gap = square.snap(*near).distance_m
    assert 50 < gap < 60
    expected = 10.0 + gap * 3.6 / OFFROAD_KMH["emergency"]
    assert square.eta(near, (0.001, 0.0)) == pytest.approx(expected)


def test_origins_off_the_network_answer_inf_instead_of_failing_the_batch(square: Region):
    etas = square.etas_to((0.0, 0.0), [[0.001, 0.0], [5.0, 5.0], [math.nan, 0.0]])
    assert math.isfinite(etas[0])
    assert math.isinf(etas[1]) and math.isinf(etas[2])


def test_a_destination_far_from_roads_is_one_clear_error(square: Region):
    with pytest.raises(InvalidInput, match=r"destination: .* km from the nearest road"):
        square.etas_to((1.0, 1.0), [[0.0, 0.0]])


def test_path_follows_roads_and_ends_at_the_given_points(square: Region):
    assert square.path((0.001, 0.0), (0.0, 0.0)) == [
        (0.001, 0.0),
        (0.001, 0.001),
        (0.0, 0.001),
        (0.0, 0.0),
    ]
    off = square.path((0.0, -0.0005), (0.001, 0.0))
    assert off[0] == (0.0, -0.0005) and off[1] == (0.0, 0.0) and off[-1] == (0.001, 0.0)
    route = square.route((0.001, 0.0), (0.0, 0.0))
    assert route.seconds == pytest.approx(90.0)
    assert route.distance_m == pytest.approx(3 * 111.2, rel=0.01)


def test_reachable_within_is_a_time_budget(square: Region):
    reach = square.reachable_within((0.0, 0.0), 30.0)
    assert sorted(reach.seconds.tolist()) == [0.0, 10.0, 30.0]
    assert square.reachable_within((0.0, 0.0), 0.0).lonlat.tolist() == [[0.0, 0.0]]
    with pytest.raises(InvalidInput, match="seconds"):
        square.reachable_within((0.0, 0.0), -1)


def test_unknown_mode_is_refused(square: Region):
    with pytest.raises(InvalidInput, match="mode: 'flying'"):
        square.eta((0.0, 0.0), (0.001, 0.0), mode="flying")


def test_origins_must_be_lon_lat_pairs(square: Region):
    with pytest.raises(InvalidInput, match=r"\(n, 2\)"):
        square.etas_to((0.0, 0.0), [[0.0, 0.0, 0.0]])


def test_places_are_plain_data_by_kind(square: Region):
    assert [p.name for p in square.stations] == ["Station 1"]
    assert [p.id for p in square.hospitals] == ["H1"]
    assert square.named_places == ()
    assert square.place("General").lon == 0.001
    assert square.info()["places"][0]["kind"] == "station"


def test_straight_line_double_has_the_same_call_shape():
    fake = StraightLineTravelTimes(kmh={"emergency": 36.0, "normal": 18.0}, detour=1.0)
    etas = fake.etas_to((0.0, 0.0), [[0.0, 0.001], [0.0, 0.002]])
    np.testing.assert_allclose(etas, [11.12, 22.24], rtol=1e-3)
    assert fake.etas_from((0.0, 0.0), [[0.0, 0.001]], mode="normal")[0] == pytest.approx(
        22.24, rel=1e-3
    )


def test_from_the_middle_of_a_one_way_street_you_drive_on_not_back(square: Region):
    middle = (0.0005, -0.0001)  # beside the one-way 0 -> 1, halfway
    assert square.snap(*middle).fraction == pytest.approx(0.5)
    gap = square._offroad_s(square.snap(*middle).distance_m, "emergency")
    # To node 1: on along the one-way (5 s). To node 0: on to 1, then 1 -> 2 -> 3 -> 0.
    assert square.eta(middle, (0.001, 0.0)) == pytest.approx(5.0 + gap)
    assert square.eta(middle, (0.0, 0.0)) == pytest.approx(5.0 + 90.0 + gap)
    # Arriving mid-way: from 0 straight on; from 1 all the way round to 0 first.
    assert square.eta((0.0, 0.0), middle) == pytest.approx(5.0 + gap)
    assert square.eta((0.001, 0.0), middle) == pytest.approx(90.0 + 5.0 + gap)


def test_on_a_two_way_street_either_way_is_open(square: Region):
    middle = (0.0, 0.00025)  # on the two-way 0 <-> 3 (40 s), a quarter of the way
    assert square.eta(middle, (0.0, 0.0)) == pytest.approx(10.0)
    assert square.eta(middle, (0.0, 0.001)) == pytest.approx(30.0)
    along = square.etas_to((0.0, 0.00075), [middle, (0.0, 0.0)])
    np.testing.assert_allclose(along, [20.0, 30.0])


def test_etas_to_and_etas_from_agree_for_random_points_on_the_demo_county():
    """Two code paths (reversed search vs forward searches) must give the same numbers."""
    from goldenhour.adapters.routing.demo_region import generate_demo
    from goldenhour.adapters.routing.travel_times import CsgraphEngine

    graph, _ = generate_demo(2_000, seed=9)
    fast, reference = Region("d", graph), Region("d", graph, engine=CsgraphEngine(graph))
    rng = np.random.default_rng(3)
    x0, y0, x1, y1 = graph.bbox
    points = np.column_stack([rng.uniform(x0, x1, 40), rng.uniform(y0, y1, 40)])
    for destination in points[:8]:
        backward = fast.etas_to(tuple(destination), points)
        forward = [fast.eta(tuple(p), tuple(destination)) for p in points]
        np.testing.assert_allclose(backward, forward, rtol=0, atol=1e-6)
        np.testing.assert_allclose(
            reference.etas_to(tuple(destination), points), backward, rtol=0, atol=1e-6
        )
        routes = [fast.route(tuple(p), tuple(destination)).seconds for p in points[:5]]
        np.testing.assert_allclose(routes, forward[:5], rtol=0, atol=1e-6)


def test_units_snapped_once_give_the_same_etas_as_coordinates(square: Region):
    units = [[0.001, 0.0], [0.0005, -0.0001], [9.0, 9.0]]
    snapped = square.snap_many(units)
    assert math.isinf(snapped.distance_m[2])
    for destination in [(0.0, 0.0), (0.0, 0.0007)]:
        np.testing.assert_array_equal(
            square.etas_to(destination, snapped), square.etas_to(destination, units)
        )
