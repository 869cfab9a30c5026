"""``goldenhour plan``: place stations and units, and judge a deployment before it costs lives."""

from __future__ import annotations

from pathlib import Path

import typer

from goldenhour.adapters.importers.location_files import read_location_problem
from goldenhour.cli.common import json_option, one_line_errors, print_json
from goldenhour.domain.errors import InvalidInput
from goldenhour.domain.planning import location

app = typer.Typer(help="Planning: location and queueing models, simulation.", no_args_is_help=True)


def _required(value: float | int | None, option: str, model: str) -> float:
    if value is None:
        raise InvalidInput.for_field(option, f"is required for --model {model}")
    return float(value)


@app.command("locate")
def locate(
    model: str = typer.Option(..., "--model", help="lscp, mclp, pmedian or mexclp."),
    demand: Path = typer.Option(..., "--demand", help="CSV id,weight."),
    sites: Path = typer.Option(..., "--sites", help="CSV id[,capacity]."),
    matrix: Path = typer.Option(..., "--matrix", help="CSV site,demand,value."),
    p: int | None = typer.Option(None, "--p", help="Sites to open (mclp, pmedian)."),
    vehicles: int | None = typer.Option(None, "--vehicles", help="Fleet size (mexclp)."),
    standard: float | None = typer.Option(
        None, "--standard", help="Response standard, in the matrix's unit."
    ),
    busy: float = typer.Option(
        0.5, "--busy-fraction", help="Probability a vehicle is busy, q (mexclp)."
    ),
    as_json: bool = json_option(),
) -> None:
    """Choose sites (and vehicles per site) with a classic location model, solved exactly."""
    with one_line_errors():
        if model not in location.MODELS:
            raise InvalidInput.for_field("model", f"must be one of {', '.join(location.MODELS)}")
        problem = read_location_problem(demand, sites, matrix)
        if model == "lscp":
            plan = location.lscp(problem, _required(standard, "standard", model))
        elif model == "mclp":
            plan = location.mclp(
                problem, _required(standard, "standard", model), int(_required(p, "p", model))
            )
        elif model == "pmedian":
            plan = location.p_median(problem, int(_required(p, "p", model)), standard)
        else:
            plan = location.mexclp(
                problem,
                _required(standard, "standard", model),
                int(_required(vehicles, "vehicles", model)),
                busy,
            )
    if as_json:
        print_json(plan.as_json())
        return
    typer.echo(f"{plan.model}: objective {plan.objective:g}")
    if plan.covered_weight is not None:
        share = plan.covered_weight / plan.total_weight if plan.total_weight else 0.0
        typer.echo(f"covered {plan.covered_weight:g} of {plan.total_weight:g} ({share:.1%})")
    for site, count in plan.sites.items():
        typer.echo(f"  {site}: {count} vehicle{'s' if count != 1 else ''}")
