"""Intake under load, measured from outside: a real server process, real HTTP, both databases.

Run: ``.venv/bin/python bench/intake.py [--calls 200] [--units 100]``.
Prints one JSON line per figure (progress on stderr), each beside a baseline from the same run:

* ``intake_ms`` per database: ``POST /api/v1/incidents`` (a whole call: authentication,
  triage, storage, recommendation, events) with 8 call-takers at once, p50/p99 over
  ``--calls`` calls each; baseline: one call-taker. Target (issue 18): p99 < 300 ms at 8.
* ``reads_ms``: 100 simultaneous ``GET /api/v1/incidents?limit=1``: how many answered 200,
  p50/p99; baseline: the same request alone. Target: all answered, p99 < 1 s.
* ``login_flood_ms``: other users' ``GET /incidents`` p99 while two clients keep sending
  wrong passwords; baseline: the same reads without the flood. Target: ratio < 2.

The throwaway PostgreSQL runs with ``fsync=off``; SQLite runs with ``synchronous=FULL``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import itertools
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2 as httpx
import numpy as np
from dispatch import emit, log, login, percentiles, prepare, server_process

from goldenhour.adapters.db.engine import make_engine
from goldenhour.adapters.routing import build_demo, load_region
from goldenhour.config import Settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from throwaway_postgres import ThrowawayPostgres, find_bin_dir  # noqa: E402

REASONS = ("2301019", "2301033", "2301063", "2301021", "2301069", "2301061")


def call_takers(
    base: str, points: list[tuple[float, float]], takers: int, calls: int
) -> list[float]:
    """Milliseconds per call with ``takers`` clients each taking ``calls`` calls in a row."""
    headers = login(httpx.Client(base_url=base))
    counter = itertools.count()
    statuses: list[int] = []

    def take(_: int) -> list[float]:
        spent = []
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(calls):
                n = next(counter)
                lon, lat = points[n % len(points)]
                body = {
                    "location": {"lon": lon, "lat": lat},
                    "dispatch_reason": REASONS[n % len(REASONS)],
                }
                started = time.perf_counter()
                answer = client.post("/api/v1/incidents", json=body, headers=headers)
                spent.append((time.perf_counter() - started) * 1000)
                statuses.append(answer.status_code)
        return spent

    with concurrent.futures.ThreadPoolExecutor(takers) as pool:
        times = [t for chunk in pool.map(take, range(takers)) for t in chunk]
    refused = [s for s in statuses if s != 201]
    if refused:
        log(f"{len(refused)} calls not stored: {sorted(set(refused))}")
    return times


def simultaneous_reads(base: str, headers: dict[str, str], count: int) -> tuple[int, list[float]]:
    barrier = threading.Barrier(count)

    def read(_: int) -> tuple[int, float]:
        with httpx.Client(base_url=base, timeout=120) as client:
            barrier.wait()
            started = time.perf_counter()
            answer = client.get("/api/v1/incidents", params={"limit": 1}, headers=headers)
            return answer.status_code, (time.perf_counter() - started) * 1000

    with concurrent.futures.ThreadPoolExecutor(count) as pool:
        results = list(pool.map(read, range(count)))
    return sum(s == 200 for s, _ in results), [t for _, t in results]


def reads_under(base: str, headers: dict[str, str], flood: bool, reads: int) -> list[float]:
    stop = threading.Event()

    def wrong_passwords() -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while not stop.is_set():
                client.post("/api/v1/auth/login", json={"username": "sup", "password": "wrong-1"})

    flooders = [threading.Thread(target=wrong_passwords) for _ in range(2 if flood else 0)]
    for t in flooders:
        t.start()
    spent = []
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(reads):
                started = time.perf_counter()
                client.get("/api/v1/incidents", params={"limit": 20}, headers=headers)
                spent.append((time.perf_counter() - started) * 1000)
    finally:
        stop.set()
        for t in flooders:
            t.join()
    return spent


def measure(settings: Settings, database: str, calls: int) -> None:
    region = load_region(settings.region, settings)
    rng = np.random.default_rng(7)
    nodes = rng.choice(region.graph.node_count, size=500, replace=False)
    points = [(float(region.graph.lon[n]), float(region.graph.lat[n])) for n in nodes]
    with server_process(settings) as base:
        headers = login(httpx.Client(base_url=base))
        one = percentiles(call_takers(base, points, 1, calls))
        eight = percentiles(call_takers(base, points, 8, calls))
        emit(
            figure="intake_ms",
            database=database,
            call_takers=8,
            p50=round(eight[0], 1),
            p99=round(eight[1], 1),
            baseline="one call-taker",
            baseline_p50=round(one[0], 1),
            baseline_p99=round(one[1], 1),
            ratio_p99=round(eight[1] / one[1], 2),
            target_p99_ms=300,
        )
        alone = percentiles(simultaneous_reads(base, headers, 1)[1] * 2)
        answered, times = simultaneous_reads(base, headers, 100)
        p50, p99 = percentiles(times)
        emit(
            figure="reads_ms",
            database=database,
            simultaneous=100,
            answered=answered,
            p50=round(p50, 1),
            p99=round(p99, 1),
            baseline="one read alone",
            baseline_p50=round(alone[0], 1),
            ratio_p99=round(p99 / alone[1], 1),
            target_p99_ms=1000,
        )
        quiet = percentiles(reads_under(base, headers, False, 100))
        flooded = percentiles(reads_under(base, headers, True, 100))
        emit(
            figure="login_flood_ms",
            database=database,
            p50=round(flooded[0], 1),
            p99=round(flooded[1], 1),
            baseline="the same reads without a flood",
            baseline_p99=round(quiet[1], 1),
            ratio_p99=round(flooded[1] / quiet[1], 2),
            target_ratio=2,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=100, help="calls per call-taker")
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--demo-size", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="goldenhour-bench-") as tmp:
        data = Path(tmp) / "var"
        sqlite = Settings(data_dir=data)
        log(f"building the demo county ({args.demo_size} nodes) and {args.units} units")
        build_demo("demo", size=args.demo_size, seed=1, settings=sqlite)
        prepare(sqlite, args.units, 1)
        log("SQLite")
        measure(sqlite, "sqlite", args.calls)
        bin_dir = find_bin_dir()
        if bin_dir is None:
            emit(figure="intake_ms", database="postgresql", skipped="no PostgreSQL server")
            return
        server = ThrowawayPostgres(bin_dir)
        server.start()
        try:
            admin = make_engine(server.url())
            with admin.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT")
                connection.exec_driver_sql("CREATE DATABASE bench")
            admin.dispose()
            postgres = Settings(data_dir=data, database_url=server.url("bench"))
            prepare(postgres, args.units, 1)
            log("PostgreSQL")
            measure(postgres, "postgresql", args.calls)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
