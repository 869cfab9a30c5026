"""``goldenhour db``: bring the database schema up to date, or say where it is."""

from __future__ import annotations

import typer

from goldenhour.adapters.db import migrate
from goldenhour.cli import runtime
from goldenhour.cli.common import json_option, one_line_errors, print_json

app = typer.Typer(help="Database schema migrations.", no_args_is_help=True)


@app.command()
def upgrade() -> None:
    """Apply every pending migration (safe to run repeatedly)."""
    with one_line_errors():
        engine = runtime.engine()
        migrate.upgrade(engine)
        typer.echo(f"database at revision {migrate.current_revision(engine)} ({engine.url!r})")


@app.command()
def downgrade(
    revision: str = typer.Argument("-1", help="A revision, or -N for N steps back."),
) -> None:
    """Undo migrations down to REVISION (default: one step). Back up first: a downgrade drops
    what the undone migrations added."""
    with one_line_errors():
        engine = runtime.engine()
        migrate.downgrade(engine, revision)
        typer.echo(f"database at revision {migrate.current_revision(engine)}")


@app.command()
def current(as_json: bool = json_option()) -> None:
    """Print the current and the newest migration revision."""
    engine = runtime.engine()
    info = {"revision": migrate.current_revision(engine), "head": migrate.head_revision(engine)}
    if as_json:
        print_json(info)
    else:
        typer.echo(f"revision {info['revision']} (newest {info['head']})")
