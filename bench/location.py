"""Location-model benchmark: MEXCLP on a 231-demand x 21-site instance, beside greedy-add.

Run: ``.venv/bin/python bench/location.py [--repeats 5]``. Prints one JSON line per figure.

The instance is generated from a fixed seed: 231 demand points scattered over a 30 x 30 km
county with skewed call weights (a town centre and suburbs), 21 candidate stations holding at
most 3 ambulances each, travel time = road-like distance (1.3 x straight line) at 60 km/h,
an 8-minute standard, 20 ambulances each busy 30 % of the time. Our figure is the exact
MEXCLP solve (HiGHS via scipy.optimize.milp); the baseline, timed in the same run, is Daskin's
(1983) own greedy heuristic: add one ambulance at a time where it raises expected coverage
most. The objective of each is printed, so a faster but worse answer cannot pass unnoticed.
Target from issue 17: under 1 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np

from goldenhour.domain.planning.location import LocationProblem, expected_coverage, mexclp

STANDARD_MIN, VEHICLES, BUSY = 8.0, 20, 0.3


def instance(seed: int = 17) -> LocationProblem:
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 30, size=(5, 2))
    points = np.vstack(
        [rng.uniform(0, 30, size=(131, 2))]
        + [c + rng.normal(0, 2.0, size=(20, 2)) for c in centres]
    )
    weights = np.round(rng.gamma(1.5, 40.0, size=len(points)))
    sites = rng.uniform(0, 30, size=(21, 2))
    km = np.linalg.norm(sites[:, None, :] - points[None, :, :], axis=2) * 1.3
    return LocationProblem(
        demand_ids=tuple(f"d{i}" for i in range(len(points))),
        weights=weights,
        site_ids=tuple(f"s{j}" for j in range(len(sites))),
        travel=km,  # 60 km/h: minutes equal kilometres
        capacity=(3,) * len(sites),
    )


def greedy(problem: LocationProblem) -> float:
    cover = problem.covers(STANDARD_MIN).astype(float)
    caps = np.array(problem.capacity, dtype=float)
    counts = np.zeros(len(problem.site_ids))
    for _ in range(VEHICLES):
        gains = [
            expected_coverage(problem.weights, cover.T @ (counts + np.eye(len(counts))[j]), BUSY)
            if counts[j] < caps[j]
            else -1.0
            for j in range(len(counts))
        ]
        counts[int(np.argmax(gains))] += 1
    return expected_coverage(problem.weights, cover.T @ counts, BUSY)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    problem = instance()
    exact_s, greedy_s = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        plan = mexclp(problem, STANDARD_MIN, VEHICLES, BUSY)
        exact_s.append(time.perf_counter() - start)
        start = time.perf_counter()
        heuristic = greedy(problem)
        greedy_s.append(time.perf_counter() - start)
    value, baseline = statistics.median(exact_s), statistics.median(greedy_s)
    figure = {
        "bench": "mexclp_231x21_s",
        "value": round(value, 4),
        "baseline": "greedy add (Daskin 1983 heuristic), pure numpy",
        "baseline_value": round(baseline, 4),
        "ratio": round(baseline / value, 2),
        "target_s": 1.0,
        "objective": round(plan.objective, 2),
        "baseline_objective": round(heuristic, 2),
        "total_weight": problem.total_weight,
    }
    print(json.dumps(figure), flush=True)


if __name__ == "__main__":
    main()
