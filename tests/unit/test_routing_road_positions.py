"""Remembered road positions answer exactly what a fresh snap answers, whatever the history."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenhour.adapters.routing import Region
from goldenhour.adapters.routing.demo_region import generate_demo
from goldenhour.adapters.routing.road_positions import RoadPositions
from goldenhour.adapters.routing.snapping import Snap, Snaps
from goldenhour.domain.shared.errors import InvalidInput

GRAPH, _ = generate_demo(2_000, seed=4)
REGION = Region("positions", GRAPH)
WEST, SOUTH, EAST, NORTH = GRAPH.bbox
# A small pool so that batches repeat points, as unit positions repeat between queries.
POOL = np.column_stack(
    [
        np.random.default_rng(7).uniform(WEST - 0.05, EAST + 0.05, 24),
        np.random.default_rng(8).uniform(SOUTH - 0.05, NORTH + 0.05, 24),
    ]
)
POOL[3] = [np.nan, 1.0]  # a unit with no fix
POOL[5] = [np.inf, np.inf]


def assert_same(got: Snaps, expected: Snaps) -> None:
    for name in ("arc", "fraction", "lon", "lat", "distance_m"):
        np.testing.assert_array_equal(getattr(got, name), getattr(expected, name), err_msg=name)


@settings(max_examples=60, deadline=None)
@given(
    batches=st.lists(
        st.lists(st.integers(0, len(POOL) - 1), min_size=0, max_size=12), min_size=1, max_size=6
    ),
    capacity=st.integers(1, 30),
)
def test_remembered_positions_equal_fresh_snaps(batches: list[list[int]], capacity: int):
    positions = RoadPositions(REGION.snap_many, capacity=capacity)
    for batch in batches:
        points = POOL[batch].reshape(-1, 2)
        assert_same(positions.lookup(points), REGION.snap_many(points))
        assert len(positions) <= capacity


def test_a_point_seen_before_is_not_snapped_again():
    snapped: list[int] = []

    def counting(points: np.ndarray) -> Snaps:
        snapped.append(len(points))
        return REGION.snap_many(points)

    positions = RoadPositions(counting)
    positions.lookup(POOL[:10])
    positions.lookup(POOL[5:15])
    # The second batch snaps only its five new points, plus the two with no fix (never kept).
    assert snapped == [10, 5 + 1]
    assert len(positions) == 8 + 5


def test_region_etas_are_the_same_with_positions_remembered():
    destination = (float(GRAPH.lon[10]), float(GRAPH.lat[10]))
    fresh = REGION.etas_to(destination, REGION.snap_many(POOL))
    for _ in range(2):
        np.testing.assert_array_equal(REGION.etas_to(destination, POOL), fresh)


def _fresh(lon: float, lat: float) -> Snap | str:
    """What the snapper answers for one point, without any memory: the snap, or its refusal."""
    try:
        return REGION.snapper.snap(lon, lat)
    except InvalidInput as exc:
        return exc.errors[0].problem


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([i for i in range(len(POOL)) if i not in (3, 5)]), max_size=8))
def test_a_single_point_asked_again_gets_what_a_fresh_snap_answers(picks: list[int]):
    """A call's point is placed several times while it is taken: remembered or not, the
    nearest road, the snap and a refusal (too far from any road) are the same."""
    for lon, lat in POOL[picks].tolist():
        nearest = REGION.snapper.nearest([[lon, lat]])
        expected = float(nearest.lon[0]), float(nearest.lat[0]), float(nearest.distance_m[0])
        for _ in range(2):
            assert REGION.nearest_road(lon, lat) == expected
            try:
                found = REGION.snap(lon, lat)
            except InvalidInput as exc:
                assert exc.errors[0].problem == _fresh(lon, lat)
            else:
                assert found == _fresh(lon, lat)
