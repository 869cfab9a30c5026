"""``goldenhour nemsis``: the national EMS data standard's files (validate; export and import).

``validate`` answers the question a state EMS office asks of every submission: does the file
pass the NEMSIS v3.5.1 XSD and national Schematron? Errors exit 1; warnings alone exit 0, as a
state accepts a file with warnings. Export and import commands join this same ``app``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer

from goldenhour.adapters.db.tables import Agency
from goldenhour.adapters.db.types import utcnow
from goldenhour.adapters.nemsis.dem_export import AgencyProfile
from goldenhour.adapters.nemsis.dem_import import read_dem_dataset
from goldenhour.adapters.nemsis.ems_import import read_ems_dataset
from goldenhour.adapters.nemsis.report import ValidationReport
from goldenhour.adapters.nemsis.validation import validate_document
from goldenhour.cli import runtime
from goldenhour.cli.common import json_option, one_line_errors, print_json, problems_listed
from goldenhour.services.accounts import users as accounts
from goldenhour.services.nemsis import dem_export as nemsis_dem
from goldenhour.services.nemsis import ems_exchange as nemsis_exchange
from goldenhour.services.nemsis.dem_import import store_dem
from goldenhour.services.unit_of_work import UnitOfWork

app = typer.Typer(help="NEMSIS v3.5.1 files: validate, export, import.", no_args_is_help=True)


@app.command("validate")
def validate(
    file: Path = typer.Argument(..., help="EMSDataSet, DEMDataSet or StateDataSet XML file."),
    as_json: bool = json_option(),
) -> None:
    """Check FILE against the official NEMSIS XSD, then the national Schematron."""
    with one_line_errors():
        report = validate_document(file)
    if as_json:
        print_json(report.as_dict())
    else:
        _print(report)
    if not report.ok:
        raise typer.Exit(1)


def _print(report: ValidationReport) -> None:
    for finding in report.findings:
        typer.echo(str(finding))
    verdict = "passes" if report.ok else "fails"
    typer.echo(
        f"{report.document}: {report.dataset} {verdict} "
        f"({len(report.errors)} errors, {len(report.warnings)} warnings)"
    )


@app.command("export")
def export(
    start: datetime = typer.Option(..., "--from", formats=["%Y-%m-%d"], help="First day (UTC)."),
    end: datetime = typer.Option(..., "--to", formats=["%Y-%m-%d"], help="Last day (UTC)."),
    output: Path = typer.Option(..., "-o", "--output", help="EMSDataSet XML file to write."),
    agency: str | None = typer.Option(None, "--agency", help="Agency slug (if several)."),
) -> None:
    """Write the agency's patient care records locked from --from to --to as NEMSIS XML."""
    with one_line_errors(), runtime.unit_of_work() as uow:
        row = _agency(uow, agency)
        count = nemsis_exchange.export_ems(uow, None, row, start.date(), end.date(), output)
    typer.echo(f"wrote {count} patient care records of {row.slug} to {output}")


@app.command("export-dem")
def export_dem(
    output: Path = typer.Option(..., "-o", "--output", help="DEMDataSet XML file to write."),
    county: list[str] = typer.Option(..., "--county", help="Service-area county (ANSI code)."),
    agency: str | None = typer.Option(None, "--agency", help="Agency slug (if several)."),
) -> None:
    """Write the agency, its scope configuration, personnel and vehicles as NEMSIS XML."""
    with one_line_errors(), runtime.unit_of_work() as uow:
        row = _agency(uow, agency)
        profile = AgencyProfile(row.name, tuple(county))
        output.write_bytes(nemsis_dem.dem_document(uow, None, row, profile, utcnow()))
    typer.echo(f"wrote the DEMDataSet of {row.slug} to {output}")


@app.command("import")
def import_file(
    file: Path = typer.Argument(..., help="EMSDataSet XML file from another system."),
    agency: str = typer.Option(..., "--agency", help="Agency slug."),
    as_json: bool = json_option(),
) -> None:
    """Store every report of FILE as a locked record, or none (problems listed)."""
    with problems_listed():
        imported = read_ems_dataset(file)
        with runtime.unit_of_work() as uow:
            rows = nemsis_exchange.import_ems(uow, None, _agency(uow, agency), imported)
    if as_json:
        print_json({**imported.as_dict(), "ids": [r.id for r in rows]})
        return
    typer.echo(f"imported {len(rows)} patient care records into {agency}")
    for path in imported.unmapped:
        typer.echo(f"  not imported (no place in GoldenHour): {path}")


@app.command("import-dem")
def import_dem(
    file: Path = typer.Argument(..., help="DEMDataSet XML file from another system."),
    agency: str = typer.Option(..., "--agency", help="Agency slug."),
    as_json: bool = json_option(),
) -> None:
    """Add the file's personnel (with certifications) and vehicles to the agency, or nothing."""
    with problems_listed():
        imported = read_dem_dataset(file)
        with runtime.unit_of_work() as uow:
            stored = store_dem(uow, None, _agency(uow, agency), imported)
    if as_json:
        print_json({**stored.as_dict(), "unmapped": [str(u) for u in imported.unmapped]})
        return
    typer.echo(f"added {len(stored.providers)} providers and {len(stored.units)} units to {agency}")
    for note in stored.notes:
        typer.echo(f"  {note}")
    for lost in imported.unmapped:
        typer.echo(f"  not imported: {lost}")


def _agency(uow: UnitOfWork, slug: str | None) -> Agency:
    if slug is not None:
        return accounts.agency_by_slug(uow, slug)
    return accounts.sole_agency(uow)
