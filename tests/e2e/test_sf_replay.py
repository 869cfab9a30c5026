"""A week of real 911 calls replayed through the API as a CAD would send them.

Every EMS-relevant call (a medical incident, or one an ambulance went to) of the San Francisco
Fire Department's export (DataSF, 2016-12-31 to 2017-01-07), in time order, over real HTTP to a
running server on the San Francisco roads (TIGER 2017 with street names), each with the CAD's
address, call type, PSAP time and incident number and an ``Idempotency-Key`` as a CAD's
interface sends it. Every 10th call comes without its point (a CAD that does not geocode: the
address is found on the map or the call is left "location unverified"); every 25th is sent
again as a client retrying after a lost answer. Every call must be stored exactly once: none
refused, none duplicated, no server error.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from live_server import serving

from conftest import PASSWORD, require_refdata
from goldenhour.adapters.geocoding import import_addresses
from goldenhour.adapters.importers.sf_calls import read_sf_calls
from goldenhour.adapters.routing import import_network
from goldenhour.api.app import create_app
from goldenhour.cli.demo_city import FERRY_BUILDING, PACKAGE_DATA
from goldenhour.config import Settings
from goldenhour.services.accounts import users as accounts

CALL_TYPES = PACKAGE_DATA / "call_types" / "sf_fire_department.csv"


def ems_calls(path: Path) -> list[dict[str, Any]]:
    """One call per incident (its earliest row), EMS-relevant ones, oldest first, as the
    CAD's interface sends them."""
    calls = []
    for call in read_sf_calls(path):
        body: dict[str, Any] = {
            "address": call.address,
            "call_type": call.call_type,
            "received_at": call.received_at.isoformat(),
            "external_id": call.external_id,
        }
        if call.lon is not None and call.lat is not None:
            body["location"] = {"lon": call.lon, "lat": call.lat}
        calls.append(body)
    return calls


@pytest.fixture(scope="session")
def sf_regions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """San Francisco's roads and addresses, built once per test process."""
    roads = require_refdata("osm_road_networks", "sf_tiger2017_roads.osm.pbf")
    data_dir = tmp_path_factory.mktemp("sf") / "var"
    settings = Settings(data_dir=data_dir, region="sf")
    import_network(roads, "sf", settings)
    import_addresses(roads, "sf", settings, FERRY_BUILDING)
    return data_dir


@pytest.fixture
def memory_backed_sqlite(tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """A SQLite file in shared memory where the system has it: this test counts calls, and
    3,000 full-sync commits on a busy disk would be most of its time (durability is tested
    in tests/e2e/test_dispatch_durability.py)."""
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() else tmp_path
    shutil.copy(sqlite_template, folder / "replay.sqlite3")  # migrated once per session
    yield f"sqlite:///{folder / 'replay.sqlite3'}"
    if folder != tmp_path:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_week_of_san_francisco_calls_is_stored_once_each_none_refused(
    memory_backed_sqlite: str, sf_regions: Path
) -> None:
    database_url = memory_backed_sqlite
    export = require_refdata(
        "incidents",
        "sf_fire_calls_for_service",
        "sf_fire_calls_for_service_2016-12-31_to_2017-01-07.csv",
    )
    calls = ems_calls(export)
    for n, body in enumerate(calls):
        if n % 10 == 5:
            del body["location"]
    settings = Settings(data_dir=sf_regions, database_url=database_url, region="sf")
    app = create_app(settings)
    with serving(app) as url, httpx.Client(base_url=f"{url}/api/v1", timeout=30) as http:
        with app.state.runtime.unit_of_work() as uow:
            agency = accounts.create_agency(uow, "sffd", "San Francisco Fire Department", "CA")
        with app.state.runtime.unit_of_work() as uow:
            roles = ["dispatcher", "agency_admin"]
            accounts.create_user(uow, None, agency.id, "cad", "CAD interface", PASSWORD, roles)
        token = http.post("/auth/login", json={"username": "cad", "password": PASSWORD})
        http.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        table = http.post(
            "/call-types/import",
            content=CALL_TYPES.read_bytes(),
            headers={"Content-Type": "text/csv"},
        )
        assert table.status_code == 200, table.text

        answers: dict[str, int] = {}
        statuses: Counter[int] = Counter()
        started = time.perf_counter()
        for n, body in enumerate(calls):
            key = {"Idempotency-Key": f"sffd-{body['external_id']}"}
            for _ in range(2 if n % 25 == 0 else 1):
                answer = http.post("/incidents", json=body, headers=key)
                statuses[answer.status_code] += 1
                assert answer.status_code == 201, (body, answer.text)
                got = answer.json()
                assert answers.setdefault(body["external_id"], got["id"]) == got["id"]
                assert got["address"] == body["address"]
        seconds = time.perf_counter() - started
        print(f"\n{len(calls)} SF calls in {seconds:.1f} s ({len(calls) / seconds:.0f}/s)")

        stored: list[dict[str, Any]] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"limit": 1000, **({"cursor": cursor} if cursor else {})}
            page = http.get("/incidents", params=params).json()
            stored += page["items"]
            cursor = page["next_cursor"]
            if cursor is None:
                break
    assert statuses == {201: len(calls) + len(range(0, len(calls), 25))}
    assert len(stored) == len(calls) == 2903
    assert sorted(i["external_id"] for i in stored) == sorted(c["external_id"] for c in calls)
    assert len({i["id"] for i in stored}) == len(calls)
    flagged = Counter(f["flag"] for i in stored for f in i["flags"])
    assert flagged["call_type_unmapped"] == 0  # the SF table covers every type in the week
    by_address = [i for i in stored if i["location_source"] == "address"]
    unverified = [i for i in stored if i["lon"] is None]
    assert len(by_address) + len(unverified) == len(range(5, len(calls), 10))
    assert len(by_address) > 0.8 * (len(by_address) + len(unverified))
    assert all("location_unverified" in {f["flag"] for f in i["flags"]} for i in unverified)
