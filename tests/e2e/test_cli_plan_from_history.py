"""``goldenhour plan locate|simulate --from-db``: the agency's stored history (imported with
``incidents import-history``) as demand and arrivals, the region's roads as travel.

The demo county is the region; the history is a week of calls at three of its places, most
at the first. Figures are checked against what the stored rows and the roads say, recomputed
here: calls per place, the drive from each station, the stamps replayed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from test_cli_foundation import goldenhour
from typer.testing import CliRunner

from goldenhour.adapters.db.engine import make_engine, session_factory
from goldenhour.adapters.db.migrate import upgrade
from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.adapters.importers.history import read_history
from goldenhour.adapters.routing import build_demo, load_region
from goldenhour.cli import app
from goldenhour.config import Settings
from goldenhour.services.accounts import users as accounts
from goldenhour.services.planning.history import region_places
from goldenhour.services.quality.history_import import import_history
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units.fleet import plan_fleet, seed_fleet

BREATHING, SICK_PERSON = "2301013", "2301061"
HEADER = (
    "incident,unit,priority,zone,psap_call,unit_notified,en_route,on_scene,left_scene,"
    "at_destination,transfer_of_care,lon,lat,dispatch_reason\n"
)
START = datetime(2026, 11, 2, tzinfo=UTC)
CALLS_AT = (12, 5, 3)  # calls at the first, second and third place


def agency_id_of(uow: UnitOfWork) -> int:
    return accounts.agency_by_slug(uow, "metro").id


def _stamp(t: datetime) -> str:
    return t.isoformat()


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    data = tmp_path_factory.mktemp("county")
    settings = Settings.from_env({"GOLDENHOUR_DATA_DIR": str(data)})
    build_demo("demo", size=2000, seed=1, settings=settings)
    region = load_region("demo", settings)
    places = region_places(region)
    spots = [places.lonlat[k * 97 % len(places.lonlat)] for k in range(len(CALLS_AT))]
    rows, n = [], 0
    for spot, count in zip(spots, CALLS_AT, strict=True):
        for _ in range(count):
            t = START + timedelta(hours=5 * n + 1)
            reason = BREATHING if n % 2 else SICK_PERSON
            stamps = [t, t + timedelta(seconds=70), t + timedelta(seconds=100)]
            stamps += [t + timedelta(seconds=600), t + timedelta(seconds=1500)]
            stamps += [t + timedelta(seconds=2400), t + timedelta(seconds=3000)]
            rows.append(
                f"H{n},M1,{1 + n % 3},Z,"
                + ",".join(_stamp(s) for s in stamps)
                + f",{spot[0]:.6f},{spot[1]:.6f},{reason}"
            )
            n += 1
    history = data / "history.csv"
    history.write_text(HEADER + "".join(f"{r}\n" for r in rows))
    stations = [(p.name, p.lon, p.lat) for p in region.stations]
    # Arranged through the services the CLI commands call (one process start each is slow);
    # the commands under test below run as a user runs them.
    engine = make_engine(settings.effective_database_url)
    upgrade(engine)
    with UnitOfWork(session_factory(engine), InProcessBus()) as uow:
        agency = accounts.create_agency(uow, "metro", "Metro EMS", "WA")
        seed_fleet(uow, None, agency.id, plan_fleet(stations, len(stations)), START, "WA")
        uow.commit()
    with UnitOfWork(session_factory(engine), InProcessBus()) as uow:
        fmt, responses = read_history(history)
        import_history(uow, None, agency_id_of(uow), fmt, responses)
    engine.dispose()
    return {"data": data, "places": places, "spots": spots}


def test_locate_from_the_database_weighs_each_road_node_by_its_stored_calls(county):
    data, places = county["data"], county["places"]
    locate = ("plan", "locate", "--from-db", "--agency", "metro", "--region", "demo")
    result = goldenhour(data, *locate, "--model", "pmedian", "--p", "1", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["total_weight"] == sum(CALLS_AT)
    nodes = places.nearest(*np.array(county["spots"]).T)
    minutes = places.travel.out["emergency"][: places.travel.stations][:, nodes] / 60.0
    cost = minutes @ np.array(CALLS_AT, dtype=float)
    best = int(np.argmin(cost))
    assert answer["sites"] == {places.stations[best]: 1}
    assert answer["objective"] == pytest.approx(cost[best])


def test_simulate_from_the_database_replays_the_stored_calls_on_the_agencys_units(county):
    result = goldenhour(
        county["data"],
        "plan",
        "simulate",
        "--from-db",
        "--agency",
        "metro",
        "--region",
        "demo",
        "--replications",
        "2",
        "--warm-up-days",
        "0",
        "--workers",
        "1",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    base = answer["scenarios"]["base"]
    total = sum(
        base[f"response.{p}.calls"]["mean"]
        for p in ("P1", "P2", "P3", "P4")
        if f"response.{p}.calls" in base
    )
    # Every stored call comes back once, in every replication (nothing is generated).
    assert total == sum(CALLS_AT)
    assert answer["days"] == 5.0  # 20 calls 5 h apart from midnight: the history's span
    stations = {u["station"] for u in answer["units"]}
    assert stations == set(county["places"].stations)


def test_from_db_without_a_region_names_the_option():
    """Refused before any database or road work, so it runs in this process."""
    args = ["plan", "locate", "--from-db", "--agency", "metro", "--model", "lscp"]
    result = CliRunner().invoke(app, [*args, "--standard", "8"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: region: is required with --from-db"
