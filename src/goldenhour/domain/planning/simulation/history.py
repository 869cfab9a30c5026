"""Past calls as a simulation's arrivals: the agency's own history replayed on a plan.

A plan judged on generated calls is judged on a model of demand; judged on last year's calls
it meets the real places, hours and dispatch reasons again. Each stored call keeps its time
(from the start of the history), the road place nearest to where it was, its dispatch reason
(triaged afresh by the protocol, as a live call would be) and whatever the old CAD stamped:
the dispatch delay, the transporting crew's time on scene, whether it transported and the
hand-over at the hospital. What the history did not say is drawn, per replication, from the
fallback distributions, each from its own stream, so replications differ only there and a
scenario meets exactly the base run's calls (common random numbers). A demand change thins
the calls (−x %) or adds past calls drawn again at random times (+x %).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from goldenhour.domain.planning.simulation.calls import Distribution, merge, take
from goldenhour.domain.planning.simulation.model import Calls, FloatArray, IntArray
from goldenhour.domain.shared.errors import InvalidInput

STREAMS = ("delay", "scene", "transport", "handover", "thin", "extra")


@dataclass(frozen=True)
class Fallback:
    """What a call's attribute is drawn from when its history does not say."""

    dispatch_delay: Distribution
    on_scene: Distribution
    handover: Distribution
    transport_share: float


@dataclass(frozen=True)
class HistoricCalls:
    """Stored calls in arrival order; NaN where the history did not say (``transport``: 1.0
    transported, 0.0 not, NaN unknown)."""

    time: FloatArray
    place: IntArray
    reason: NDArray[np.str_]
    dispatch_delay: FloatArray
    on_scene: FloatArray
    handover: FloatArray
    transport: FloatArray
    fallback: Fallback

    def __post_init__(self) -> None:
        if len(self.time) == 0:
            raise InvalidInput.for_field("history", "no stored calls in the period")
        if np.any(np.diff(self.time) < 0):
            raise InvalidInput.for_field("history.time", "calls must be in arrival order")

    @property
    def days(self) -> float:
        """The whole days the history touches, from the first call's day to the last's."""
        return float(np.floor(self.time[-1] / 86_400.0)) + 1.0

    def generate(self, days: float, seed: int, replication: int, demand: float = 1.0) -> Calls:
        """The past calls of the first ``days``; ``demand`` scales them (see the module)."""
        if demand < 0:
            raise InvalidInput.for_field("demand", "must be 0 or more")
        rng = {
            name: np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replication, k)))
            for k, name in enumerate(STREAMS)
        }
        within = self.time < days * 86_400.0
        calls = self._calls(np.flatnonzero(within), rng)
        if demand < 1.0:
            return take(calls, rng["thin"].random(len(calls)) < demand)
        if demand > 1.0 and len(calls):
            extra = rng["extra"].poisson((demand - 1.0) * len(calls))
            picks = np.sort(rng["extra"].integers(0, len(calls), extra))
            times = np.sort(rng["extra"].uniform(0.0, days * 86_400.0, extra))
            more = self._calls(np.flatnonzero(within)[picks], rng)
            return merge(calls, replace(more, time=times))
        return calls

    def _calls(self, rows: IntArray, rng: dict[str, np.random.Generator]) -> Calls:
        n, f = len(rows), self.fallback

        def known(values: FloatArray, drawn: FloatArray) -> FloatArray:
            chosen = values[rows]
            return np.where(np.isnan(chosen), drawn, chosen)

        drawn = (rng["transport"].random(n) < f.transport_share).astype(np.float64)
        transport = known(self.transport, drawn)
        return Calls(
            time=self.time[rows],
            place=self.place[rows],
            reason=self.reason[rows],
            dispatch_delay=known(self.dispatch_delay, f.dispatch_delay.sample(rng["delay"], n)),
            on_scene=known(self.on_scene, f.on_scene.sample(rng["scene"], n)),
            transport=transport > 0.5,
            handover=known(self.handover, f.handover.sample(rng["handover"], n)),
        )
