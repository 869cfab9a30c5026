"""``goldenhour surveillance``: the detectors on stored data, and the scan on SaTScan's files.

``run`` is the on-demand (or cron) twin of the daily schedule the server keeps. Analysts
compare with SaTScan, so ``scan`` reads SaTScan's case and coordinates files and prints the
clusters in descending log-likelihood ratio.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from goldenhour.adapters.db.types import utcnow
from goldenhour.adapters.surveillance.definitions_file import load_definitions
from goldenhour.adapters.surveillance.satscan_files import read_cases, read_coordinates
from goldenhour.cli import runtime
from goldenhour.cli.common import json_option, one_line_errors, print_json
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.surveillance.scan import ScanParameters, scan
from goldenhour.services.accounts import users as accounts
from goldenhour.services.surveillance import detection

app = typer.Typer(help="Public-health surveillance: clusters of cases.", no_args_is_help=True)


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput.for_field(option, f"{text!r} is not a date (YYYY-MM-DD)") from None


@app.command("scan")
def scan_command(
    cases: Path = typer.Option(..., "--cases", help="SaTScan case file: location count yyyy/m/d"),
    geo: Path = typer.Option(..., "--geo", help="SaTScan coordinates file: location lat lon"),
    start: str = typer.Option(..., "--start", help="First day of the study period."),
    end: str = typer.Option(..., "--end", help="Last day of the study period."),
    max_radius_km: float = typer.Option(..., "--max-radius-km", help="Largest circle radius."),
    max_days: int = typer.Option(..., "--max-days", help="Longest time window, in days."),
    prospective: bool = typer.Option(
        False, "--prospective", help="Only windows ending on the last day (a daily run)."
    ),
    min_cases: int = typer.Option(2, "--min-cases", help="Fewest cases a cluster may have."),
    replicas: int = typer.Option(999, "--replicas", help="Monte Carlo replicas."),
    seed: int = typer.Option(1, "--seed", help="Seed of the replicas (same seed, same p)."),
    as_json: bool = json_option(),
) -> None:
    """Space-time permutation scan (Kulldorff et al. 2005) on SaTScan's case and geo files."""
    with one_line_errors():
        params = ScanParameters(
            start=_day(start, "--start"),
            end=_day(end, "--end"),
            max_radius_km=max_radius_km,
            max_days=max_days,
            prospective=prospective,
            min_cases=min_cases,
            replicas=replicas,
            seed=seed,
        )
        result = scan(read_coordinates(geo), read_cases(cases), params)
    clusters = [c.as_dict() for c in result.clusters]
    if as_json:
        print_json({"total_cases": result.total_cases, "clusters": clusters})
        return
    typer.echo(f"{result.total_cases} cases, {len(clusters)} cluster(s)")
    for n, c in enumerate(result.clusters, 1):
        typer.echo(
            f"{n}. {c.center} +{len(c.locations) - 1} location(s)"
            f" {c.start.isoformat()}..{c.end.isoformat()}"
            f" observed {c.observed} expected {c.expected:.2f}"
            f" LLR {c.llr:.3f} p {c.p:.3f}"
        )


@app.command("run")
def run_command(
    agency: str = typer.Option(..., "--agency", help="Agency slug."),
    seed: int = typer.Option(1, "--seed", help="Seed of the scan's Monte Carlo replicas."),
    as_json: bool = json_option(),
) -> None:
    """Run the three detectors on the agency's last 31 days now; new signals go to the queue."""
    with one_line_errors():
        with runtime.unit_of_work() as uow:
            agency_id = accounts.agency_by_slug(uow, agency).id
        with runtime.unit_of_work() as uow:
            definitions = load_definitions(runtime.settings().case_definitions)
            stored = detection.run(uow, agency_id, utcnow(), seed=seed, definitions=definitions)
            found = [
                {
                    "id": s.id,
                    "detector": s.detector,
                    "definition": s.definition,
                    "level": s.level,
                    "observed": s.observed,
                    "p": s.p,
                }
                for s in stored
            ]
    if as_json:
        print_json({"signals": found})
        return
    typer.echo(f"{len(found)} new signal(s)")
    for s in found:
        typer.echo(
            f"  #{s['id']} {s['level']} {s['definition']} by {s['detector']}: {s['observed']}"
        )
