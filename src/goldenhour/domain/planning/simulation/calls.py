"""Calls for a replication, drawn so that every scenario sees the same calls.

Each attribute of a call (arrival, place, priority class, dispatch reason, delays, transport)
has its own random stream, spawned from the replication's seed. A scenario that changes the
fleet therefore meets exactly the base run's calls (common random numbers), and the
difference between the two runs is the plan's, not the dice's. A demand change of −x %
thins the same calls with one more stream; +x % adds calls drawn from streams of their own,
so the base calls stay as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from goldenhour.domain.planning.simulation.hourly import HourlyRates
from goldenhour.domain.planning.simulation.model import Calls, FloatArray
from goldenhour.domain.shared.errors import InvalidInput

# A new stream goes at the end: the streams before it keep their seeds, so old runs repeat.
STREAMS = (
    "arrival",
    "place",
    "class",
    "reason",
    "delay",
    "scene",
    "transport",
    "handover",
    "within_hour",
)


@dataclass(frozen=True)
class Distribution:
    """A duration in seconds: ``exponential`` (mean a), ``normal`` (mean a, sd b, cut at 0),
    ``weibull`` (shape a, scale b) or ``constant`` (a)."""

    kind: str
    a: float
    b: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in ("exponential", "normal", "weibull", "constant"):
            raise InvalidInput.for_field("distribution", f"unknown kind {self.kind!r}")

    def sample(self, rng: np.random.Generator, n: int) -> FloatArray:
        if self.kind == "exponential":
            values = rng.exponential(self.a, n)
        elif self.kind == "normal":
            values = rng.normal(self.a, self.b, n) if self.b > 0 else np.full(n, self.a)
        elif self.kind == "weibull":
            values = self.b * rng.weibull(self.a, n)
        else:
            values = np.full(n, self.a)
        return np.maximum(values, 0.0)

    @property
    def mean(self) -> float:
        if self.kind == "weibull":
            from math import gamma

            return self.b * gamma(1 + 1 / self.a)
        return self.a


class CallSource(Protocol):
    """Where a replication's calls come from: generated (:class:`CallGenerator`) or the
    agency's history (:class:`~goldenhour.domain.planning.simulation.history.HistoricCalls`)."""

    def generate(self, days: float, seed: int, replication: int, demand: float = 1.0) -> Calls: ...


@dataclass(frozen=True)
class CallClass:
    """A share of the calls and the dispatch reasons they come in with (eDispatch.01)."""

    name: str
    share: float
    reasons: tuple[str, ...]
    weights: tuple[float, ...]


@dataclass(frozen=True)
class CallGenerator:
    """Poisson calls at ``calls_per_day`` spread over places by ``place_weights``; with
    ``hourly``, at its rates by zone, hour of day and class instead (``calls_per_day`` then
    its daily total, which demand changes scale)."""

    calls_per_day: float
    place_weights: FloatArray
    classes: Sequence[CallClass]
    dispatch_delay: Distribution
    on_scene: Distribution
    handover: Distribution
    transport_share: float
    hourly: HourlyRates | None = None

    def __post_init__(self) -> None:
        if self.hourly is not None and list(self.hourly.classes) != [c.name for c in self.classes]:
            raise InvalidInput.for_field("rates", "classes must be the generator's, in order")

    def generate(self, days: float, seed: int, replication: int, demand: float = 1.0) -> Calls:
        """The replication's calls over ``days``; ``demand`` scales the call rate."""
        if demand < 0:
            raise InvalidInput.for_field("demand", "must be 0 or more")

        def stream(k: int) -> np.random.SeedSequence:  # 0 base, 1 thinning, 2 added calls
            return np.random.SeedSequence(seed, spawn_key=(replication, k))

        base = self._draw(days, stream(0), self.calls_per_day)
        if demand < 1.0:
            keep = np.random.default_rng(stream(1)).random(len(base)) < demand
            return take(base, keep)
        if demand > 1.0:
            return merge(base, self._draw(days, stream(2), self.calls_per_day * (demand - 1.0)))
        return base

    def _draw(self, days: float, seq: np.random.SeedSequence, per_day: float) -> Calls:
        rng = {
            name: np.random.default_rng(s)
            for name, s in zip(STREAMS, seq.spawn(len(STREAMS)), strict=True)
        }
        if self.hourly is not None:
            scale = per_day / self.calls_per_day if self.calls_per_day > 0 else 0.0
            return self._draw_hourly(days, rng, scale)
        horizon = days * 86_400.0
        mean_gap = 86_400.0 / per_day if per_day > 0 else np.inf
        expected = int(horizon / mean_gap * 1.2 + 50) if per_day > 0 else 0
        times = np.cumsum(rng["arrival"].exponential(mean_gap, expected))
        while times.size and times[-1] < horizon:
            more = np.cumsum(rng["arrival"].exponential(mean_gap, expected)) + times[-1]
            times = np.concatenate([times, more])
        times = times[times < horizon]
        n = len(times)
        weights = self.place_weights / self.place_weights.sum()
        place = rng["place"].choice(len(weights), size=n, p=weights)
        shares = np.array([c.share for c in self.classes])
        which = rng["class"].choice(len(shares), size=n, p=shares / shares.sum())
        return self._calls(times, place.astype(np.int64), which, rng)

    def _draw_hourly(self, days: float, rng: dict[str, np.random.Generator], scale: float) -> Calls:
        assert self.hourly is not None
        times, zone, which = self.hourly.arrivals(
            days, rng["arrival"], rng["within_hour"], rng["class"], scale
        )
        place = self.hourly.places(zone, self.place_weights, rng["place"])
        return self._calls(times, place, which, rng)

    def _calls(
        self,
        times: FloatArray,
        place: np.ndarray,
        which: np.ndarray,
        rng: dict[str, np.random.Generator],
    ) -> Calls:
        """The calls' other attributes, each from its own stream."""
        n = len(times)
        reason = np.empty(n, dtype=object)
        picks = rng["reason"].random(n)
        for k, c in enumerate(self.classes):
            mask = which == k
            cumulative = np.cumsum(c.weights) / sum(c.weights)
            chosen = np.searchsorted(cumulative, picks[mask], side="right").clip(
                max=len(c.reasons) - 1
            )
            reason[mask] = np.array(c.reasons, dtype=object)[chosen]
        return Calls(
            time=times,
            place=place,
            reason=reason.astype(np.str_),
            dispatch_delay=self.dispatch_delay.sample(rng["delay"], n),
            on_scene=self.on_scene.sample(rng["scene"], n),
            transport=rng["transport"].random(n) < self.transport_share,
            handover=self.handover.sample(rng["handover"], n),
        )


def take(calls: Calls, keep: np.ndarray) -> Calls:
    """The calls where ``keep`` is True."""
    return Calls(
        time=calls.time[keep],
        place=calls.place[keep],
        reason=calls.reason[keep],
        dispatch_delay=calls.dispatch_delay[keep],
        on_scene=calls.on_scene[keep],
        transport=calls.transport[keep],
        handover=calls.handover[keep],
    )


def merge(a: Calls, b: Calls) -> Calls:
    """Both sets of calls in order of arrival (``a`` first at equal times)."""
    order = np.argsort(np.concatenate([a.time, b.time]), kind="stable")
    return Calls(
        time=np.concatenate([a.time, b.time])[order],
        place=np.concatenate([a.place, b.place])[order],
        reason=np.concatenate([a.reason, b.reason])[order],
        dispatch_delay=np.concatenate([a.dispatch_delay, b.dispatch_delay])[order],
        on_scene=np.concatenate([a.on_scene, b.on_scene])[order],
        transport=np.concatenate([a.transport, b.transport])[order],
        handover=np.concatenate([a.handover, b.handover])[order],
    )
