"""What one replication hands to the outcome figures: the NEMSIS timeline of every counted call
(after the warm-up), its priority, zone and whether it queued, and each unit's busy and duty
time in the counted window."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from goldenhour.domain.planning.simulation.model import Calls, FloatArray, SimModel

TIMELINE = (
    "received",
    "answered",
    "notified",
    "on_scene",
    "left_scene",
    "at_destination",
    "transfer",
    "clear",
)


@dataclass(frozen=True)
class RunResult:
    """One replication, per counted call (after the warm-up) and per unit.

    ``times`` holds the NEMSIS timeline columns of :data:`TIMELINE` (NaN where a step did not
    happen, e.g. no transport). ``busy_s``/``duty_s``: time on incidents / on duty within the
    counted window.
    """

    priority: np.ndarray
    zone: np.ndarray
    call_time: FloatArray
    times: dict[str, FloatArray]
    queued: np.ndarray
    busy_s: FloatArray
    duty_s: FloatArray

    @property
    def response_s(self) -> FloatArray:
        """Call received to first unit on scene (the interval a patient waits through)."""
        return self.times["on_scene"] - self.call_time


def collect(
    model: SimModel,
    calls: Calls,
    warm_up_s: float,
    stamp: Mapping[str, Sequence[float]],
    priority: Sequence[int],
    queued: Sequence[bool],
    busy_s: FloatArray,
) -> RunResult:
    """The run's lists as the counted calls' columns; duty is the window times each unit's
    share of the day on shift."""
    counted = calls.time >= warm_up_s
    horizon = float(calls.time[-1]) if len(calls) else 0.0
    window = max(horizon - warm_up_s, 0.0)
    duty = np.array(
        [
            window if unit.shift is None else window * _shift_share(unit.shift)
            for unit in model.fleet
        ]
    )
    times = {k: np.array(v)[counted] for k, v in stamp.items()}
    times["received"] = calls.time[counted]
    return RunResult(
        priority=np.array(priority, dtype=np.int64)[counted],
        zone=model.zone_of_place[calls.place[counted]],
        call_time=calls.time[counted],
        times=times,
        queued=np.array(queued, dtype=bool)[counted],
        busy_s=busy_s,
        duty_s=duty,
    )


def _shift_share(shift: tuple[float, float]) -> float:
    start, end = shift
    return ((end - start) % 24.0 or 24.0) / 24.0
