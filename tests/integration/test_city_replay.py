"""San Francisco for ``goldenhour demo --city sf``, built from the reference data as the
command builds it, and its recorded calls replayed by the simulation at a speed factor.

The simulation runs on a settable clock: the test moves time instead of sleeping, and checks
that at speed 60 the calls received in the week's first S seconds, and only those, are
stored after S / 60 real seconds, each once, with its CAD's address, call type and number.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from conftest import require_refdata
from goldenhour.adapters.db.engine import make_engine, session_factory
from goldenhour.adapters.db.tables import IncidentRow
from goldenhour.adapters.db.types import utcnow
from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.adapters.refdata.call_mix import shipped_mix
from goldenhour.adapters.routing import load_region
from goldenhour.cli.demo_city import City, prepare_sf
from goldenhour.config import Settings, refdata_dir
from goldenhour.domain.dispatch.call_types import csv_rows
from goldenhour.domain.dispatch.replay import ReplaySchedule
from goldenhour.services.accounts import users as accounts
from goldenhour.services.clock import SettableClock
from goldenhour.services.dispatch import call_types
from goldenhour.services.dispatch.setup import protocol_for, setup_from
from goldenhour.services.simulation import Simulation
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units import fleet

SPEED = 60.0


@pytest.fixture(scope="module")
def san_francisco(tmp_path_factory: pytest.TempPathFactory) -> tuple[City, Settings]:
    require_refdata("osm_road_networks", "sf_tiger2017_roads.osm.pbf")
    data_dir = tmp_path_factory.mktemp("sf") / "var"
    settings = Settings(data_dir=data_dir, region="sf", refdata=refdata_dir())
    return prepare_sf(settings, log=lambda _: None), settings


def test_san_francisco_has_its_roads_hospitals_and_a_station_per_station_area(
    san_francisco: tuple[City, Settings],
) -> None:
    city, settings = san_francisco
    region = load_region("sf", settings)
    west, south, east, north = region.bbox
    assert len(city.calls) == 2903  # the EMS calls of the week, as the SF replay test counts
    areas = {c.station_area for c in city.calls if c.station_area and c.lon is not None}
    assert [s.name for s in city.stations] == sorted(
        (f"Station {a}" for a in areas), key=lambda n: int(n.split()[-1])
    )
    assert all(west <= s.lon <= east and south <= s.lat <= north for s in city.stations)
    # every station within 300 m of a road: placed amid its streets, not in the bay
    assert max(region.nearest_road(s.lon, s.lat)[2] for s in city.stations) < 300
    names = {h.name for h in city.hospitals}
    assert any("ZUCKERBERG SAN FRANCISCO GENERAL" in n for n in names)
    assert "KAISER FND HOSP - SOUTH SAN FRANCISCO" not in names  # south of the city's roads
    assert all(west <= h.lon <= east and south <= h.lat <= north for h in city.hospitals)


def test_the_recorded_calls_arrive_at_sixty_times_their_pace_each_once_as_the_cad_sent_them(
    san_francisco: tuple[City, Settings], tmp_path: Path, sqlite_template: Path
) -> None:
    city, region_settings = san_francisco
    shutil.copy(sqlite_template, tmp_path / "db.sqlite3")
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    settings = Settings(data_dir=region_settings.data_dir, database_url=url, region="sf")
    engine = make_engine(url)
    sessions = session_factory(engine)
    clock = SettableClock(utcnow())

    def uow() -> UnitOfWork:
        return UnitOfWork(sessions, InProcessBus(), clock)

    start = city.calls[0].received_at
    first_hour = [c for c in city.calls if (c.received_at - start).total_seconds() < 3600]
    try:
        with uow() as u:
            agency = accounts.create_agency(u, "sf", city.agency_name, city.state)
            rows = csv_rows(city.call_types.read_text(encoding="utf-8"), "sf")
        with uow() as u:
            call_types.replace_call_types(u, None, agency.id, rows, protocol_for(settings))
        actors = []
        for name, role in (("cad", "dispatcher"), ("crew", "crew")):
            with uow() as u:
                user = accounts.create_user(
                    u, None, agency.id, name, name, "long-password-1", [role]
                )
                actors.append(accounts.actor_of(user))
        stations = [(s.name, s.lon, s.lat) for s in city.stations]
        with uow() as u:
            fleet.seed_fleet(u, None, agency.id, fleet.plan_fleet(stations, 45), utcnow(), "CA")
        sim = Simulation(
            uow, lambda: setup_from(settings), load_region("sf", settings), actors[0], actors[1],
            shipped_mix(), speed=SPEED, dispatcher_on=False, replay=ReplaySchedule(first_hour),
            stations=city.station_places(), hospitals=city.hospital_places(),
        )  # fmt: skip
        stored_by_step = []
        for real_s in (0.0, 10.0, 30.0, 61.0):  # simulated 0, 10, 30 and 61 minutes
            clock.advance(real_s - sim.real())
            sim.tick()
            with sessions() as session:
                stored_by_step.append(list(session.execute(
                    select(IncidentRow.external_id, IncidentRow.address, IncidentRow.cad_call_type)
                    .order_by(IncidentRow.id)
                )))  # fmt: skip
    finally:
        engine.dispose()
    for real_s, stored in zip((0.0, 10.0, 30.0, 61.0), stored_by_step, strict=True):
        due = [c for c in first_hour if (c.received_at - start).total_seconds() <= real_s * SPEED]
        assert [row[0] for row in stored] == [c.external_id for c in due], real_s
    assert stored_by_step[-1] == [(c.external_id, c.address, c.call_type) for c in first_hour]
    assert len(first_hour) >= 10
