"""``goldenhour nemsis``: the national EMS data standard's files (validate; export and import).

``validate`` answers the question a state EMS office asks of every submission: does the file
pass the NEMSIS v3.5.1 XSD and national Schematron? Errors exit 1; warnings alone exit 0, as a
state accepts a file with warnings. Export and import commands join this same ``app``.
"""

from __future__ import annotations

from pathlib import Path

import typer

from goldenhour.adapters.nemsis.report import ValidationReport
from goldenhour.adapters.nemsis.validation import validate_document
from goldenhour.cli.common import json_option, one_line_errors, print_json

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
