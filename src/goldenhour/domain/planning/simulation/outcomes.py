"""What a run says about a plan, and how sure we are: figures per replication, then means
with 95 % confidence intervals over independent replications (warm-up already discarded).

Response-time fractiles and compliance come from the quality package
(:mod:`goldenhour.domain.quality.fractiles`): the nearest rank, never interpolated, and a
call *at* the target counts as met, exactly as the service's own reports count them.

A scenario is compared with the base run replication by replication: both saw the same calls
(common random numbers), so the paired differences have a far narrower interval than two
separate means would.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from scipy import stats

from goldenhour.domain.planning.simulation.model import FloatArray
from goldenhour.domain.planning.simulation.run_result import RunResult
from goldenhour.domain.quality.fractiles import compliance, nearest_rank
from goldenhour.domain.triage.priority import Priority

Figures = dict[str, float]
FRACTILE = 90.0


def _response(prefix: str, seconds: FloatArray, target: float | None, out: Figures) -> None:
    reached = seconds[np.isfinite(seconds)]
    out[f"{prefix}.calls"] = float(len(seconds))
    if len(reached) == 0:
        return
    out[f"{prefix}.mean_s"] = float(reached.mean())
    out[f"{prefix}.p{FRACTILE:g}_s"] = nearest_rank(reached, FRACTILE)
    if target is not None:
        out[f"{prefix}.compliance"] = compliance(reached, target)


def figures(
    run: RunResult,
    targets: Mapping[Priority, float],
    zones: Sequence[str],
    units: Sequence[str],
) -> Figures:
    """One replication's figures, flat: ``response.P1.p90_s``, ``zone.Z.P1.compliance``,
    ``utilisation.M1``, ``queued_share``, ``queue_wait_mean_s``, ``calls``."""
    out: Figures = {"calls": float(len(run.priority))}
    response = run.response_s
    for priority in Priority:
        mine = run.priority == int(priority)
        if not mine.any():
            continue
        target = targets.get(priority)
        _response(f"response.{priority.name}", response[mine], target, out)
        for z, zone in enumerate(zones):
            here = mine & (run.zone == z)
            if here.any():
                _response(f"zone.{zone}.{priority.name}", response[here], target, out)
    for unit, busy, duty in zip(units, run.busy_s, run.duty_s, strict=True):
        out[f"utilisation.{unit}"] = float(busy / duty) if duty > 0 else math.nan
    duty = float(run.duty_s.sum())
    out["utilisation.mean"] = float(run.busy_s.sum()) / duty if duty > 0 else math.nan
    if len(run.queued):
        out["queued_share"] = float(run.queued.mean())
        waited = run.times["notified"][run.queued] - run.times["answered"][run.queued]
        out["queue_wait_mean_s"] = float(np.nanmean(waited)) if run.queued.any() else 0.0
    return out


def _interval(samples: FloatArray) -> dict[str, float]:
    """Mean and the half-width of its 95 % t interval (NaN with fewer than two values)."""
    values = samples[np.isfinite(samples)]
    if len(values) == 0:
        return {"mean": math.nan, "ci95": math.nan, "n": 0.0}
    mean = float(values.mean())
    if len(values) < 2:
        return {"mean": mean, "ci95": math.nan, "n": float(len(values))}
    half = float(stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / math.sqrt(len(values)))
    return {"mean": mean, "ci95": half, "n": float(len(values))}


def summarise(runs: Sequence[Figures]) -> dict[str, dict[str, float]]:
    """Each figure's mean and 95 % interval over replications."""
    keys = sorted({k for run in runs for k in run})
    return {k: _interval(np.array([run.get(k, math.nan) for run in runs])) for k in keys}


def compare(base: Sequence[Figures], scenario: Sequence[Figures]) -> dict[str, dict[str, float]]:
    """Scenario minus base, paired replication by replication (same calls in both)."""
    keys = sorted(set().union(*base) & set().union(*scenario))
    return {
        k: _interval(
            np.array(
                [
                    s.get(k, math.nan) - b.get(k, math.nan)
                    for b, s in zip(base, scenario, strict=True)
                ]
            )
        )
        for k in keys
    }
