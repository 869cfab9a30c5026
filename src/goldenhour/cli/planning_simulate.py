"""``goldenhour plan simulate``: run a city's plan and its scenarios on our dispatch rules."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from goldenhour.adapters.importers.hourly_rates import read_hourly_rates
from goldenhour.adapters.refdata.triage_protocol import load_protocol
from goldenhour.cli.common import json_option, one_line_errors, print_json
from goldenhour.cli.planning_history import AGENCY, REGION, SINCE, UNTIL, stored_data
from goldenhour.config import Settings
from goldenhour.domain.planning.simulation.calls import CallGenerator
from goldenhour.domain.planning.simulation.history import HistoricCalls
from goldenhour.domain.planning.simulation.model import SimConfig
from goldenhour.domain.planning.simulation.scenarios import parse_scenario
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.units.timeline import DivertPolicy
from goldenhour.services.planning.cities import CITIES, CitySimulation, load_city
from goldenhour.services.planning.history import history_model
from goldenhour.services.planning.replications import Study, run_study


def _cell(figure: dict[str, float] | None, scale: float = 1.0, digits: int = 1) -> str:
    if figure is None or not math.isfinite(figure["mean"]):
        return "-"
    half = figure["ci95"]
    shown = f"{figure['mean'] * scale:.{digits}f}"
    return shown if not math.isfinite(half) else f"{shown} ± {half * scale:.{digits}f}"


def _table(title: str, summary: dict[str, dict[str, float]]) -> Table:
    table = Table(title=title)
    for column in ("priority", "calls/run", "90th %ile (min)", "compliance %", "mean (min)"):
        table.add_column(column)
    for name in ("P1", "P2", "P3", "P4", "NON_EMERGENT"):
        key = f"response.{name}"
        if f"{key}.calls" not in summary:
            continue
        table.add_row(
            name,
            _cell(summary[f"{key}.calls"], digits=0),
            _cell(summary.get(f"{key}.p90_s"), 1 / 60),
            _cell(summary.get(f"{key}.compliance"), 100),
            _cell(summary.get(f"{key}.mean_s"), 1 / 60),
        )
    table.caption = (
        f"utilisation {_cell(summary.get('utilisation.mean'), 100)} %, "
        f"calls queued {_cell(summary.get('queued_share'), 100)} %"
    )
    return table


def simulate(
    city: str | None = typer.Argument(
        None, help=f"{', '.join(CITIES)} or a JEMSS model folder (or --from-db)."
    ),
    days: float | None = typer.Option(
        None, "--days", help="Simulated days per replication (30; --from-db: the history's)."
    ),
    replications: int = typer.Option(10, "--replications", help="Independent runs per plan."),
    seed: int = typer.Option(1, "--seed", help="Same seed, same calls, same results."),
    warm_up: float = typer.Option(1.0, "--warm-up-days", help="Days simulated, not counted."),
    scenario: list[str] = typer.Option(
        [], "--scenario", help="'name: add A13@S3; move A2@S5; demand +10%' (repeatable)."
    ),
    move_up: bool = typer.Option(False, "--move-up", help="Fill empty stations from full ones."),
    redispatch: bool = typer.Option(
        False, "--redispatch", help="A more urgent call may take a unit on its way to another."
    ),
    rates: Path | None = typer.Option(
        None, "--rates", help="Calls per hour by time of day: CSV zone,hour,priority,rate."
    ),
    workers: int | None = typer.Option(None, "--workers", help="Process pool size (1: inline)."),
    dask: str | None = typer.Option(None, "--dask", help="Dask scheduler, tcp://host:8786."),
    from_db: bool = typer.Option(
        False, "--from-db", help="The agency's stored calls and units on --region's roads."
    ),
    agency: str | None = AGENCY,
    region: str | None = REGION,
    since: str | None = SINCE,
    until: str | None = UNTIL,
    as_json: bool = json_option(),
) -> None:
    """Simulate a city's plan (and scenarios, on the same calls) with confidence intervals.

    With --from-db the calls are the agency's stored ones (``incidents import-history``) at
    their times and places, triaged afresh, on --region's roads with the agency's active units
    at the region's stations; what their stamps do not say is drawn per replication."""
    console = Console(stderr=True)
    with one_line_errors():
        if from_db:
            loaded = _from_db(agency, region, since, until)
            if rates is not None:
                raise InvalidInput.for_field("rates", "the calls come from history with --from-db")
        elif city is None:
            raise InvalidInput.for_field("city", "name a city or model folder, or give --from-db")
        else:
            loaded = load_city(city)
        if days is None:
            days = loaded.calls.days if isinstance(loaded.calls, HistoricCalls) else 30.0
        if replications < 1 or days <= warm_up:
            raise InvalidInput.for_field("days", "must exceed the warm-up; replications >= 1")
        if rates is not None:
            loaded = _with_rates(loaded, rates)
        settings = Settings.from_env()
        config = SimConfig(
            protocol=load_protocol(settings.triage_protocol),
            warm_up_s=warm_up * 86_400.0,
            move_up=move_up,
            divert=DivertPolicy.higher_priority_only() if redispatch else None,
        )
        study = Study(loaded.model, loaded.calls, config, days, seed)
        scenarios = [parse_scenario(text, k + 1) for k, text in enumerate(scenario)]
        for each in scenarios:
            each.apply(study.model)  # a bad clause is refused before any work starts
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        ) as bar:
            task = bar.add_task(f"simulating {loaded.model.name}", total=None)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            result = run_study(study, scenarios, replications, workers, dask, advance)
    result.pop("runs")
    if as_json:
        print_json(_report(loaded, result))
        return
    out = Console()
    for name, summary in result["scenarios"].items():
        out.print(_table(f"{loaded.model.name}: {name}", summary))
    for name, diff in result["differences"].items():
        out.print(_table(f"{name} minus base (paired, same calls)", diff))


def _from_db(
    agency: str | None, region: str | None, since: str | None, until: str | None
) -> CitySimulation:
    data = stored_data(agency, region, since, until, with_fleet=True)
    assert data.fleet is not None
    model = history_model(f"{agency} on {region}", data.places, data.fleet)
    return CitySimulation(model, data.calls, data.places.lonlat)


def _with_rates(loaded: CitySimulation, path: Path) -> CitySimulation:
    """The city with its calls arriving at the file's rates by zone, hour and priority."""
    model, calls = loaded.model, loaded.calls
    assert isinstance(calls, CallGenerator)
    classes = [c.name for c in calls.classes]
    hourly = read_hourly_rates(path, model.zones, classes, model.zone_of_place)
    generator = replace(calls, hourly=hourly, calls_per_day=hourly.calls_per_day)
    return replace(loaded, calls=generator)


def _report(loaded: CitySimulation, result: dict[str, Any]) -> dict[str, Any]:
    model = loaded.model
    return {
        "city": model.name,
        "stations": list(model.stations),
        "units": [
            {"id": u.id, "station": model.stations[u.station], "level": u.level.name}
            for u in model.fleet
        ],
        **result,
    }
