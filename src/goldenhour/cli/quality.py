"""``goldenhour quality``: how fast the service reached people, from a file or the database.

``response-times --csv FILE`` reads the generic history CSV (or the San Francisco export) and
prints each interval's fractile and compliance beside the standard, with every excluded
response listed under ``excluded`` in the JSON.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from goldenhour.adapters.importers.history import FORMATS, read_history
from goldenhour.adapters.refdata.nemsis_performance import performance_topics
from goldenhour.adapters.refdata.quality_standards import load_standard
from goldenhour.adapters.reports.vega import to_pdf, to_svg
from goldenhour.cli import runtime
from goldenhour.cli.common import json_option, print_json, problems_listed
from goldenhour.domain.quality.charts import printable
from goldenhour.domain.quality.history import as_table
from goldenhour.domain.quality.intervals import BY_NAME, RESPONSE_INTERVALS
from goldenhour.domain.quality.response_report import (
    CSV_COLUMNS,
    ReportRequest,
    report_rows,
    response_report,
)
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.accounts import users as accounts
from goldenhour.services.quality import care
from goldenhour.services.quality.history_import import import_history
from goldenhour.services.quality.response_times import Period, stored_report

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


@app.command("report")
def report_command(
    agency: str = typer.Option(..., "--agency", help="Agency slug."),
    month: str = typer.Option(..., "--month", help="YYYY-MM, in --timezone."),
    output: Path = typer.Option(..., "-o", "--output", help="FILE.pdf, .svg, .csv or .json."),
    standard: str = typer.Option("nfpa1710", "--standard", help="nfpa1710 or a TOML file."),
    by: str = typer.Option("zone,priority", "--by", help="Groups for the table."),
    timezone: str = typer.Option("UTC", "--timezone", help="The agency's time zone (IANA)."),
    interval: str = typer.Option("response", "--interval", help="The interval charted."),
) -> None:
    """The month's response-time report from stored calls, as PDF (charts), SVG, CSV or JSON."""
    kind = output.suffix.lower().lstrip(".")
    with problems_listed():
        if kind not in ("pdf", "svg", "csv", "json"):
            raise InvalidInput.for_field("output", "must end in .pdf, .svg, .csv or .json")
        if interval not in RESPONSE_INTERVALS:
            raise InvalidInput.for_field("interval", f"one of {', '.join(RESPONSE_INTERVALS)}")
        period = month_period(month, timezone)
        request = request_from(by, None, False)
        chosen = load_standard(standard)
        with runtime.unit_of_work() as uow:
            agency_row = accounts.agency_by_slug(uow, agency)
            name = agency_row.name
            report = stored_report(uow, agency_row.id, period, chosen, request)
        title = f"{name}: response times, {month} ({chosen.name})"
        write_report(report, output, kind, title, interval)
    typer.echo(f"wrote {output} ({report['incidents']} incidents)")


def month_period(month: str, timezone: str) -> Period:
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput.for_field("timezone", f"unknown time zone {timezone!r}") from None
    try:
        start = datetime.strptime(month, "%Y-%m").replace(tzinfo=zone)
    except ValueError:
        raise InvalidInput.for_field("month", f"{month!r} is not YYYY-MM") from None
    end = (start + timedelta(days=32)).replace(day=1)
    return Period(start, end, zone)


def write_report(
    report: dict[str, Any], output: Path, kind: str, title: str, interval: str
) -> None:
    if kind == "json":
        output.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    elif kind == "csv":
        with output.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, CSV_COLUMNS)
            writer.writeheader()
            writer.writerows(report_rows(report))
    elif kind == "svg":
        output.write_text(to_svg(printable(report, title, interval)), encoding="utf-8")
    else:
        output.write_bytes(to_pdf(printable(report, title, interval)))


@app.command("care")
def care_command(
    agency: str = typer.Option(..., "--agency", help="Agency slug."),
    start: datetime = typer.Option(..., "--from", formats=["%Y-%m-%d"], help="First day."),
    end: datetime = typer.Option(..., "--to", formats=["%Y-%m-%d"], help="Last day."),
    as_json: bool = json_option(),
) -> None:
    """NEMSQA-style care measures on the records locked in the period, adults and children."""
    with problems_listed(), runtime.unit_of_work() as uow:
        agency_id = accounts.agency_by_slug(uow, agency).id
        report = care.care_measures(uow, agency_id, start.date(), end.date())
    if as_json:
        print_json(report)
        return
    typer.echo(f"{report['records']} records")
    for measure, r in report["measures"].items():
        rate = "-" if r["all"]["rate"] is None else f"{r['all']['rate']:.1%}"
        typer.echo(
            f"{measure:<16}{r['all']['numerator']:>6}/{r['all']['denominator']:<6}"
            f"{rate:>8}  {r['title']}"
        )


@app.command("completeness")
def completeness_command(
    agency: str = typer.Option(..., "--agency", help="Agency slug."),
    start: datetime = typer.Option(..., "--from", formats=["%Y-%m-%d"], help="First day."),
    end: datetime = typer.Option(..., "--to", formats=["%Y-%m-%d"], help="Last day."),
    as_json: bool = json_option(),
) -> None:
    """Per NEMSIS performance topic, the share of records carrying each element it needs."""
    with problems_listed():
        topics = performance_topics()
        with runtime.unit_of_work() as uow:
            agency_id = accounts.agency_by_slug(uow, agency).id
            report = care.data_completeness(uow, agency_id, start.date(), end.date(), topics)
    if as_json:
        print_json(report)
        return
    typer.echo(f"{report['records']} records")
    for topic, t in report["topics"].items():
        share = "-" if t["mean_share"] is None else f"{t['mean_share']:.1%}"
        typer.echo(f"{topic:<16}{len(t['elements']):>4} elements, mean share {share}")


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
