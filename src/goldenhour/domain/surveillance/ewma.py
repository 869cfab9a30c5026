"""The EWMA detector of the CDC's NSSP-ESSENCE, for one area's daily case counts.

As ESSENCE runs it (and as the CDC's Rnssp package documents it, ``alert_ewma``): a baseline
of up to 28 days (at least 11) ending 2 days before the test day (the guard band keeps the
start of an outbreak out of its own baseline); two smoothings, ω = 0.4 for gradual rises and
ω = 0.9 for sudden ones; the baseline standard deviation corrected for the smoothing and the
guard band, plus a small-count constant, floored; a Student t test on the smoothed value with
the baseline's degrees of freedom; the smaller p-value of the two smoothings decides: red below
0.01, yellow below 0.05. A smoothed value beyond the alert limit is pulled back to it, so one
spike does not keep alerting for days.

Sources: Burkom H. "Development, adaptation, and assessment of alerting algorithms for
biosurveillance", Johns Hopkins APL Technical Digest 2003;24(4); CDC NSSP, Rnssp
``alert_ewma`` (https://cdcgov.github.io/Rnssp/reference/alert_ewma.html).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats

MIN_BASELINE = 11


@dataclass(frozen=True)
class EwmaParameters:
    baseline_days: int = 28
    guard_days: int = 2
    gradual_weight: float = 0.4
    sudden_weight: float = 0.9
    red_p: float = 0.01
    yellow_p: float = 0.05


@dataclass(frozen=True)
class EwmaPoint:
    observed: float
    expected: float
    smoothed: float
    sigma: float
    statistic: float
    p: float
    weight: float  # the smoothing whose p-value decided
    level: str  # red, yellow or none


ESSENCE = EwmaParameters()


def _sigma(sd: float, weight: float, length: int, guard: int, ucl_warning: float) -> float:
    """The baseline σ corrected for smoothing and guard band, plus ESSENCE's small-count
    constant, never below its floor."""
    correction = math.sqrt(
        weight / (2 - weight)
        + 1 / length
        - 2 * (1 - weight) ** (guard + 1) * (1 - (1 - weight) ** length) / length
    )
    floor = (weight / ucl_warning) * (1 + 0.5 * (1 - weight) ** 2)
    constant = (0.1289 - (0.2414 - 0.1826 * (1 - weight) ** 4) * math.log(10 * 0.05)) * (
        weight / ucl_warning
    )
    return max(floor, sd * correction + constant)


def ewma_series(
    counts: Sequence[float], params: EwmaParameters = ESSENCE
) -> list[EwmaPoint | None]:
    """One point per day; None where there is not yet a baseline of 11 days."""
    g = params.guard_days
    weights = (params.gradual_weight, params.sudden_weight)
    smoothed = [float(counts[0])] * 2 if counts else [0.0, 0.0]
    out: list[EwmaPoint | None] = [None] * min(len(counts), MIN_BASELINE + g)
    for t in range(1, min(len(counts), MIN_BASELINE + g)):
        smoothed = [w * counts[t] + (1 - w) * s for w, s in zip(weights, smoothed, strict=True)]
    for t in range(MIN_BASELINE + g, len(counts)):
        end = t - g
        baseline = counts[max(0, end - params.baseline_days) : end]
        n = len(baseline)
        mean = sum(baseline) / n
        sd = math.sqrt(sum((y - mean) ** 2 for y in baseline) / (n - 1))
        df = n - 1
        ucl_alert = round(float(stats.t.ppf(1 - params.red_p, df)), 5)
        ucl_warning = round(float(stats.t.ppf(1 - params.yellow_p, df)), 5)
        candidates = []
        for k, w in enumerate(weights):
            sigma = _sigma(sd, w, n, g, ucl_warning)
            value = w * counts[t] + (1 - w) * smoothed[k]
            statistic = (value - mean) / sigma
            p = float(stats.t.sf(statistic, df))
            if abs(statistic) > ucl_alert:
                value = mean + math.copysign(ucl_alert, statistic) * sigma
            smoothed[k] = value
            candidates.append((p, statistic, value, sigma, w))
        gradual, sudden = candidates
        p, statistic, value, sigma, w = gradual if gradual[0] < sudden[0] else sudden
        level = "red" if p < params.red_p else "yellow" if p < params.yellow_p else "none"
        out.append(EwmaPoint(float(counts[t]), mean, value, sigma, statistic, p, w, level))
    return out
