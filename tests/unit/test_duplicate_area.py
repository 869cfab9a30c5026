"""The box intake reads to look for a possible duplicate holds every call within 100 m."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from goldenhour.domain.addresses.geometry import EARTH_RADIUS_M, distance_m
from goldenhour.domain.dispatch.intake import DUPLICATE_WITHIN_M, duplicate_area


def destination(lon: float, lat: float, bearing_deg: float, metres: float) -> tuple[float, float]:
    """The point ``metres`` away on a great circle (the direct geodesic problem on a sphere)."""
    phi, lam, theta = math.radians(lat), math.radians(lon), math.radians(bearing_deg)
    delta = metres / EARTH_RADIUS_M
    phi2 = math.asin(
        math.sin(phi) * math.cos(delta) + math.cos(phi) * math.sin(delta) * math.cos(theta)
    )
    lam2 = lam + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi),
        math.cos(delta) - math.sin(phi) * math.sin(phi2),
    )
    return math.degrees(lam2), math.degrees(phi2)


@settings(max_examples=200)
@given(
    lon=st.floats(-179.0, 179.0),
    lat=st.floats(-85.0, 85.0),
    bearing=st.floats(0.0, 360.0),
    metres=st.floats(0.0, DUPLICATE_WITHIN_M),
)
def test_every_point_within_the_duplicate_distance_lies_in_the_box(
    lon: float, lat: float, bearing: float, metres: float
) -> None:
    other = destination(lon, lat, bearing, metres)
    assert distance_m((lon, lat), other) <= DUPLICATE_WITHIN_M + 1e-6
    west, south, east, north = duplicate_area(lon, lat)
    assert west <= other[0] <= east and south <= other[1] <= north


def test_the_box_is_no_wider_than_a_few_hundred_metres_at_seattle() -> None:
    """Small enough that a busy minute's other calls are left in the database."""
    west, south, east, north = duplicate_area(-122.33, 47.61)
    assert distance_m((west, 47.61), (east, 47.61)) < 250
    assert distance_m((-122.33, south), (-122.33, north)) < 250
