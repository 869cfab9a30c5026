"""Geocoding accuracy on real 911 calls: San Francisco Fire Department calls for service
(2016-12-31 to 2017-01-07, DataSF) geocoded on San Francisco's TIGER 2017 roads.

Run: ``.venv/bin/python bench/geocoding.py [--limit N]`` (needs ``$GOLDENHOUR_REFDATA``).

Every call row whose address is an intersection (``HARRISON ST/6TH ST``) or a block (``300
Block of MAIN ST``) is geocoded by ``goldenhour geocode``'s code on the region built as the
README says (``network import sf_tiger2017_roads.osm.pbf --address-origin`` at the Ferry
Building, where the city's numbering starts), and its best candidate compared with the
coordinates the fire department's CAD stored for that call. The TIGER roads carry names but
no house numbers or address ranges, so blocks are placed by counting cross streets.

Prints one JSON line per address kind: error in metres (median, 90th percentile) and the
share within 100 m, with a miss (no candidate) counted as an infinite error, beside the naive
baseline measured in the same run: the middle of the first named street (same street-name
matching). Also the mean time per address.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

from goldenhour.adapters.geocoding import import_addresses, load_gazetteer
from goldenhour.config import Settings, refdata_dir
from goldenhour.domain.addresses import Gazetteer, geocode, parse
from goldenhour.domain.addresses.geometry import distance_m
from goldenhour.domain.addresses.numbering import axis

CALLS = "incidents/sf_fire_calls_for_service/sf_fire_calls_for_service_2016-12-31_to_2017-01-07.csv"
ROADS = "osm_road_networks/sf_tiger2017_roads.osm.pbf"
FERRY_BUILDING = (-122.3937, 37.7955)
_LOCATION = re.compile(r"\(([-\d.]+),\s*([-\d.]+)\)")


def calls(path: Path) -> list[tuple[str, str, tuple[float, float]]]:
    found = []
    with path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            address, where = row["Address"], _LOCATION.match(row["Location"])
            if not where:
                continue
            kind = "intersection" if "/" in address else "block" if " Block of " in address else ""
            if kind:
                found.append((kind, address, (float(where.group(2)), float(where.group(1)))))
    return found


def naive(gazetteer: Gazetteer, address: str) -> tuple[float, float] | None:
    keys = gazetteer.resolve(parse(address).street)
    if not keys:
        return None
    layout = axis(gazetteer, keys[0][0])
    return layout.point_at(layout.length / 2)


def summary(errors: list[float]) -> dict[str, float | None]:
    ordered = sorted(errors)

    def pick(q: float) -> float | None:
        value = ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]
        return round(value, 1) if math.isfinite(value) else None

    return {
        "median_m": round(statistics.median(ordered), 1)
        if math.isfinite(statistics.median(ordered))
        else None,
        "p90_m": pick(0.9),
        "within_100m": round(sum(e <= 100 for e in ordered) / len(ordered), 3),
        "found": round(sum(math.isfinite(e) for e in ordered) / len(ordered), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N rows")
    args = parser.parse_args()
    data = refdata_dir(os.environ)
    rows = calls(data / CALLS)[: args.limit or None]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env({"GOLDENHOUR_DATA_DIR": tmp})
        started = time.perf_counter()
        import_addresses(data / ROADS, "sf", settings, FERRY_BUILDING)
        gazetteer = load_gazetteer("sf", settings)
        build_s = time.perf_counter() - started
        for kind in ("intersection", "block"):
            ours, base, seconds = [], [], 0.0
            for _, address, truth in (r for r in rows if r[0] == kind):
                t0 = time.perf_counter()
                best = geocode(gazetteer, address, 1)
                seconds += time.perf_counter() - t0
                ours.append(distance_m((best[0].lon, best[0].lat), truth) if best else math.inf)
                guess = naive(gazetteer, address)
                base.append(distance_m(guess, truth) if guess else math.inf)
            mine, theirs = summary(ours), summary(base)
            ratio = {
                f"{q}_ratio_baseline_over_ours": round(theirs[q] / mine[q], 2)
                if mine[q] and theirs[q]
                else None
                for q in ("median_m", "p90_m")
            }
            line = {
                "bench": "geocoding_sf_calls",
                "kind": kind,
                "addresses": len(ours),
                **mine,
                "baseline": "middle of the first named street",
                **{f"baseline_{k}": v for k, v in theirs.items()},
                **ratio,
                "ms_per_address": round(1000 * seconds / max(len(ours), 1), 3),
                "build_s": round(build_s, 2),
            }
            print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
