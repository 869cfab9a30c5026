"""Space-time permutation scan benchmark: a county-month, vectorised scan beside loops.

Run: ``.venv/bin/python bench/surveillance_scan.py [--replicas 999] [--baseline-replicas 2]``.

The county (issue 16): 500 locations scattered over a 40 × 40 km county, 31 days, 5,000
cases (background spread evenly plus a 40-case burst within 2 km over the last 3 days), a
prospective daily analysis with circles up to 5 km and windows of 1..7 days, 999 replicas.
Both implementations score the same cylinders and replicas; the loop implementation
(``tests/scan_by_loops.py``) runs only ``--baseline-replicas`` replicas because at about two
seconds each the full 999 would take most of an hour: its total is the time of the data pass
plus the measured time per replica × 999, printed as ``baseline_extrapolated_s``. The vectorised
scan runs all replicas. Prints JSON lines; the target is under 60 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from goldenhour.domain.surveillance.scan import (  # noqa: E402
    ScanCase,
    ScanLocation,
    ScanParameters,
    scan,
)
from scan_by_loops import scan_by_loops  # noqa: E402

KM_PER_DEG_LAT = 6367 * math.pi / 180


def county(seed: int) -> tuple[list[ScanLocation], list[ScanCase], date, date]:
    rng = np.random.default_rng(seed)
    lat0, lon0 = 47.0, -122.0
    km_per_deg_lon = KM_PER_DEG_LAT * math.cos(math.radians(lat0))
    xy = rng.uniform(0, 40, size=(500, 2))
    locations = [
        ScanLocation(f"T{i:03d}", lat0 + y / KM_PER_DEG_LAT, lon0 + x / km_per_deg_lon)
        for i, (x, y) in enumerate(xy)
    ]
    start = date(2026, 10, 1)
    end = start + timedelta(days=30)
    cases = [
        ScanCase(locations[int(z)].id, start + timedelta(days=int(d)))
        for z, d in zip(rng.integers(0, 500, 4960), rng.integers(0, 31, 4960), strict=True)
    ]
    hot = np.flatnonzero(np.hypot(*(xy - xy[0]).T) <= 2.0)
    cases += [
        ScanCase(locations[int(rng.choice(hot))].id, end - timedelta(days=int(rng.integers(0, 3))))
        for _ in range(40)
    ]
    return locations, cases, start, end


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--replicas", type=int, default=999)
    parser.add_argument("--baseline-replicas", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    locations, cases, start, end = county(args.seed)
    params = ScanParameters(
        start=start, end=end, max_radius_km=5.0, max_days=7, replicas=args.replicas, seed=1
    )

    t0 = time.perf_counter()
    result = scan(locations, cases, params)
    fast_s = time.perf_counter() - t0

    loop_params = replace(params, replicas=0)
    t0 = time.perf_counter()
    scan_by_loops(locations, cases, loop_params)
    data_pass_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    scan_by_loops(locations, cases, replace(params, replicas=args.baseline_replicas))
    with_replicas_s = time.perf_counter() - t0
    per_replica_s = max(with_replicas_s - data_pass_s, 0.0) / max(args.baseline_replicas, 1)
    baseline_s = data_pass_s + per_replica_s * args.replicas

    top = result.clusters[0]
    print(
        json.dumps(
            {
                "figure": "scan_county_month_s",
                "locations": len(locations),
                "days": 31,
                "cases": result.total_cases,
                "replicas": args.replicas,
                "max_radius_km": params.max_radius_km,
                "max_days": params.max_days,
                "value": round(fast_s, 2),
                "target_s": 60,
                "baseline": "python loops (tests/scan_by_loops.py)",
                "baseline_measured_replicas": args.baseline_replicas,
                "baseline_per_replica_s": round(per_replica_s, 3),
                "baseline_extrapolated_s": round(baseline_s, 1),
                "ratio": round(baseline_s / fast_s, 1),
                "most_likely_cluster": {
                    "center": top.center,
                    "locations": len(top.locations),
                    "observed": top.observed,
                    "llr": round(top.llr, 3),
                    "p": top.p,
                },
            }
        )
    )


if __name__ == "__main__":
    main()
