"""A recorded week played again: stations placed from the calls' station areas, and each call
handed out once, in order, when simulated time reaches the moment it was received."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from goldenhour.domain.dispatch.replay import RecordedCall, ReplaySchedule, station_sites

START = datetime(2016, 12, 31, tzinfo=UTC)


def _call(n: int, area: str = "", lon: float | None = 0.0, lat: float | None = 0.0,
          at_s: float = 0.0) -> RecordedCall:  # fmt: skip
    return RecordedCall(START + timedelta(seconds=at_s), str(n), "Medical Incident", "x", lon,
                        lat, area)  # fmt: skip


def test_a_station_sits_at_the_median_of_its_areas_calls_so_one_stray_call_does_not_move_it():
    calls = [
        _call(1, "01", -122.40, 37.78), _call(2, "01", -122.41, 37.79),
        _call(3, "01", -122.42, 37.77), _call(4, "01", -121.00, 38.50),  # geocoded across the bay
        _call(5, "01", -122.43, 37.76),
        _call(6, "02", -122.50, 37.70),
    ]  # fmt: skip
    one, two = station_sites(calls)
    assert (one.name, one.lon, one.lat, one.calls) == ("Station 01", -122.41, 37.78, 5)
    assert (two.name, two.lon, two.lat, two.calls) == ("Station 02", -122.50, 37.70, 1)


def test_calls_without_a_point_or_an_area_place_no_station_and_areas_sort_by_number():
    calls = [
        _call(1, "10", -1.0, 1.0), _call(2, "9", -2.0, 2.0), _call(3, "", -3.0, 3.0),
        _call(4, "7", None, None), _call(5, "TI", -4.0, 4.0),
    ]  # fmt: skip
    assert [s.name for s in station_sites(calls)] == ["Station 9", "Station 10", "Station TI"]


@settings(max_examples=60, deadline=None)
@given(
    offsets=st.lists(st.integers(0, 7 * 86400), min_size=1, max_size=40),  # CAD seconds
    steps=st.lists(st.integers(0, 86400), min_size=1, max_size=20),
)
def test_each_call_is_handed_out_once_in_order_when_its_moment_is_reached(
    offsets: list[int], steps: list[int]
) -> None:
    calls = [_call(n, at_s=s) for n, s in enumerate(offsets)]
    schedule = ReplaySchedule(calls)
    first = min(offsets)
    handed: list[RecordedCall] = []
    before, elapsed = -1.0, 0.0  # the first call is due at once
    for step in steps:
        batch = schedule.due(elapsed)
        assert all(before < (c.received_at - START).total_seconds() - first <= elapsed
                   for c in batch)  # fmt: skip
        handed += batch
        before, elapsed = elapsed, elapsed + step
    elapsed = before
    expected = sorted((c for c in calls if (c.received_at - START).total_seconds() - first
                       <= elapsed), key=lambda c: (c.received_at, c.external_id))  # fmt: skip
    assert handed == expected
    assert schedule.finished == (len(handed) == len(calls))


def test_at_speed_sixty_an_hour_of_calls_arrives_in_a_minute():
    calls = [_call(n, at_s=s) for n, s in enumerate((0, 59, 60, 61, 1800, 3600, 3601))]
    schedule = ReplaySchedule(calls)
    speed = 60.0
    by_real_second = {real_s: [c.external_id for c in schedule.due(real_s * speed)]
                      for real_s in (0, 1, 30, 60, 61)}  # fmt: skip
    assert by_real_second == {0: ["0"], 1: ["1", "2"], 30: ["3", "4"], 60: ["5"], 61: ["6"]}
    assert schedule.finished and schedule.span_s == 3601
