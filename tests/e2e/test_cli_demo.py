"""``goldenhour demo`` (what ``make run`` runs) as a user starts it: a real process that serves
the pages and dispatches a simulated county live."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
from live_server import free_port

from conftest import require_refdata
from goldenhour.adapters.importers.sf_calls import read_sf_calls
from goldenhour.cli.demo_city import CALLS, ROADS
from goldenhour.domain.dispatch.replay import station_sites
from goldenhour.domain.units.timeline import ON_INCIDENT, UnitStatus

PASSWORD = "goldenhour-demo"


def wait_for(check, seconds: float, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = check()
        except httpx.HTTPError:
            found = None
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_the_demo_serves_the_pages_and_dispatches_calls_on_its_own(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "GOLDENHOUR_DATA_DIR": str(tmp_path)}
    env.pop("GOLDENHOUR_DATABASE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "goldenhour", "demo", "--port", str(port), "--speed", "120",
         "--calls-per-hour", "240"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: httpx.get(f"{base}/health").status_code == 200, 90, "the demo to serve")
        for page in ("/board", "/crew", "/review", "/docs"):
            assert httpx.get(f"{base}{page}").status_code == 200, page

        def sign_in(username: str) -> dict[str, str]:
            body = {"username": username, "password": PASSWORD}
            token = httpx.post(f"{base}/api/v1/auth/login", json=body).json()["access_token"]
            return {"Authorization": f"Bearer {token}"}

        dispatcher = sign_in("demo-dispatcher")

        def busy_units() -> list[str]:
            units = httpx.get(f"{base}/api/v1/units/positions", headers=dispatcher).json()
            return [u["status"] for u in units["items"] if u["status"] != "available"]

        statuses = wait_for(busy_units, 60, "the simulation to dispatch a unit")
        assert any(UnitStatus(s) in ON_INCIDENT for s in statuses), statuses
        me = httpx.get(f"{base}/api/v1/auth/me", headers=sign_in("demo-medic")).json()
        assert me["unit_call_sign"] == "M1"
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert "GoldenHour demo on" in output and "demo-dispatcher" in output


def test_the_san_francisco_demo_replays_the_weeks_calls_in_order_on_its_own_stations(
    tmp_path: Path,
) -> None:
    """``goldenhour demo --city sf``: the city's region built, a station per station area with
    three units each, its HIFLD hospitals and call types, and the week's calls arriving in the
    order the CAD received them."""
    export = require_refdata(*CALLS)
    require_refdata(*ROADS)
    port = free_port()
    env = {**os.environ, "GOLDENHOUR_DATA_DIR": str(tmp_path)}
    for name in ("GOLDENHOUR_DATABASE_URL", "GOLDENHOUR_REGION"):
        env.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "goldenhour", "demo", "--city", "sf", "--port", str(port),
         "--speed", "600", "--no-dispatcher"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        wait_for(lambda: httpx.get(f"{base}/../../health").status_code == 200, 120, "the city")
        body = {"username": "demo-dispatcher", "password": PASSWORD}
        token = httpx.post(f"{base}/auth/login", json=body).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}

        def every(path: str) -> list[dict[str, object]]:
            items, cursor = [], None
            while True:
                query = {"limit": 50, **({"cursor": cursor} if cursor else {})}
                page = httpx.get(f"{base}{path}", params=query, headers=headers).json()
                items += page["items"]
                if (cursor := page["next_cursor"]) is None:
                    return items

        stations = {s.name for s in station_sites(read_sf_calls(export))}
        units = every("/units")
        assert {u["station"] for u in units} == stations and len(units) == 3 * len(stations)
        hospitals = {f["name"] for f in every("/facilities")}
        assert any("ZUCKERBERG SAN FRANCISCO GENERAL" in name for name in hospitals)
        assert {t["call_type"] for t in every("/call-types")} >= {"Medical Incident", "Other"}
        calls = wait_for(lambda: len(found := every("/incidents")) >= 5 and found, 60, "calls")
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    week = [c.external_id for c in read_sf_calls(export)]
    assert [c["external_id"] for c in reversed(calls)] == week[: len(calls)]
    assert "replaying 2,903 calls" in output and (tmp_path / "sf.sqlite3").is_file()
