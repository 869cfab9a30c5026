"""What the benchmarks that drive a real server share: a seeded database, a server process on a
free port, a throwaway PostgreSQL database, percentiles, and the JSON-lines output.

Every figure printed carries the machine's load average at that moment, because the benchmarks
run on a shared machine and a busy one makes every latency longer.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx2 as httpx
import numpy as np

from goldenhour.adapters.db import migrate
from goldenhour.adapters.db.engine import make_engine, session_factory
from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.adapters.routing import load_region
from goldenhour.config import Settings
from goldenhour.services.accounts import users as accounts
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units import fleet

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from throwaway_postgres import ThrowawayPostgres, find_bin_dir  # noqa: E402

PASSWORD = "bench-password-1"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def emit(**figure: Any) -> None:
    """One JSON line on stdout, with the 1-minute load average and the number of cores."""
    print(json.dumps({**figure, "load_1m": load_average(), "cores": os.cpu_count()}), flush=True)


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def percentiles(samples: list[float]) -> tuple[float, float]:
    return float(np.percentile(samples, 50)), float(np.percentile(samples, 99))


def prepare(settings: Settings, units: int, seed: int) -> None:
    """Migrate, create the agency and a supervisor, and seed ``units`` staffed units."""
    engine = make_engine(settings.effective_database_url)
    migrate.upgrade(engine)
    sessions = session_factory(engine)
    region = load_region(settings.region, settings)
    rng = np.random.default_rng(seed)
    nodes = rng.choice(region.graph.node_count, size=units, replace=False)
    spots = [(f"N{n}", float(region.graph.lon[n]), float(region.graph.lat[n])) for n in nodes]
    with UnitOfWork(sessions, InProcessBus()) as uow:
        agency = accounts.create_agency(uow, "bench", "Bench County EMS", "WA")
    with UnitOfWork(sessions, InProcessBus()) as uow:
        accounts.create_user(uow, None, agency.id, "sup", "Sup", PASSWORD, ["supervisor"])
    plans = fleet.plan_fleet(spots, units)
    with UnitOfWork(sessions, InProcessBus()) as uow:
        fleet.seed_fleet(uow, None, agency.id, plans, datetime.now(UTC), "WA")
    engine.dispose()


def login(client: Any) -> dict[str, str]:
    answer = client.post("/api/v1/auth/login", json={"username": "sup", "password": PASSWORD})
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


class CallTaker:
    """One call-taker's keep-alive connection, on the standard library's ``http.client``.

    The load generator shares the machine's two cores with the server it measures; httpx
    spent ~3 ms of CPU on each call, this spends a fraction of that, so more of the cores go to
    the server being measured (the same client measures the baseline).
    """

    def __init__(self, base: str, headers: dict[str, str]) -> None:
        url = urlsplit(base)
        self._connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=60)
        self._headers = {**headers, "Content-Type": "application/json"}

    def post(self, path: str, body: object) -> tuple[int, float]:
        """The answer's status and the milliseconds it took (0 when the connection failed)."""
        started = time.perf_counter()
        try:
            self._connection.request("POST", path, json.dumps(body), self._headers)
            answer = self._connection.getresponse()
            answer.read()
            status = answer.status
        except (OSError, http.client.HTTPException):
            self._connection.close()
            status = 0
        return status, (time.perf_counter() - started) * 1000

    def __enter__(self) -> CallTaker:
        return self

    def __exit__(self, *_: object) -> None:
        self._connection.close()


def login_sync(base: str) -> dict[str, str]:
    with httpx.Client(base_url=base) as client:
        return login(client)


@contextmanager
def server_process(settings: Settings, workers: int = 1) -> Iterator[str]:
    """``goldenhour serve`` on a free port, as an operator runs it; yields its base URL."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "GOLDENHOUR_DATA_DIR": str(settings.data_dir),
        "GOLDENHOUR_DATABASE_URL": settings.effective_database_url,
    }
    command = [sys.executable, "-m", "goldenhour", "serve", "--port", str(port), "--no-upgrade"]
    process = subprocess.Popen(
        [*command, "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(20)


@contextmanager
def postgres_database() -> Iterator[str | None]:
    """The URL of a fresh database ``bench`` on a throwaway cluster, or None without one."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        yield None
        return
    server = ThrowawayPostgres(bin_dir)
    server.start()
    try:
        yield server.create_database("bench")
    finally:
        server.stop()
