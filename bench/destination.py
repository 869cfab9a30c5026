"""Destination benchmark: recommendation latency for 50 facilities, beside a naive baseline.

Run: ``.venv/bin/python bench/destination.py [--patients 2000] [--demo-size 20000]``.
Prints one JSON line per figure on stdout (progress on stderr). In the generated demo county
(built into a temporary data directory), 50 facilities (the county's hospitals plus generated
ones on the road network, capabilities from ``demo_facilities``; a few on diversion) and many
random patients (random road position, findings and age), it measures per patient:

* ``recommend_with_eta_*_ms``: road ETAs from the patient to all 50 facilities
  (``region.etas_from``, one search) + ``recommend_destinations``: what the API will do;
* ``eta_only_*_ms``: the road ETAs alone (the routing adapter's share);
* ``recommend_only_*_ms``: the pure ranking with the ETAs given;

each beside the baseline measured in the same run: the nearest emergency department by
straight-line distance (numpy haversine over the 50 points), what a system without road
routing or rules would do. ``ratio`` is baseline / value, as in ``bench/routing.py`` (below 1:
slower than the naive baseline, which answers a much simpler question).

Target from issue 7: p99 under 10 ms with the ETA computation included.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from goldenhour.adapters.importers.facilities import demo_facilities
from goldenhour.adapters.refdata.destination_rules import default_rules
from goldenhour.adapters.routing import Place, build_demo, load_region
from goldenhour.adapters.routing.graph import haversine_m
from goldenhour.config import Settings
from goldenhour.domain.destination.facilities import Facility
from goldenhour.domain.destination.facility_status import Service, diversion
from goldenhour.domain.destination.recommendation import PatientFindings, recommend_destinations
from goldenhour.domain.destination.rules import Finding

FACILITIES = 50
TARGET_P99_MS = 10.0
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def emit(**fields: Any) -> None:
    if "value" in fields and "baseline_value" in fields:
        fields["ratio"] = round(fields["baseline_value"] / fields["value"], 3)
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def note(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")


def timed(run: Callable[[int], object], count: int) -> np.ndarray:
    out = np.empty(count)
    for i in range(count):
        start = time.perf_counter()
        run(i)
        out[i] = (time.perf_counter() - start) * 1000.0
    return out


def facilities_for(region: Any, rng: np.random.Generator) -> list[Facility]:
    lon, lat = region.graph.lon, region.graph.lat
    extra = rng.choice(lon.size, FACILITIES - len(region.hospitals), replace=False)
    places = list(region.hospitals) + [
        Place("hospital", f"X{k}", f"Facility {k}", float(lon[n]), float(lat[n]))
        for k, n in enumerate(extra)
    ]
    facilities = demo_facilities(places)
    until = NOW + timedelta(hours=2)
    for k in rng.choice(len(facilities), 5, replace=False):
        service = [Service.TRAUMA, Service.STROKE, Service.EMERGENCY][int(k) % 3]
        facilities[k] = facilities[k].with_status(service, diversion("bench", until))
    return facilities


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=2000)
    parser.add_argument("--demo-size", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        note(f"building demo county of {args.demo_size} nodes")
        build_demo("bench", size=args.demo_size, seed=1, settings=settings)
        region = load_region("bench", settings)
        facilities = facilities_for(region, rng)
        points = np.array([f.lonlat for f in facilities])
        ed = np.array([f.capabilities.emergency_department for f in facilities])
        rules = default_rules()
        nodes = rng.integers(0, region.graph.node_count, args.patients)
        origins = [(float(region.graph.lon[n]), float(region.graph.lat[n])) for n in nodes]
        findings = list(Finding)
        patients = [
            PatientFindings(
                frozenset(
                    findings[k]
                    for k in rng.choice(len(findings), rng.integers(0, 3), replace=False)
                ),
                float(rng.uniform(0, 95)),
            )
            for _ in range(args.patients)
        ]
        etas = [
            dict(
                zip(
                    [f.id for f in facilities], map(float, region.etas_from(o, points)), strict=True
                )
            )
            for o in origins[:50]
        ]  # warm-up, and the ETAs the ranking-only figure reuses

        def with_eta(i: int) -> object:
            seconds = region.etas_from(origins[i], points)
            by_id = dict(zip([f.id for f in facilities], seconds.tolist(), strict=True))
            return recommend_destinations(patients[i], facilities, by_id, NOW, rules)

        def eta_only(i: int) -> object:
            return region.etas_from(origins[i], points)

        def ranking_only(i: int) -> object:
            return recommend_destinations(patients[i], facilities, etas[i % 50], NOW, rules)

        def baseline(i: int) -> object:
            o = origins[i]
            metres = haversine_m(o[0], o[1], points[:, 0], points[:, 1])
            return int(np.flatnonzero(ed)[np.argmin(metres[ed])])

        note(f"{args.patients} patients x {FACILITIES} facilities")
        base = timed(baseline, args.patients)
        runs = (
            ("recommend_with_eta", with_eta),
            ("eta_only", eta_only),
            ("recommend_only", ranking_only),
        )
        for name, run in runs:
            ours = timed(run, args.patients)
            for q in (50, 99):
                value = float(np.percentile(ours, q))
                emit(
                    figure=f"{name}_p{q}_ms",
                    value=round(value, 4),
                    baseline="nearest_ed_straight_line",
                    baseline_value=round(float(np.percentile(base, q)), 4),
                    facilities=FACILITIES,
                    patients=args.patients,
                    region_nodes=int(region.graph.node_count),
                    **(
                        {"target_ms": TARGET_P99_MS, "meets_target": value < TARGET_P99_MS}
                        if q == 99 and name == "recommend_with_eta"
                        else {}
                    ),
                )


if __name__ == "__main__":
    main()
