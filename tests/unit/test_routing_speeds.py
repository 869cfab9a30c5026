"""Which ways are roads, which way they run, and how fast an ambulance drives them."""

from __future__ import annotations

import pytest

from goldenhour.adapters.routing.speeds import (
    DEFAULT_SPEEDS_KMH,
    EMERGENCY_FACTOR,
    oneway_direction,
    parse_maxspeed,
    way_speeds,
)


@pytest.mark.parametrize(
    ("raw", "kmh"),
    [
        ("50", 50.0),
        ("30 mph", 30 * 1.609344),
        ("FI:urban", 50.0),
        ("DE:rural", 80.0),
        ("walk", 7.0),
        ("60;40", 40.0),
        ("none", None),
        ("signals", None),
        ("", None),
        (None, None),
        ("0", None),
    ],
)
def test_maxspeed_is_read_in_kmh_or_ignored_when_unreadable(raw: str | None, kmh: float | None):
    assert parse_maxspeed(raw) == (pytest.approx(kmh) if kmh is not None else None)


def test_posted_limit_beats_class_default_and_emergency_is_faster():
    normal, emergency = way_speeds({"highway": "residential", "maxspeed": "40"})  # type: ignore[misc]
    assert normal == 40.0
    assert emergency == pytest.approx(40.0 * EMERGENCY_FACTOR)
    normal, _ = way_speeds({"highway": "residential"})  # type: ignore[misc]
    assert normal == DEFAULT_SPEEDS_KMH["residential"]


@pytest.mark.parametrize(
    "tags",
    [
        {"highway": "footway"},
        {"highway": "cycleway"},
        {"highway": "steps"},
        {"highway": "construction"},
        {"highway": "track"},
        {"highway": "service", "area": "yes"},
        {"highway": "residential", "access": "no"},
        {"highway": "residential", "motor_vehicle": "private"},
        {"building": "yes"},
    ],
)
def test_ways_an_ambulance_cannot_drive_are_not_roads(tags: dict[str, str]):
    assert way_speeds(tags) is None


def test_way_closed_to_traffic_but_open_to_emergency_vehicles_is_emergency_only():
    speeds = way_speeds({"highway": "service", "access": "no", "emergency": "yes"})
    assert speeds is not None
    normal, emergency = speeds
    assert normal is None and emergency > 0
    bus = way_speeds({"highway": "busway"})
    assert bus is not None and bus[0] is None


@pytest.mark.parametrize(
    ("tags", "direction"),
    [
        ({"highway": "residential"}, 0),
        ({"highway": "residential", "oneway": "yes"}, 1),
        ({"highway": "residential", "oneway": "true"}, 1),
        ({"highway": "residential", "oneway": "1"}, 1),
        ({"highway": "residential", "oneway": "-1"}, -1),
        ({"highway": "residential", "oneway": "reverse"}, -1),
        ({"highway": "primary", "junction": "roundabout"}, 1),
        ({"highway": "motorway"}, 1),
        ({"highway": "motorway", "oneway": "no"}, 0),
    ],
)
def test_oneway_tags_set_the_direction(tags: dict[str, str], direction: int):
    assert oneway_direction(tags) == direction
