"""Placing points on the road network, and refusing points that cannot be on it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from goldenhour.adapters.routing.graph import RoadGraph, finalize, haversine_m
from goldenhour.adapters.routing.snapping import Snapper, check_lonlat
from goldenhour.domain.shared.errors import InvalidInput

# A 10 x 10 two-way street grid around Helsinki, ~185 m blocks east-west, ~220 m north-south.
SIDE = 10
LONS, LATS = np.linspace(24.93, 24.96, SIDE), np.linspace(60.16, 60.18, SIDE)


def _grid() -> RoadGraph:
    lon, lat = (a.ravel() for a in np.meshgrid(LONS, LATS))
    ids = np.arange(SIDE * SIDE).reshape(SIDE, SIDE)
    pairs = np.r_[
        np.column_stack([ids[:, :-1].ravel(), ids[:, 1:].ravel()]),
        np.column_stack([ids[:-1, :].ravel(), ids[1:, :].ravel()]),
    ]
    tail, head = np.r_[pairs[:, 0], pairs[:, 1]], np.r_[pairs[:, 1], pairs[:, 0]]
    seconds = np.full(tail.size, 10.0)
    return finalize(lon, lat, tail, head, seconds, {"emergency": seconds, "normal": seconds})


@pytest.fixture(scope="module")
def snapper() -> Snapper:
    return Snapper(_grid(), max_snap_m=1000)


def test_a_point_beside_a_street_drops_onto_it_between_two_nodes(snapper: Snapper):
    mid_lon = (LONS[0] + LONS[1]) / 2
    snap = snapper.snap(mid_lon, LATS[0] + 0.0001)  # ~11 m north of the first street
    g = snapper.graph
    assert {g.lat[g.tail[snap.arc]], g.lat[g.head[snap.arc]]} == {LATS[0]}
    assert snap.fraction == pytest.approx(0.5, abs=0.01)
    assert (snap.lon, snap.lat) == pytest.approx((mid_lon, LATS[0]))
    assert snap.distance_m == pytest.approx(float(haversine_m(0, 0, 0, 0.0001)), rel=0.01)


def test_a_point_on_a_junction_is_the_junction_itself(snapper: Snapper):
    snap = snapper.snap(LONS[3], LATS[4] + 1e-6)  # ~0.1 m away
    assert snap.fraction in (0.0, 1.0)
    assert (snap.lon, snap.lat) == (LONS[3], LATS[4])


def test_many_points_are_snapped_at_once_and_bad_rows_marked(snapper: Snapper):
    found = snapper.nearest([[24.93, 60.16], [math.nan, 60.0], [24.96, 60.18]])
    assert found.arc[1] == -1 and math.isinf(found.distance_m[1])
    assert found.distance_m[0] == 0.0 and found.distance_m[2] == 0.0


def test_point_too_far_from_any_road_names_the_distance_and_the_region(snapper: Snapper):
    with pytest.raises(InvalidInput, match=r"--to: \(25.5, 60.17\) is 29.9 km from the nearest"):
        snapper.snap(25.5, 60.17, what="--to")


def test_swapped_latitude_and_longitude_get_a_hint(snapper: Snapper):
    with pytest.raises(InvalidInput, match="look swapped"):
        snapper.snap(60.17, 24.94)


@pytest.mark.parametrize(
    ("lon", "lat", "message"),
    [
        (24.9, 95.0, r"latitude 95.0 is outside \[-90, 90\] \(longitude and latitude swapped"),
        (200.0, 60.0, "longitude 200.0"),
        (math.inf, 60.0, "not a finite"),
    ],
)
def test_impossible_coordinates_are_refused(lon: float, lat: float, message: str):
    with pytest.raises(InvalidInput, match=message):
        check_lonlat(lon, lat)


def test_a_long_road_passing_close_wins_over_nearer_junctions():
    # A 2 km road from (0, 0) to (0.018, 0), and a small block of streets 40-60 m north of
    # its middle. A point 10 m north of the long road's middle belongs on the long road.
    lon = [0.0, 0.018, 0.0089, 0.0091, 0.0091, 0.0089]
    lat = [0.0, 0.0, 0.00036, 0.00036, 0.00054, 0.00054]
    tail = [0, 1, 2, 3, 3, 4, 4, 5, 5, 2, 0, 2]
    head = [1, 0, 3, 2, 4, 3, 5, 4, 2, 5, 2, 0]
    seconds = np.ones(len(tail))
    graph = finalize(lon, lat, tail, head, seconds, {"emergency": seconds, "normal": seconds})
    snap = Snapper(graph).snap(0.009, 0.00009)
    assert {int(graph.tail[snap.arc]), int(graph.head[snap.arc])} == {0, 1}
    assert snap.distance_m == pytest.approx(10.0, abs=0.1)


def test_snaps_match_a_brute_force_scan_of_every_road(snapper: Snapper):
    g = snapper.graph
    rng = np.random.default_rng(7)
    points = np.column_stack([rng.uniform(24.929, 24.961, 60), rng.uniform(60.159, 60.181, 60)])
    found = snapper.nearest(points)
    for (lon, lat), gap in zip(points, found.distance_m, strict=True):
        # Dense sampling of every road: the brute-force nearest distance, to ~0.1 m.
        t = np.linspace(0, 1, 1_001)[:, None]
        along_lon = g.lon[g.tail] + t * (g.lon[g.head] - g.lon[g.tail])
        along_lat = g.lat[g.tail] + t * (g.lat[g.head] - g.lat[g.tail])
        brute = float(haversine_m(lon, lat, along_lon, along_lat).min())
        assert gap == pytest.approx(brute, abs=0.2)
