"""``goldenhour call-types``: an agency's own CAD call types, listed or imported from CSV.

The same table the administrator edits through ``PUT /call-types``; importing replaces it
whole (every row checked, none stored if one is wrong, every problem named at once).
"""

from __future__ import annotations

from pathlib import Path

import typer

from goldenhour.cli import runtime
from goldenhour.cli.common import json_option, one_line_errors, print_json
from goldenhour.domain.dispatch.call_types import CallType, csv_rows
from goldenhour.services.accounts import users as accounts
from goldenhour.services.dispatch import call_types
from goldenhour.services.dispatch.setup import protocol_for

app = typer.Typer(help="An agency's CAD call types and what they mean.", no_args_is_help=True)


@app.command("import")
def import_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="CSV: call_type, ..."),
    agency: str = typer.Option(..., "--agency", help="Agency slug."),
) -> None:
    """Replace the agency's call types with FILE (call_type, dispatch_reason, type_of_service,
    priority, level, plan)."""
    with one_line_errors():
        rows = csv_rows(file.read_text(encoding="utf-8"), str(file))
        protocol = protocol_for(runtime.settings())
        with runtime.unit_of_work() as uow:
            agency_id = accounts.agency_by_slug(uow, agency).id
            table = call_types.replace_call_types(uow, None, agency_id, rows, protocol)
    typer.echo(f"{len(table)} call types for {agency}")


@app.command("list")
def list_command(
    agency: str = typer.Option(..., "--agency", help="Agency slug."),
    as_json: bool = json_option(),
) -> None:
    """The agency's call types."""
    with one_line_errors(), runtime.unit_of_work() as uow:
        table = call_types.list_call_types(uow, accounts.agency_by_slug(uow, agency).id)
    if as_json:
        print_json([t.as_dict() for t in table])
        return
    for row in table:
        typer.echo(_line(row))


def _line(row: CallType) -> str:
    fixed = ("priority", row.priority), ("level", row.level), ("plan", row.plan)
    extra = ", ".join(f"{k} {v}" for k, v in fixed if v is not None)
    return f"{row.call_type}: {row.dispatch_reason} {row.type_of_service}" + (
        f" ({extra})" if extra else ""
    )
