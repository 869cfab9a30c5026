"""``goldenhour demo``: a live county to watch, on SQLite, with nothing to set up.

It creates (once) the demo agency, its users, the demo road region and a fleet crewed by demo
providers at the region's stations, then serves the API while a simulated county runs beside
it at an accelerated clock: callers phone in a realistic mix of dispatch reasons, a simulated
dispatcher sends what the recommendation proposes, and crews drive the roads, reporting their
positions and moving through their statuses — all through the same service functions a human
dispatcher and real crews use (see ``services.simulation``).
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import typer

from goldenhour.adapters.db import migrate
from goldenhour.adapters.db.types import utcnow
from goldenhour.adapters.importers.facilities import demo_facilities
from goldenhour.adapters.refdata.call_mix import load_call_mix
from goldenhour.adapters.routing import (
    Place,
    build_demo,
    list_regions,
    load_region,
    regions_dir,
)
from goldenhour.api.app import create_app
from goldenhour.cli import runtime
from goldenhour.cli.common import one_line_errors
from goldenhour.cli.demo_city import CITIES, prepare_sf, use_city_settings
from goldenhour.cli.server import listening_socket, run_uvicorn
from goldenhour.config import Settings
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.destination.facilities import Facility
from goldenhour.domain.dispatch.call_types import csv_rows
from goldenhour.domain.dispatch.replay import ReplaySchedule
from goldenhour.domain.shared.errors import NotFound
from goldenhour.services.accounts import crew_accounts
from goldenhour.services.accounts import users as accounts
from goldenhour.services.credentials import providers
from goldenhour.services.destination import facilities
from goldenhour.services.dispatch import call_types
from goldenhour.services.dispatch.setup import protocol_for, setup_from
from goldenhour.services.simulation import Simulation
from goldenhour.services.units import fleet
from goldenhour.services.units.positions import PositionCache

AGENCY = "demo"
PASSWORD = "goldenhour-demo"  # printed on start: this is a demo, not a deployment
USERS = {
    "demo-dispatcher": ("Dana Dispatcher", "dispatcher"),
    "demo-supervisor": ("Sam Supervisor", "supervisor"),
    "demo-crew": ("Casey Crew", "crew"),  # a shared unit tablet: any unit (the simulation)
    "demo-medic": ("Riley Medic", "crew"),  # M1's paramedic's own account: M1 only
    "demo-director": ("Morgan Director", "medical_director"),
    "demo-officer": ("Pat Officer", "public_health_officer"),
    "demo-county": ("Simulated county dispatcher", "dispatcher"),  # the simulation's own
}
REGION_SIZE = 20_000


def demo(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    speed: float = typer.Option(10.0, help="Simulated seconds per real second."),
    calls_per_hour: float = typer.Option(30.0, help="Simulated calls per simulated hour."),
    units: int = typer.Option(
        0, help="Units to put on the road the first time (0: three per station)."
    ),
    seed: int = typer.Option(1, help="Random seed of the simulated county."),
    no_dispatcher: bool = typer.Option(
        False, "--no-dispatcher", help="Calls arrive and crews drive; people dispatch every call."
    ),
    city: str = typer.Option(
        "",
        "--city",
        help="A real city instead of the demo county: sf (San Francisco's roads, hospitals, "
        "stations and its fire department's week of calls, replayed at --speed).",
    ),
) -> None:
    """Serve GoldenHour with a simulated county dispatching live (SQLite, demo region).

    The simulated dispatcher (account demo-county) sends units only to the calls it took; a
    call a person takes as demo-dispatcher is theirs. M1, the demo-medic account's unit, is
    never driven by the simulation: it moves only when a person taps its crew screen. With
    --city sf the callers are San Francisco's recorded week instead (its own database and
    region: see cli/demo_city.py).
    """
    with one_line_errors():
        if city:
            if city not in CITIES:
                raise typer.BadParameter(f"one of: {', '.join(CITIES)}", param_hint="--city")
            use_city_settings(city)
            runtime.settings.cache_clear()
            runtime.engine.cache_clear()
        listening = listening_socket(host, port)
        settings = runtime.settings()
        migrate.upgrade(runtime.engine())
        replay = None
        if city:
            real = prepare_sf(settings, typer.echo)
            region = load_region(settings.region, settings)
            stations, hospitals = real.station_places(), real.hospital_places()
            actors = _bootstrap(stations, units, real.agency_name, real.state)
            _register_hospitals(real.hospitals)
            _load_call_types(real.call_types, settings)
            replay = ReplaySchedule(real.calls)
            days = replay.span_s / 86400
            hours = replay.span_s / speed / 3600
            typer.echo(
                f"replaying {len(real.calls):,} calls ({days:.1f} days) in {hours:.1f} hours; "
                f"{len(stations)} stations from the calls' station areas, "
                f"{len(hospitals)} HIFLD hospitals"
            )
        else:
            if settings.region not in list_regions(regions_dir(settings)):
                typer.echo(f"building the demo road region {settings.region!r} ...")
                build_demo(settings.region, size=REGION_SIZE, seed=seed, settings=settings)
            region = load_region(settings.region, settings)
            stations, hospitals = region.stations, region.hospitals
            actors = _bootstrap(stations, units, "GoldenHour Demo County EMS", "WA")
            _register_hospitals(demo_facilities(hospitals))
        app = create_app(settings)
        cache = app.state.positions = PositionCache()
        mix = load_call_mix(settings.refdata)
        simulation = Simulation(
            units_of_work=app.state.runtime.unit_of_work,
            setup=lambda: setup_from(settings),
            region=region,
            dispatcher=actors["demo-county"],
            crew=actors["demo-crew"],
            mix=mix,
            cache=cache,
            speed=speed,
            calls_per_hour=calls_per_hour,
            seed=seed,
            dispatcher_on=not no_dispatcher,
            manual_units=_people_units(actors["demo-medic"]),
            replay=replay,
            stations=stations,
            hospitals=hospitals,
        )
    if replay is None:
        typer.echo(f"call mix: {mix.source}; clock x{speed:g}; {calls_per_hour:g} calls per hour")
    base = f"http://{host}:{port}"
    typer.echo(f"GoldenHour demo on {base}")
    typer.echo(f"  dispatch board  {base}/board   (sign in as demo-dispatcher)")
    typer.echo(f"  crew screen     {base}/crew    (demo-crew: any unit; demo-medic: M1's medic)")
    typer.echo(f"  medical review  {base}/review  (demo-director)")
    typer.echo(f"  public health   {base}/publichealth  (demo-officer)")
    typer.echo(f"  API docs        {base}/docs    health {base}/health")
    typer.echo(f"password for every demo user: {PASSWORD!r}")
    stop = threading.Event()
    thread = threading.Thread(target=simulation.run, args=(stop,), name="demo", daemon=True)
    thread.start()
    gc.collect()
    gc.freeze()  # long-lived start-up objects out of the collector's way: no request stalls
    try:
        run_uvicorn(app, listening, settings.log_format, log_level="warning")
    finally:
        stop.set()
        thread.join(5)


def _register_hospitals(hospitals: list[Facility]) -> None:
    """The hospitals as destinations, the first time."""
    with runtime.unit_of_work() as uow:
        agency_id = accounts.agency_by_slug(uow, AGENCY).id
        if not facilities.registry(uow, agency_id):
            facilities.import_facilities(uow, None, agency_id, hospitals)


def _load_call_types(path: Path, settings: Settings) -> None:
    """The city's CAD call types, so its calls are read as its CAD meant them (first time)."""
    with runtime.unit_of_work() as uow:
        agency_id = accounts.agency_by_slug(uow, AGENCY).id
        if not call_types.list_call_types(uow, agency_id):
            rows = csv_rows(path.read_text(encoding="utf-8"), str(path))
            call_types.replace_call_types(uow, None, agency_id, rows, protocol_for(settings))


def _people_units(medic: Actor) -> frozenset[int]:
    """The units people drive themselves: the one the demo-medic account is on (M1)."""
    with runtime.unit_of_work() as uow:
        provider = accounts.get_user(uow, medic, medic.user_id).provider_id
        unit = crew_accounts.current_unit(uow, provider, utcnow()) if provider else None
        return frozenset({unit.id}) if unit is not None else frozenset()


def _bootstrap(stations: tuple[Place, ...], count: int, name: str, state: str) -> dict[str, Actor]:
    """The agency, its users and its fleet, each created only the first time."""
    with runtime.unit_of_work() as uow:
        try:
            agency = accounts.agency_by_slug(uow, AGENCY)
        except NotFound:
            agency = accounts.create_agency(uow, AGENCY, name, state)
        agency_id = agency.id
    actors = {}
    for username, (name, role) in USERS.items():
        with runtime.unit_of_work() as uow:
            user = accounts.user_by_username(uow, username)
            if user is None:
                user = accounts.create_user(uow, None, agency_id, username, name, PASSWORD, [role])
            actors[username] = accounts.actor_of(user)
    with runtime.unit_of_work() as uow:
        if not fleet.fleet_size(uow, agency_id):
            places = [(p.name, p.lon, p.lat) for p in stations]
            plans = fleet.plan_fleet(places, count or len(places) * len(fleet.STATION_MIX))
            fleet.seed_fleet(uow, None, agency_id, plans, utcnow(), "WA")
            typer.echo(f"{len(plans)} units on the road at {len(places)} stations")
    with runtime.unit_of_work() as uow:
        medic = accounts.user_by_username(uow, "demo-medic")
        paramedic = providers.provider_by_external_id(uow, agency_id, "M1-1")
        if medic is not None and medic.provider_id is None and paramedic is not None:
            crew_accounts.link_provider(uow, None, agency_id, medic.id, paramedic.id)
    return actors
