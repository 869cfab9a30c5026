"""Dispatch benchmark: recommendation latency, position ingestion, event delivery.

Run: ``.venv/bin/python bench/dispatch.py [--units 300] [--demo-size 20000]``.
Prints one JSON line per figure on stdout (progress on stderr), each beside a baseline
measured in the same run and the ratio:

* ``recommendation_ms``: ``GET /incidents/{id}/recommendations`` through the whole API
  (authentication, unit levels derived from the crews, one reversed road search) with
  ``--units`` staffed units spread over the demo county, p50 and p99 over random incidents;
  baseline: the same endpoint answering with one road search per unit (the naive way).
  Measured before and after ``gc.freeze()`` (see ``recommendation_latency``).
  Target (issue 5): p99 under 20 ms.
* ``positions_per_s`` on SQLite and PostgreSQL: ``POST /units/positions`` in batches of 100;
  baseline: one position per request. Target: at least 1,000 positions/s. (The throwaway
  PostgreSQL cluster runs with ``fsync=off``; SQLite runs with ``synchronous=FULL``.)
* ``event_delivery_ms``: status changes posted to a real server process while
  ``--subscribers`` clients hold ``GET /events`` open: p50/p99 from the event's commit to
  its arrival at each subscriber; baseline: the same with one subscriber. Target: p99 under
  100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx2 as httpx
import numpy as np
import numpy.typing as npt
from fastapi.testclient import TestClient
from harness import (
    emit,
    log,
    login,
    login_sync,
    percentiles,
    postgres_database,
    prepare,
    server_process,
)

from goldenhour.adapters.routing import build_demo, load_region
from goldenhour.adapters.routing.graph import FloatArray
from goldenhour.adapters.routing.region import LonLat
from goldenhour.api.app import create_app
from goldenhour.api.dispatch_deps import get_setup
from goldenhour.config import Settings
from goldenhour.services.dispatch.setup import DispatchSetup, setup_from

REASONS = ("2301019", "2301033", "2301063", "2301021", "2301069")


class PerUnitSearch:
    """The naive baseline: one forward road search from every unit to the incident."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.bbox = inner, inner.bbox

    def etas_to(
        self, destination: LonLat, origins: npt.ArrayLike, mode: str = "emergency"
    ) -> FloatArray:
        return np.array([self.inner.eta(tuple(o), destination, mode) for o in np.asarray(origins)])

    def etas_from(
        self, origin: LonLat, destinations: npt.ArrayLike, mode: str = "emergency"
    ) -> FloatArray:
        return np.asarray(self.inner.etas_from(origin, destinations, mode))


def recommendation_latency(settings: Settings, incidents: int, seed: int) -> None:
    region = load_region(settings.region, settings)
    rng = np.random.default_rng(seed + 1)
    app = create_app(settings)
    with TestClient(app) as client:
        headers = login(client)
        ids = []
        for n in rng.choice(region.graph.node_count, size=incidents, replace=False):
            body = {
                "location": {"lon": float(region.graph.lon[n]), "lat": float(region.graph.lat[n])},
                "dispatch_reason": REASONS[len(ids) % len(REASONS)],
            }
            ids.append(client.post("/api/v1/incidents", json=body, headers=headers).json()["id"])

        def timed(count: int) -> list[float]:
            samples = []
            for incident in ids[:count]:
                t0 = time.perf_counter()
                answer = client.get(
                    f"/api/v1/incidents/{incident}/recommendations", headers=headers
                )
                samples.append((time.perf_counter() - t0) * 1000)
                assert answer.status_code == 200, answer.text
            return samples

        timed(5)  # warm caches (region, protocol, scope tables)
        unfrozen = percentiles(timed(len(ids)))
        # What a long-running server should do once warm (``goldenhour demo`` does): move the
        # ~200,000 start-up objects out of the cyclic collector's way, whose full passes
        # otherwise stall a request now and then.
        gc.collect()
        gc.freeze()
        ours = percentiles(timed(len(ids)))
        real = setup_from(settings)
        naive = DispatchSetup(real.protocol, PerUnitSearch(real.travel), real.config)
        app.dependency_overrides[get_setup] = lambda: naive
        base = percentiles(timed(max(10, len(ids) // 5)))
    emit(
        figure="recommendation_ms",
        incidents=len(ids),
        p50=round(ours[0], 2),
        p99=round(ours[1], 2),
        without_gc_freeze_p50=round(unfrozen[0], 2),
        without_gc_freeze_p99=round(unfrozen[1], 2),
        baseline="one road search per unit",
        baseline_p50=round(base[0], 2),
        baseline_p99=round(base[1], 2),
        ratio_p50=round(base[0] / ours[0], 1),
        target_p99_ms=20,
    )


def ingestion_rate(settings: Settings, database: str, batches: int, seed: int) -> None:
    region = load_region(settings.region, settings)
    rng = np.random.default_rng(seed + 2)
    with TestClient(create_app(settings)) as client:
        headers = login(client)
        board = client.get("/api/v1/units/positions", params={"limit": 1000}, headers=headers)
        units = [u["unit_id"] for u in board.json()["items"]]
        clock = datetime.now(UTC)  # after the seeding fixes; each batch a millisecond later

        def rate(batch_size: int, count: int) -> float:
            nonlocal clock
            bodies = []
            for _ in range(count):
                clock += timedelta(milliseconds=1)
                nodes = rng.choice(region.graph.node_count, size=batch_size)
                picked = rng.choice(units, size=batch_size, replace=False)
                bodies.append(
                    {
                        "positions": [
                            {
                                "unit_id": int(u),
                                "lon": float(region.graph.lon[n]),
                                "lat": float(region.graph.lat[n]),
                                "at": clock.isoformat(),
                            }
                            for u, n in zip(picked, nodes, strict=True)
                        ]
                    }
                )
            t0 = time.perf_counter()
            for body in bodies:
                answer = client.post("/api/v1/units/positions", json=body, headers=headers)
                assert answer.status_code == 200 and not answer.json()["rejected"], answer.text
            return batch_size * count / (time.perf_counter() - t0)

        rate(100, 2)  # warm up
        batched = rate(100, batches)
        single = rate(1, batches * 2)
    emit(
        figure="positions_per_s",
        database=database,
        batch=100,
        value=round(batched),
        baseline="one position per request",
        baseline_value=round(single),
        ratio=round(batched / single, 1),
        target=1000,
    )


async def delivery(base: str, subscribers: int, events: int) -> list[float]:
    """Milliseconds from each status change's commit to its arrival, at every subscriber."""
    limits = httpx.Limits(max_connections=subscribers + 10)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        headers = login_sync(base)
        board = await client.get("/api/v1/units/positions", headers=headers)
        unit = board.json()["items"][0]["unit_id"]
        latencies: list[float] = []
        ready = asyncio.Event()
        connected = 0

        async def listen() -> None:
            nonlocal connected
            seen = 0
            async with client.stream("GET", "/api/v1/events", params=tickets.pop()) as stream:
                stream.raise_for_status()
                async for line in stream.aiter_lines():
                    if line.startswith(": connected"):
                        connected += 1
                        if connected == subscribers:
                            ready.set()
                    if not line.startswith("data: "):
                        continue
                    event = json.loads(line[6:])
                    if event["name"] != "UnitStatusChanged":
                        continue
                    sent = datetime.fromisoformat(event["at"])
                    latencies.append((datetime.now(UTC) - sent).total_seconds() * 1000)
                    seen += 1
                    if seen == events:
                        return

        # Each stream opens with a short-lived ticket, as the board does (never the token). The
        # tickets are fetched one after another: this measures delivery, not a sign-in storm.
        tickets = []
        for _ in range(subscribers):
            answer = await client.post("/api/v1/events/ticket", headers=headers)
            answer.raise_for_status()
            tickets.append({"ticket": answer.json()["ticket"]})
        tasks = [asyncio.create_task(listen()) for _ in range(subscribers)]
        try:
            await asyncio.wait_for(ready.wait(), 60)
        except TimeoutError:
            failed = [t.exception() for t in tasks if t.done()]
            raise SystemExit(
                f"{connected} of {subscribers} subscribers connected; {failed[:3]}"
            ) from None
        states = ("out_of_service", "available")
        for n in range(events):
            answer = await client.post(
                f"/api/v1/units/{unit}/status", json={"status": states[n % 2]}, headers=headers
            )
            assert answer.status_code == 200, answer.text
            await asyncio.sleep(0.05)
        await asyncio.wait_for(asyncio.gather(*tasks), 60)
        return latencies


def event_delivery(settings: Settings, subscribers: int, events: int) -> None:
    with server_process(settings) as base:
        ours = percentiles(asyncio.run(delivery(base, subscribers, events)))
        single = percentiles(asyncio.run(delivery(base, 1, events)))
    emit(
        figure="event_delivery_ms",
        subscribers=subscribers,
        p50=round(ours[0], 1),
        p99=round(ours[1], 1),
        baseline="one subscriber",
        baseline_p50=round(single[0], 1),
        baseline_p99=round(single[1], 1),
        ratio_p99=round(ours[1] / single[1], 1),
        target_p99_ms=100,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--incidents", type=int, default=200)
    parser.add_argument("--batches", type=int, default=30)
    parser.add_argument("--subscribers", type=int, default=100)
    parser.add_argument("--events", type=int, default=30)
    parser.add_argument("--demo-size", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="goldenhour-bench-") as tmp:
        data = Path(tmp) / "var"
        sqlite = Settings(data_dir=data)
        log(f"building the demo county ({args.demo_size} nodes) and {args.units} units")
        build_demo("demo", size=args.demo_size, seed=args.seed, settings=sqlite)
        prepare(sqlite, args.units, args.seed)
        log("recommendation latency")
        recommendation_latency(sqlite, args.incidents, args.seed)
        log("position ingestion (SQLite)")
        ingestion_rate(sqlite, "sqlite", args.batches, args.seed)
        log("event delivery")
        event_delivery(sqlite, args.subscribers, args.events)
        with postgres_database() as url:
            if url is None:
                emit(figure="positions_per_s", database="postgresql", skipped="no PostgreSQL")
                return
            postgres = Settings(data_dir=data, database_url=url)
            prepare(postgres, args.units, args.seed)
            log("position ingestion (PostgreSQL)")
            ingestion_rate(postgres, "postgresql", args.batches, args.seed)


if __name__ == "__main__":
    main()
