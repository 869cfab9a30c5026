"""The space-time permutation scan statistic: *where and when* cases cluster.

Kulldorff M, Heffernan R, Hartman J, Assunção R, Mostashari F. "A space-time permutation scan
statistic for disease outbreak detection." PLoS Medicine 2005;2(3):e59.
https://doi.org/10.1371/journal.pmed.0020059

It needs no population at risk, only cases with a place and a day, which is what an EMS agency
has. The expected count of a cylinder (a circle of locations over a window of days) comes from
the margins: location total × day total / grand total. Circles grow around every location, in
SaTScan's distance (chord length between points on a sphere of radius 6,367 km); locations at
the same distance enter the circle together. Significance comes from Monte Carlo replicas
that shuffle the case dates among the cases, which keeps both margins, so the expected counts
are the same in every replica and only the observed counts are recomputed.

Everything is vectorised over circles and windows: per replica the window counts of every
location are gathered along each centre's neighbour order and summed cumulatively, so one
replica is a handful of numpy calls whatever the number of circles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from goldenhour.domain.shared.errors import FieldProblem, InvalidInput

EARTH_RADIUS_KM = 6367.0  # the sphere SaTScan converts latitude/longitude onto
TIE_DECIMALS = 9  # log-likelihood ratios equal to this many decimals are ties
# Distances equal to the millimetre are ties (they enter a circle together): locations on a
# grid are often equidistant from a centre, and floating point would otherwise split them
# differently depending on how the distance was computed.
DISTANCE_DECIMALS = 6
CHUNK_CELLS = 2_000_000  # running sums held at once while counting cylinders

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class ScanLocation:
    id: str
    lat: float
    lon: float


@dataclass(frozen=True)
class ScanCase:
    """``count`` cases at one location on one day (SaTScan's case file has the same shape)."""

    location: str
    day: date
    count: int = 1


@dataclass(frozen=True)
class ScanParameters:
    start: date
    end: date
    max_radius_km: float
    max_days: int
    prospective: bool = True
    min_cases: int = 2
    replicas: int = 999
    seed: int = 1


@dataclass(frozen=True)
class Cluster:
    locations: tuple[str, ...]
    center: str
    radius_km: float
    start: date
    end: date
    observed: int
    expected: float
    llr: float
    p: float
    recurrence_interval_days: float | None  # prospective runs only: once in 1/p daily runs

    def as_dict(self) -> dict[str, object]:
        return {
            "locations": list(self.locations),
            "center": self.center,
            "radius_km": round(self.radius_km, 6),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "observed": self.observed,
            "expected": self.expected,
            "relative_risk": self.observed / self.expected,
            "llr": self.llr,
            "p": self.p,
            "recurrence_interval_days": self.recurrence_interval_days,
        }


@dataclass(frozen=True)
class ScanResult:
    parameters: ScanParameters
    total_cases: int
    clusters: tuple[Cluster, ...]


def chord_km(a: ScanLocation, b: ScanLocation) -> float:
    """SaTScan's distance: the straight line between the two points on the 6,367 km sphere."""
    pa, pb = _cartesian([a]), _cartesian([b])
    return float(np.linalg.norm(pa[0] - pb[0]))


def _cartesian(locations: Sequence[ScanLocation]) -> FloatArray:
    lat = np.radians([loc.lat for loc in locations])
    lon = np.radians([loc.lon for loc in locations])
    return EARTH_RADIUS_KM * np.column_stack(
        (np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat))
    )


def log_likelihood_ratio(n: float, mu: float, total: float) -> float:
    """LLR of one cylinder for high rates: n·ln(n/μ) + (C−n)·ln((C−n)/(C−μ)); 0 unless n > μ."""
    if n <= mu:
        return 0.0
    rest = total - n
    return float(n * np.log(n / mu) + (rest * np.log(rest / (total - mu)) if rest > 0 else 0.0))


@dataclass(frozen=True)
class _Circles:
    """Every distinct circle: its centre, the neighbour order and where each circle ends."""

    order: IntArray  # (Z, M) neighbour indices by distance, padded with Z (an empty row)
    center: IntArray  # (Q,) centre of circle q
    size: IntArray  # (Q,) how many locations circle q holds
    radius: FloatArray  # (Q,)


def _circles(locations: Sequence[ScanLocation], max_radius_km: float) -> _Circles:
    points = _cartesian(locations)
    z = len(locations)
    distance = np.round(
        np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2), DISTANCE_DECIMALS
    )
    within = [np.flatnonzero(distance[i] <= max_radius_km) for i in range(z)]
    width = max(len(w) for w in within)
    order = np.full((z, width), z, dtype=np.int64)
    centers: list[int] = []
    sizes: list[int] = []
    radii: list[float] = []
    for i, near in enumerate(within):
        ranked = near[np.lexsort((near, distance[i, near]))]
        order[i, : len(ranked)] = ranked
        d = distance[i, ranked]
        # A circle ends where the next location is farther: ties enter together.
        ends = np.flatnonzero(np.append(d[1:] != d[:-1], True))
        centers.extend([i] * len(ends))
        sizes.extend((ends + 1).tolist())
        radii.extend(d[ends].tolist())
    return _Circles(
        order,
        np.array(centers, dtype=np.int64),
        np.array(sizes, dtype=np.int64),
        np.array(radii, dtype=np.float64),
    )


def _center_chunks(circles: _Circles, windows: int) -> list[tuple[int, int, int, int]]:
    """(first centre, last centre + 1, first circle, last circle + 1) per chunk of centres."""
    z, width = circles.order.shape
    step = max(1, CHUNK_CELLS // max(1, width * windows))
    bounds = np.searchsorted(circles.center, np.arange(0, z + step, step).clip(max=z))
    return [
        (a, min(a + step, z), int(bounds[k]), int(bounds[k + 1]))
        for k, a in enumerate(range(0, z, step))
    ]


def _windows(days: int, max_days: int, prospective: bool) -> IntArray:
    """(W, 2) first and last day index of each time window, shortest first."""
    longest = min(max_days, days)
    if prospective:
        return np.array([(days - k, days - 1) for k in range(1, longest + 1)], dtype=np.int64)
    return np.array(
        [(s, s + k - 1) for k in range(1, longest + 1) for s in range(days - k + 1)],
        dtype=np.int64,
    )


class SpaceTimeScan:
    """The scan of one case set: build once, then score the data and its replicas."""

    def __init__(
        self,
        locations: Sequence[ScanLocation],
        cases: Sequence[ScanCase],
        parameters: ScanParameters,
    ) -> None:
        _check(locations, parameters)
        self.locations = list(locations)
        self.parameters = parameters
        index = {loc.id: i for i, loc in enumerate(self.locations)}
        self.days = (parameters.end - parameters.start).days + 1
        case_loc: list[int] = []
        case_day: list[int] = []
        for n, case in enumerate(cases):
            if case.location not in index:
                raise InvalidInput.for_field(
                    f"cases[{n}].location", f"{case.location!r} has no coordinates"
                )
            day = (case.day - parameters.start).days
            if 0 <= day < self.days and case.count > 0:
                case_loc.extend([index[case.location]] * case.count)
                case_day.extend([day] * case.count)
        self.case_loc = np.array(case_loc, dtype=np.int64)
        self.case_day = np.array(case_day, dtype=np.int64)
        self.total = len(case_loc)
        self.circles = _circles(self.locations, parameters.max_radius_km)
        self.windows = _windows(self.days, parameters.max_days, parameters.prospective)
        self._chunks = _center_chunks(self.circles, len(self.windows))
        # Window membership of each day: (D, W); day totals and location totals fix μ.
        day_index = np.arange(self.days)[:, None]
        self.in_window = (
            (day_index >= self.windows[None, :, 0]) & (day_index <= self.windows[None, :, 1])
        ).astype(np.float64)
        counts = self._counts(self.case_day)
        location_totals = np.append(counts.sum(axis=1), 0.0)
        window_totals = counts.sum(axis=0) @ self.in_window
        circle_totals = np.cumsum(location_totals[self.circles.order], axis=1)[
            self.circles.center, self.circles.size - 1
        ]
        total = max(self.total, 1)
        self.expected = np.outer(circle_totals, window_totals) / total  # (Q, W)

    def _counts(self, case_day: IntArray) -> FloatArray:
        z = len(self.locations)
        flat = np.bincount(self.case_loc * self.days + case_day, minlength=z * self.days)
        return flat.reshape(z, self.days).astype(np.float64)

    def observed(self, case_day: IntArray) -> FloatArray:
        """(Q, W) cases in each cylinder when the cases fall on ``case_day``.

        Centres are taken in chunks so the (centres, neighbours, windows) running sums stay
        within a few megabytes even for wide circles and retrospective windows."""
        per_window = self._counts(case_day) @ self.in_window  # (Z, W)
        padded = np.vstack((per_window, np.zeros((1, per_window.shape[1]))))
        out = np.empty((len(self.circles.center), per_window.shape[1]))
        for first, last, c0, c1 in self._chunks:
            running = np.cumsum(padded[self.circles.order[first:last]], axis=1)
            out[c0:c1] = running[self.circles.center[c0:c1] - first, self.circles.size[c0:c1] - 1]
        return out

    def llr(self, observed: FloatArray) -> FloatArray:
        """(Q, W) log-likelihood ratios, 0 where a cylinder is not a high-rate candidate."""
        mu = self.expected
        total = float(self.total)
        scored = (observed > mu) & (observed >= self.parameters.min_cases)
        out = np.zeros_like(observed)
        n, m = observed[scored], mu[scored]
        rest = total - n
        with np.errstate(divide="ignore", invalid="ignore"):
            tail = np.where(rest > 0, rest * np.log(rest / (total - m)), 0.0)
        out[scored] = n * np.log(n / m) + tail
        return out

    def replica_maxima(self) -> FloatArray:
        """The largest LLR of each Monte Carlo replica (case dates shuffled, seeded)."""
        rng = np.random.default_rng(self.parameters.seed)
        maxima = np.zeros(self.parameters.replicas)
        for r in range(self.parameters.replicas):
            maxima[r] = self.llr(self.observed(rng.permutation(self.case_day))).max(initial=0.0)
        return maxima

    def run(self) -> ScanResult:
        if self.total == 0:
            return ScanResult(self.parameters, 0, ())
        scores = self.llr(self.observed(self.case_day))
        maxima = self.replica_maxima()
        return ScanResult(self.parameters, self.total, tuple(self._clusters(scores, maxima)))

    def _clusters(self, scores: FloatArray, maxima: FloatArray) -> list[Cluster]:
        """The most likely cluster, then every cluster sharing no location with one reported.

        Each circle competes with its best window (the shortest among equals); circles are
        ranked by LLR and, on a tie, the one with fewer locations first, as SaTScan does.
        """
        best_window = np.round(scores, TIE_DECIMALS).argmax(axis=1)
        best = scores[np.arange(len(best_window)), best_window]
        rounded = np.round(best, TIE_DECIMALS)
        ranking = np.lexsort((self.circles.center, self.circles.size, -rounded))
        taken = np.zeros(len(self.locations) + 1, dtype=bool)
        clusters: list[Cluster] = []
        observed = self.observed(self.case_day)
        for q in ranking:
            if rounded[q] <= 0:
                break
            members = self.circles.order[self.circles.center[q], : self.circles.size[q]]
            if taken[members].any():
                continue
            taken[members] = True
            clusters.append(self._cluster(int(q), int(best_window[q]), observed, best, maxima))
        return clusters

    def _cluster(
        self, q: int, w: int, observed: FloatArray, best: FloatArray, maxima: FloatArray
    ) -> Cluster:
        members = self.circles.order[self.circles.center[q], : self.circles.size[q]]
        llr = float(best[q])
        rank = 1 + int(np.count_nonzero(maxima >= llr - 10.0**-TIE_DECIMALS))
        p = rank / (len(maxima) + 1)
        first, last = (int(d) for d in self.windows[w])
        start = self.parameters.start
        return Cluster(
            locations=tuple(self.locations[i].id for i in members),
            center=self.locations[int(self.circles.center[q])].id,
            radius_km=float(self.circles.radius[q]),
            start=start + timedelta(days=first),
            end=start + timedelta(days=last),
            observed=int(observed[q, w]),
            expected=float(self.expected[q, w]),
            llr=llr,
            p=p,
            recurrence_interval_days=1 / p if self.parameters.prospective else None,
        )


def _check(locations: Sequence[ScanLocation], parameters: ScanParameters) -> None:
    problems: list[tuple[str, str]] = []
    if not locations:
        problems.append(("locations", "at least one location with coordinates is needed"))
    if len({loc.id for loc in locations}) != len(locations):
        problems.append(("locations", "a location id appears twice"))
    if parameters.end < parameters.start:
        problems.append(("end", "must not be before start"))
    if parameters.max_radius_km < 0:
        problems.append(("max_radius_km", "must be zero or more"))
    if parameters.max_days < 1:
        problems.append(("max_days", "must be at least 1"))
    if parameters.min_cases < 1:
        problems.append(("min_cases", "must be at least 1"))
    if parameters.replicas < 0:
        problems.append(("replicas", "must be zero or more"))
    if problems:
        raise InvalidInput(
            "; ".join(f"{f}: {p}" for f, p in problems), [FieldProblem(f, p) for f, p in problems]
        )


def scan(
    locations: Sequence[ScanLocation], cases: Sequence[ScanCase], parameters: ScanParameters
) -> ScanResult:
    """Run the space-time permutation scan; clusters in descending LLR."""
    return SpaceTimeScan(locations, cases, parameters).run()
