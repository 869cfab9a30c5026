"""``goldenhour providers import``: load an agency's roster from CSV, all rows or none."""

from __future__ import annotations

from pathlib import Path

import typer

from goldenhour.adapters.importers.roster_csv import read_roster
from goldenhour.cli import runtime
from goldenhour.cli.common import json_option, one_line_errors, print_json
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.accounts import users as accounts
from goldenhour.services.credentials import providers

app = typer.Typer(
    help="Providers (EMRs, EMTs, paramedics...) and their certifications.", no_args_is_help=True
)


@app.command("import")
def import_roster(
    file: Path = typer.Argument(..., help="CSV roster, one row per certification."),
    agency: str = typer.Option(..., "--agency", help="Agency slug."),
    as_json: bool = json_option(),
) -> None:
    """Import providers; on any bad row nothing is stored and every bad row is listed."""
    with one_line_errors():
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput.for_field(str(file), f"cannot read the roster: {exc}") from None
        try:
            inputs, labels = read_roster(text)
            with runtime.unit_of_work() as uow:
                agency_id = accounts.agency_by_slug(uow, agency).id
                rows = providers.create_providers(uow, None, agency_id, inputs, labels)
                created = [{"id": r.id, "external_id": r.external_id} for r in rows]
        except InvalidInput as exc:
            if len(exc.errors) <= 1:
                raise
            typer.echo(
                f"error: {len(exc.errors)} problems in {file}; nothing was imported", err=True
            )
            for problem in exc.errors:
                typer.echo(f"  {problem}", err=True)
            raise typer.Exit(1) from None
    if as_json:
        print_json({"created": len(created), "providers": created})
    else:
        typer.echo(f"imported {len(created)} providers into {agency}")
