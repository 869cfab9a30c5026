"""Calls by time of day: rates per zone, hour of day and call class.

Demand is not flat: an EMS system takes two to three times as many calls in the early evening
as at four in the morning, and a plan that looks fine on the daily mean can fail every evening.
An agency states what it sees (or what its history says) as calls per hour for each zone,
hour of the day and class of call; calls then arrive as a non-homogeneous Poisson process,
piecewise constant by the hour: in each hour of each day the count is Poisson with the hour's
total rate, the calls fall uniformly within the hour, and each call's zone and class are drawn
in proportion to their share of that hour's rate. Within its zone a call falls on a place by
the model's place weights (population density).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from goldenhour.domain.planning.simulation.model import FloatArray, IntArray
from goldenhour.domain.shared.errors import InvalidInput

HOURS = 24


@dataclass(frozen=True)
class HourlyRates:
    """``per_hour[zone, hour, class]``: calls per hour; ``zone_of_place``: each place's zone."""

    zones: Sequence[str]
    classes: Sequence[str]
    per_hour: FloatArray
    zone_of_place: IntArray

    def __post_init__(self) -> None:
        if self.per_hour.shape != (len(self.zones), HOURS, len(self.classes)):
            raise InvalidInput.for_field("rates", "need one rate per zone, hour and class")
        if not np.all(np.isfinite(self.per_hour)) or np.any(self.per_hour < 0):
            raise InvalidInput.for_field("rates", "must be finite and 0 or more calls an hour")

    @property
    def calls_per_day(self) -> float:
        return float(self.per_hour.sum())

    def arrivals(
        self,
        days: float,
        counts: np.random.Generator,
        within: np.random.Generator,
        which: np.random.Generator,
        scale: float = 1.0,
    ) -> tuple[FloatArray, IntArray, IntArray]:
        """Times (seconds, sorted), zone and class index of each call over ``days``; the
        rates times ``scale``. Each draw has its own stream, so common random numbers hold."""
        hours = int(np.ceil(days * HOURS))
        hourly = self.per_hour.sum(axis=(0, 2)) * scale  # calls per hour, by hour of day
        n = counts.poisson(hourly[np.arange(hours) % HOURS])
        start = np.repeat(np.arange(hours) * 3600.0, n)
        times = start + within.random(start.size) * 3600.0
        hour = np.repeat(np.arange(hours) % HOURS, n)
        flat = self.per_hour.transpose(1, 0, 2).reshape(HOURS, -1)  # hour -> (zone, class)
        cumulative = np.cumsum(flat, axis=1)
        total = cumulative[:, -1]
        picks = which.random(start.size) * total[hour]
        cell = np.empty(start.size, dtype=np.int64)
        for h in range(HOURS):
            at = hour == h
            cell[at] = np.searchsorted(cumulative[h], picks[at], side="right")
        cell = cell.clip(max=flat.shape[1] - 1)
        order = np.argsort(times, kind="stable")
        keep = times[order] < days * 86_400.0
        order = order[keep]
        zone, klass = np.divmod(cell[order], len(self.classes))
        return times[order], zone.astype(np.int64), klass.astype(np.int64)

    def places(self, zone: IntArray, weights: FloatArray, rng: np.random.Generator) -> IntArray:
        """A place for each call within its zone, by the places' weights."""
        out = np.empty(len(zone), dtype=np.int64)
        for z in np.unique(zone):
            mine = np.flatnonzero(self.zone_of_place == z)
            w = weights[mine]
            if len(mine) == 0 or w.sum() <= 0:
                raise InvalidInput.for_field(f"rates: zone {self.zones[z]}", "has no places")
            calls = zone == z
            out[calls] = mine[rng.choice(len(mine), size=int(calls.sum()), p=w / w.sum())]
        return out
