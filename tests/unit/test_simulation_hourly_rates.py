"""Calls by time of day: a non-homogeneous Poisson process, piecewise constant by the hour."""

from __future__ import annotations

import numpy as np
import pytest

from goldenhour.domain.planning.simulation.calls import CallClass, CallGenerator, Distribution
from goldenhour.domain.planning.simulation.hourly import HourlyRates
from goldenhour.domain.shared.errors import InvalidInput

ZONE_OF_PLACE = np.array([0, 0, 1, 1, 1])  # places 0-1 in zone north, 2-4 in south
CLASSES = [
    CallClass("high", 0.3, ("2301061",), (1.0,)),
    CallClass("low", 0.7, ("2301019",), (1.0,)),
]


def _generator(per_hour: np.ndarray) -> CallGenerator:
    hourly = HourlyRates(("north", "south"), ("high", "low"), per_hour, ZONE_OF_PLACE)
    return CallGenerator(
        calls_per_day=hourly.calls_per_day,
        place_weights=np.ones(5),
        classes=CLASSES,
        dispatch_delay=Distribution("constant", 0.0),
        on_scene=Distribution("constant", 600.0),
        handover=Distribution("constant", 0.0),
        transport_share=0.5,
        hourly=hourly,
    )


def test_calls_come_only_in_the_hours_zones_and_classes_that_have_a_rate():
    per_hour = np.zeros((2, 24, 2))
    per_hour[1, 18, 0] = 3.0  # south, 18:00-19:00, high: 3 calls an hour
    per_hour[0, 3, 1] = 1.0  # north, 03:00-04:00, low: 1 call an hour
    days = 200
    calls = _generator(per_hour).generate(days, seed=5, replication=0)
    hour = (calls.time // 3600) % 24
    evening = hour == 18
    assert set(hour.tolist()) == {3, 18}
    assert set(ZONE_OF_PLACE[calls.place[evening]].tolist()) == {1}
    assert set(calls.reason[evening].tolist()) == {"2301061"}
    assert set(ZONE_OF_PLACE[calls.place[~evening]].tolist()) == {0}
    assert set(calls.reason[~evening].tolist()) == {"2301019"}
    # Poisson counts: 600 expected in the evening, 200 at night; 4 standard deviations.
    assert abs(evening.sum() - 600) < 4 * np.sqrt(600)
    assert abs((~evening).sum() - 200) < 4 * np.sqrt(200)
    assert np.all(np.diff(calls.time) >= 0) and calls.time[-1] < days * 86_400


def test_the_evening_peak_is_kept_when_demand_grows_and_the_base_calls_stay():
    per_hour = np.zeros((2, 24, 2))
    per_hour[:, 17:20, :] = 1.0
    per_hour[:, 0:6, :] = 0.1
    generator = _generator(per_hour)
    base = generator.generate(60, seed=2, replication=1)
    more = generator.generate(60, seed=2, replication=1, demand=1.5)
    assert set(base.time) < set(more.time)
    evening = lambda c: np.mean((c.time // 3600) % 24 >= 17)  # noqa: E731
    assert evening(more) == pytest.approx(evening(base), abs=0.03)
    assert len(more) / len(base) == pytest.approx(1.5, abs=0.08)


def test_rates_for_classes_the_generator_does_not_have_are_refused():
    hourly = HourlyRates(("north", "south"), ("urgent",), np.ones((2, 24, 1)), ZONE_OF_PLACE)
    with pytest.raises(InvalidInput, match="rates"):
        CallGenerator(1.0, np.ones(5), CLASSES, *[Distribution("constant", 0.0)] * 3, 0.5, hourly)


def test_a_negative_rate_is_refused():
    with pytest.raises(InvalidInput, match="rates"):
        HourlyRates(("north",), ("high",), -np.ones((1, 24, 1)), np.zeros(5, dtype=np.int64))
