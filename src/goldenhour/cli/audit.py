"""``goldenhour audit verify``: check that nobody has edited the audit log."""

from __future__ import annotations

import typer

from goldenhour.cli import runtime
from goldenhour.cli.common import json_option, print_json
from goldenhour.services.accounts import audit

app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)


@app.command()
def verify(as_json: bool = json_option()) -> None:
    """Walk the hash chain; exit 1 and name the first bad entry if it is broken."""
    with runtime.unit_of_work() as uow:
        report = audit.verify(uow)
    if as_json:
        print_json(
            {
                "ok": report.ok,
                "checked": report.checked,
                "first_bad_id": report.first_bad_id,
                "problem": report.problem,
            }
        )
    elif report.ok:
        typer.echo(f"audit chain intact: {report.checked} entries checked")
    else:
        typer.echo(f"error: audit entry {report.first_bad_id}: {report.problem}", err=True)
    if not report.ok:
        raise typer.Exit(1)
