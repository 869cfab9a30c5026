"""``goldenhour plan``: place stations and units, and judge a deployment before it costs lives."""

from __future__ import annotations

from pathlib import Path

import typer

from goldenhour.adapters.importers.atoms_file import read_atoms, read_travel
from goldenhour.adapters.importers.location_files import read_location_problem
from goldenhour.cli.common import json_option, one_line_errors, print_json
from goldenhour.cli.planning_history import AGENCY, REGION, SINCE, UNTIL, stored_data
from goldenhour.domain.planning import location
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.planning.history import history_demand
from goldenhour.services.planning.queueing import hypercube_report

app = typer.Typer(help="Planning: location and queueing models, simulation.", no_args_is_help=True)


def _required(value: float | int | None, option: str, model: str) -> float:
    if value is None:
        raise InvalidInput.for_field(option, f"is required for --model {model}")
    return float(value)


@app.command("locate")
def locate(
    model: str = typer.Option(..., "--model", help="lscp, mclp, pmedian or mexclp."),
    demand: Path | None = typer.Option(None, "--demand", help="CSV id,weight."),
    sites: Path | None = typer.Option(None, "--sites", help="CSV id[,capacity]."),
    matrix: Path | None = typer.Option(None, "--matrix", help="CSV site,demand,value."),
    from_db: bool = typer.Option(
        False, "--from-db", help="Demand from stored calls, travel minutes from --region's roads."
    ),
    agency: str | None = AGENCY,
    region: str | None = REGION,
    since: str | None = SINCE,
    until: str | None = UNTIL,
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
    """Choose sites (and vehicles per site) with a classic location model, solved exactly.

    With --from-db the demand points are the road nodes of --region nearest the agency's stored
    calls (weight: calls), the sites its stations, the matrix emergency driving minutes."""
    with one_line_errors():
        if model not in location.MODELS:
            raise InvalidInput.for_field("model", f"must be one of {', '.join(location.MODELS)}")
        if from_db:
            data = stored_data(agency, region, since, until, with_fleet=False)
            problem = history_demand(data.calls, data.places)
        elif demand is None or sites is None or matrix is None:
            raise InvalidInput.for_field("demand", "--demand, --sites and --matrix, or --from-db")
        else:
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


@app.command("hypercube")
def hypercube(
    atoms: Path = typer.Option(..., "--atoms", help="CSV atom,rate,preference."),
    units: int = typer.Option(..., "--units", help="Number of units, numbered 1..N."),
    service_rate: float = typer.Option(..., "--service-rate", help="Jobs per unit time, μ."),
    queue: str = typer.Option("fcfs", "--queue", help="fcfs (infinite queue) or none (loss)."),
    travel: Path | None = typer.Option(None, "--travel", help="CSV unit,atom,time."),
    as_json: bool = json_option(),
) -> None:
    """Workloads and dispatch shares from Larson's hypercube model, exact and approximate."""
    with one_line_errors():
        if units < 1:
            raise InvalidInput.for_field("units", "at least one unit is needed")
        atom_list = read_atoms(atoms, units)
        times = read_travel(travel, atom_list, units) if travel else None
        report = hypercube_report(atom_list, units, service_rate, queue, times)
    if as_json:
        print_json(report)
        return
    waits = "P(wait)" if queue == "fcfs" else "P(lost)"
    typer.echo(
        f"{units} units, λ = {report['arrival_rate']:g}, {waits} = {report['prob_all_busy']:.4f}"
    )
    exact = report["workloads"]["exact"] or [None] * units
    for n, (e, a) in enumerate(zip(exact, report["workloads"]["approximate"], strict=True)):
        shown = "-" if e is None else f"{e:.4f}"
        typer.echo(f"  unit {n + 1}: workload exact {shown}, approximate {a:.4f}")


from goldenhour.cli.planning_simulate import simulate  # noqa: E402

app.command("simulate")(simulate)
