"""Fractiles and compliance the way EMS reports them.

A response-time standard says "X seconds at the 90th fractile": 90 % of calls must be reached in
X seconds or less. The matching statistic is the **nearest rank**, the ⌈p·n/100⌉-th smallest
value (NFPA 1710 and the NFPA 1221/1225 communication standards count calls, they do not
interpolate between them), which is ``numpy.percentile(x, p, method="inverted_cdf")``. With it,
"compliance ≥ p %" and "fractile ≤ target" are the same statement; linear interpolation breaks
that (it reports a time no call had). Compliance counts a call **at** the target as met.

Over any period the fractile is taken on that period's raw values; averaging daily fractiles
gives a number that is not a fractile of anything.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

Seconds = NDArray[np.float64]


def rank(p: float, n: int) -> int:
    """The 1-based nearest rank of fractile ``p`` (0 < p ≤ 100) among ``n`` values: ⌈p·n/100⌉.

    Exact rational arithmetic, so 90 % of 10 is rank 9, never 10 through a rounding error."""
    if not 0 < p <= 100:
        raise ValueError(f"fractile must be in (0, 100], got {p}")
    if n < 1:
        raise ValueError("no values")
    return max(1, math.ceil(Fraction(str(p)) * n / 100))


def nearest_rank(values: Seconds, p: float) -> float:
    """The nearest-rank ``p``-th fractile of ``values`` (no NaN); ValueError when empty."""
    k = rank(p, len(values))
    return float(np.partition(values, k - 1)[k - 1])


def compliance(values: Seconds, target: float | Seconds) -> float:
    """The share of ``values`` at or under ``target`` (a scalar or one target per value)."""
    if len(values) == 0:
        raise ValueError("no values")
    return float(np.count_nonzero(values <= target)) / len(values)


@dataclass(frozen=True)
class ContractRules:
    """How a contract counts time. ``round_up_minutes``: a partial minute counts as a whole one
    (10:01 is 11 minutes), as many ambulance contracts measure. ``grace_s``: seconds added to
    each target (the "+59 s" of an "8:59" contract), so 8 minutes 59 seconds still meets 8."""

    round_up_minutes: bool = False
    grace_s: int = 0

    def counted(self, seconds: Seconds) -> Seconds:
        """The interval as the contract counts it."""
        if not self.round_up_minutes:
            return seconds
        return np.ceil(seconds / 60.0) * 60.0

    def allowed(self, target_s: float | Seconds) -> float | Seconds:
        """The largest counted value that still meets ``target_s``."""
        return target_s + self.grace_s


@dataclass(frozen=True)
class Summary:
    """One interval over one set of calls: always the fractile and compliance together, with n."""

    n: int
    fractile: float
    fractile_s: float | None
    compliance: float | None
    target_s: float | None
    mean_s: float | None
    median_s: float | None

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "n": self.n,
            "fractile": self.fractile,
            "fractile_s": self.fractile_s,
            "compliance": self.compliance,
            "target_s": self.target_s,
            "mean_s": self.mean_s,
            "median_s": self.median_s,
        }


def summarise(
    seconds: Seconds,
    targets: Seconds | None,
    p: float,
    rules: ContractRules | None = None,
) -> Summary:
    """Fractile, compliance, mean and median of ``seconds`` under ``rules``.

    ``targets`` holds one target per value (NaN where none applies) or is None; compliance is
    reported only when every value has a target. ``target_s`` is the common target, or None
    when the values were held to different targets (zones, priorities)."""
    rules = rules or ContractRules()
    counted = rules.counted(seconds)
    n = len(counted)
    if n == 0:
        return Summary(0, p, None, None, None, None, None)
    target_s: float | None = None
    share: float | None = None
    if targets is not None and not np.isnan(targets).any():
        share = compliance(counted, rules.allowed(targets))
        lo, hi = float(targets.min()), float(targets.max())
        target_s = lo if lo == hi else None
    return Summary(
        n=n,
        fractile=p,
        fractile_s=nearest_rank(counted, p),
        compliance=share,
        target_s=target_s,
        mean_s=float(counted.mean()),
        median_s=nearest_rank(counted, 50),
    )
