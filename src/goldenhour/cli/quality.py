"""``goldenhour quality``: how fast the service reached people, from a file or the database.

``response-times --csv FILE`` reads the generic history CSV (or the San Francisco export) and
prints each interval's fractile and compliance beside the standard, with every excluded
response listed under ``excluded`` in the JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from goldenhour.adapters.importers.history import FORMATS, read_history
from goldenhour.adapters.refdata.quality_standards import load_standard
from goldenhour.cli import runtime
from goldenhour.cli.common import json_option, print_json, problems_listed
from goldenhour.domain.quality.history import as_table
from goldenhour.domain.quality.intervals import BY_NAME, RESPONSE_INTERVALS
from goldenhour.domain.quality.response_report import ReportRequest, response_report
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.accounts import users as accounts
from goldenhour.services.quality.history_import import import_history

app = typer.Typer(help="Quality: response times and care measures.", no_args_is_help=True)
incidents_app = typer.Typer(help="Incidents: an old CAD's past calls.", no_args_is_help=True)
GROUPS = ("zone", "priority", "unit")


def request_from(by: str | None, percentile: float | None, per_unit: bool) -> ReportRequest:
    keys = tuple(k.strip() for k in by.split(",") if k.strip()) if by else ()
    for key in keys:
        if key not in GROUPS:
            raise InvalidInput.for_field("by", f"unknown {key!r}; expected {', '.join(GROUPS)}")
    if percentile is not None and not 0 < percentile <= 100:
        raise InvalidInput.for_field("percentile", "must be in (0, 100]")
    return ReportRequest(RESPONSE_INTERVALS, keys, per_unit, percentile)


@app.command("response-times")
def response_times(
    csv_file: Path = typer.Option(..., "--csv", help="Generic history CSV or the SF export."),
    standard: str = typer.Option(
        "nfpa1710", "--standard", help="nfpa1710, or an agency's standard as a TOML file."
    ),
    by: str | None = typer.Option(None, "--by", help="Group by zone, priority and/or unit."),
    percentile: float | None = typer.Option(
        None, "--percentile", help="The fractile to report (default: the standard's, 90)."
    ),
    per_unit: bool = typer.Option(
        False, "--per-unit", help="Measure every unit, not only the first on scene."
    ),
    as_json: bool = json_option(),
) -> None:
    """Response-time intervals of FILE: nearest-rank fractile and compliance, with n."""
    with problems_listed():
        request = request_from(by, percentile, per_unit)
        chosen = load_standard(standard)
        _, rows = read_history(csv_file)
        report = response_report(as_table(rows), chosen, request)
    if as_json:
        print_json(report)
    else:
        print_report(report)


@incidents_app.command("import-history")
def import_history_command(
    file: Path = typer.Argument(
        ..., help="Generic history CSV or the SF calls-for-service export."
    ),
    agency: str = typer.Option(..., "--agency", help="Agency slug."),
    fmt: str | None = typer.Option(
        None, "--format", help=f"{' or '.join(FORMATS)} (default: found from the header)."
    ),
    as_json: bool = json_option(),
) -> None:
    """Store past calls with their unit times: every row or none, problems listed by row."""
    with problems_listed():
        found, rows = read_history(file, fmt)
        with runtime.unit_of_work() as uow:
            agency_id = accounts.agency_by_slug(uow, agency).id
            done = import_history(uow, None, agency_id, found, rows)
    summary = {
        "format": found,
        "incidents": done.incidents,
        "responses": done.responses,
        "skipped": done.skipped,
        "units_added": list(done.units_added),
    }
    if as_json:
        print_json(summary)
    else:
        typer.echo(
            f"stored {done.incidents} incidents ({done.responses} unit responses) from {file.name}"
            f" into {agency}; {done.skipped} already stored; {len(done.units_added)} units added"
        )


def print_report(report: dict[str, Any]) -> None:
    typer.echo(
        f"{report['incidents']} incidents, {report['responses']} unit responses; "
        f"{report['unit']}; standard {report['standard']}"
    )
    typer.echo(f"{'interval':<18}{'n':>8}{'fractile':>12}{'target':>10}{'compliance':>12}")
    for name, s in report["intervals"].items():
        typer.echo(
            f"{BY_NAME[name].label:<18}{s['n']:>8}"
            f"{_clock(s['fractile_s']) + ' @' + format(s['fractile'], 'g'):>12}"
            f"{_clock(s['target_s']):>10}"
            f"{'-' if s['compliance'] is None else format(s['compliance'], '.1%'):>12}"
        )
    for name, excluded in report["excluded"].items():
        if excluded["n"]:
            reasons = ", ".join(f"{r} {n}" for r, n in excluded["by_reason"].items())
            typer.echo(f"excluded from {BY_NAME[name].label.lower()}: {reasons}")


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
