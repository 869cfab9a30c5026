"""The space-time permutation scan written the straightforward way, with Python loops.

A second, independent reading of Kulldorff et al. (PLoS Med 2005) and SaTScan's conventions:
the vectorised scan in ``goldenhour.domain.surveillance.scan`` must find the same clusters, and
``bench/surveillance_scan.py`` times it as the baseline. Replicas shuffle the case dates with
the same seeded generator, so both see the same permutations.
"""

from __future__ import annotations

import math
from datetime import timedelta

import numpy as np

from goldenhour.domain.surveillance.scan import (
    DISTANCE_DECIMALS,
    EARTH_RADIUS_KM,
    ScanCase,
    ScanLocation,
    ScanParameters,
)


def _point(loc: ScanLocation) -> tuple[float, float, float]:
    lat, lon = math.radians(loc.lat), math.radians(loc.lon)
    return (
        EARTH_RADIUS_KM * math.cos(lat) * math.cos(lon),
        EARTH_RADIUS_KM * math.cos(lat) * math.sin(lon),
        EARTH_RADIUS_KM * math.sin(lat),
    )


def _llr(n: float, mu: float, total: float) -> float:
    if n <= mu:
        return 0.0
    rest = total - n
    return n * math.log(n / mu) + (rest * math.log(rest / (total - mu)) if rest > 0 else 0.0)


def scan_by_loops(
    locations: list[ScanLocation], cases: list[ScanCase], p: ScanParameters
) -> list[dict[str, object]]:
    index = {loc.id: i for i, loc in enumerate(locations)}
    days = (p.end - p.start).days + 1
    case_loc: list[int] = []
    case_day: list[int] = []
    for case in cases:
        d = (case.day - p.start).days
        if 0 <= d < days:
            case_loc += [index[case.location]] * case.count
            case_day += [d] * case.count
    total = len(case_loc)
    if total == 0:
        return []
    points = [_point(loc) for loc in locations]
    circles: list[tuple[int, list[int], float]] = []
    for i in range(len(locations)):
        distances = [round(math.dist(points[i], q), DISTANCE_DECIMALS) for q in points]
        near = sorted((d, j) for j, d in enumerate(distances) if d <= p.max_radius_km)
        for k, (dist, _) in enumerate(near):
            if k + 1 == len(near) or near[k + 1][0] != dist:
                circles.append((i, [j for _, j in near[: k + 1]], dist))
    longest = min(p.max_days, days)
    if p.prospective:
        windows = [(days - k, days - 1) for k in range(1, longest + 1)]
    else:
        windows = [(s, s + k - 1) for k in range(1, longest + 1) for s in range(days - k + 1)]

    def grid(dates: list[int]) -> list[list[int]]:
        counts = [[0] * days for _ in locations]
        for z, d in zip(case_loc, dates, strict=True):
            counts[z][d] += 1
        return counts

    observed = grid(case_day)
    loc_total = [sum(row) for row in observed]
    day_total = [sum(observed[z][d] for z in range(len(locations))) for d in range(days)]

    def scores(counts: list[list[int]]) -> list[tuple[float, int, int]]:
        out = []
        for q, (_, members, _) in enumerate(circles):
            for w, (a, b) in enumerate(windows):
                n = sum(counts[z][d] for z in members for d in range(a, b + 1))
                mu = sum(loc_total[z] for z in members) * sum(day_total[a : b + 1]) / total
                llr = _llr(n, mu, total) if n >= p.min_cases else 0.0
                out.append((llr, q, w))
        return out

    rng = np.random.default_rng(p.seed)
    maxima = []
    for _ in range(p.replicas):
        shuffled = [int(d) for d in rng.permutation(np.array(case_day, dtype=np.int64))]
        maxima.append(max((s[0] for s in scores(grid(shuffled))), default=0.0))

    best: dict[int, tuple[float, int]] = {}
    for llr, q, w in scores(observed):
        if q not in best or round(llr, 9) > round(best[q][0], 9):
            best[q] = (llr, w)
    ranked = sorted(best, key=lambda q: (-round(best[q][0], 9), len(circles[q][1]), circles[q][0]))
    taken: set[int] = set()
    clusters: list[dict[str, object]] = []
    for q in ranked:
        llr, w = best[q]
        center, members, radius = circles[q]
        if round(llr, 9) <= 0:
            break
        if taken & set(members):
            continue
        taken |= set(members)
        a, b = windows[w]
        n = sum(observed[z][d] for z in members for d in range(a, b + 1))
        mu = sum(loc_total[z] for z in members) * sum(day_total[a : b + 1]) / total
        rank = 1 + sum(1 for m in maxima if m >= llr - 1e-9)
        clusters.append(
            {
                "locations": [locations[z].id for z in members],
                "center": locations[center].id,
                "start": p.start + timedelta(days=a),
                "end": p.start + timedelta(days=b),
                "observed": n,
                "expected": mu,
                "llr": llr,
                "p": rank / (p.replicas + 1),
            }
        )
    return clusters
