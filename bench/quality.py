"""Quality benchmark: a county's year of response-time intervals, vectorised vs plain Python.

Run: ``.venv/bin/python bench/quality.py [--responses 500000] [--seed 1]``.
Prints one JSON line: ``response_report_s``, the time to measure a year of unit responses
(call processing, turnout, travel, response for the first unit on scene; fractile and
compliance against NFPA 1710; grouped by zone and priority) with the columnar domain code,
beside ``baseline_s``, the same report written as plain Python loops over one dict per unit
response (group by incident, pick the earliest arrival, sort, take the nearest rank), and
their ratio. Both answers are checked to agree before anything is printed. Target (issue 15):
under 2 s for at least 500,000 unit responses.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from collections import defaultdict
from typing import Any

import numpy as np

from goldenhour.adapters.refdata.quality_standards import load_standard
from goldenhour.domain.quality.intervals import BY_NAME, RESPONSE_INTERVALS, Responses, Stamp
from goldenhour.domain.quality.response_report import ReportRequest, response_report

YEAR_S = 365 * 86400
ZONES = ("north", "south", "east", "west", "rural")
PRIORITIES = ("1", "2", "3", "4")


def county_year(responses: int, seed: int) -> Responses:
    """About 1.7 units per incident; 3 % cancelled, 1 % with a missing or swapped stamp."""
    rng = np.random.default_rng(seed)
    incidents = int(responses / 1.7)
    incident = np.sort(rng.integers(0, incidents, responses))
    call = rng.uniform(0, YEAR_S, incidents)[incident]
    notified = call + rng.gamma(2.0, 30.0, responses)
    en_route = notified + rng.gamma(3.0, 15.0, responses)
    on_scene = en_route + rng.gamma(4.0, 60.0, responses)
    on_scene[rng.random(responses) < 0.01] = np.nan
    en_route[rng.random(responses) < 0.003] += 900.0  # out of order against on scene
    cancelled = np.where(rng.random(responses) < 0.03, notified + 60.0, np.nan)
    zone_of = rng.integers(0, len(ZONES), incidents)[incident]
    priority_of = rng.integers(0, len(PRIORITIES), incidents)[incident]
    return Responses(
        incident=np.char.add("I", incident.astype(np.str_)),
        unit=np.char.add("M", rng.integers(0, 120, responses).astype(np.str_)),
        times={
            Stamp.PSAP_CALL: call,
            Stamp.UNIT_NOTIFIED: notified,
            Stamp.EN_ROUTE: en_route,
            Stamp.ON_SCENE: on_scene,
            Stamp.CANCELLED: cancelled,
        },
        labels={
            "zone": np.asarray(ZONES)[zone_of],
            "priority": np.asarray(PRIORITIES)[priority_of],
        },
    )


def plain_python(rows: list[dict[str, Any]], targets: dict[str, float | None]) -> dict[str, Any]:
    """The same report as loops: what a straightforward implementation would do."""
    by_incident: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_incident[row["incident"]].append(row)
    values: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for group in by_incident.values():
        arrived = [r for r in group if math.isnan(r["cancelled"]) and not math.isnan(r["on_scene"])]
        if not arrived:
            continue
        first = min(arrived, key=lambda r: r["on_scene"])
        for name in RESPONSE_INTERVALS:
            spec = BY_NAME[name]
            start, end = first[spec.start.value], first[spec.end.value]
            if not (math.isnan(start) or math.isnan(end)) and end >= start:
                for key in ((name, "", ""), (name, first["zone"], first["priority"])):
                    values[key].append(end - start)
    out: dict[str, Any] = {}
    for key, seconds in values.items():
        seconds.sort()
        target = targets[key[0]]
        out["/".join(key)] = {
            "n": len(seconds),
            "fractile_s": seconds[max(1, math.ceil(0.9 * len(seconds))) - 1],
            "compliance": None
            if target is None
            else sum(1 for s in seconds if s <= target) / len(seconds),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=500_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    table = county_year(args.responses, args.seed)
    standard = load_standard(None)
    request = ReportRequest(RESPONSE_INTERVALS, ("zone", "priority"))
    started = time.perf_counter()
    report = response_report(table, standard, request)
    fast = time.perf_counter() - started
    rows = [
        {
            "incident": str(table.incident[i]),
            "zone": str(table.labels["zone"][i]),
            "priority": str(table.labels["priority"][i]),
            **{s.value: float(table.times[s][i]) for s in table.times},
        }
        for i in range(len(table))
    ]
    targets = {n: (t.seconds if (t := standard.target(n)) else None) for n in RESPONSE_INTERVALS}
    started = time.perf_counter()
    slow = plain_python(rows, targets)
    baseline = time.perf_counter() - started
    for name in RESPONSE_INTERVALS:
        got, want = report["intervals"][name], slow[f"{name}//"]
        assert (got["n"], got["fractile_s"]) == (want["n"], want["fractile_s"]), name
        assert got["compliance"] == want["compliance"], name
    for group in report["by"]:
        key = f"response/{group['group']['zone']}/{group['group']['priority']}"
        assert group["intervals"]["response"]["fractile_s"] == slow[key]["fractile_s"], key
    print(
        json.dumps(
            {
                "figure": "response_report_s",
                "responses": len(table),
                "incidents": report["incidents"],
                "value": round(fast, 3),
                "baseline_s": round(baseline, 3),
                "baseline": "plain Python loops, one dict per unit response",
                "ratio": round(baseline / fast, 1),
                "target_s": 2.0,
            }
        )
    )


if __name__ == "__main__":
    main()
