"""``goldenhour backup FILE`` and ``goldenhour restore FILE``: copies an operator can keep.

SQLite: an online copy (the service keeps running); restore while it is stopped. PostgreSQL:
pg_dump / pg_restore when installed, otherwise the exact command to run where they are.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

import typer

from goldenhour.adapters.db import backup as db_backup
from goldenhour.cli import runtime
from goldenhour.cli.common import one_line_errors


def backup(target: Path = typer.Argument(..., help="Where to write the backup.")) -> None:
    """Copy the database to TARGET (SQLite: online, while GoldenHour runs)."""
    _carry_out(
        lambda database: db_backup.backup_sqlite(database, target),
        lambda url: db_backup.pg_dump_command(url, target),
        f"backed up to {target}",
    )


def restore(
    source: Path = typer.Argument(..., help="A file written by `goldenhour backup`."),
) -> None:
    """Replace the database's content with SOURCE. Stop GoldenHour first."""
    _carry_out(
        lambda database: db_backup.restore_sqlite(source, database),
        lambda url: db_backup.pg_restore_command(url, source),
        f"restored from {source}; run `goldenhour audit verify`",
    )


def _carry_out(
    on_sqlite: Callable[[Path], None], pg_command: Callable[[str], list[str]], done: str
) -> None:
    """The SQLite way in this process, or PostgreSQL's own tool (or its command line)."""
    with one_line_errors():
        url = runtime.settings().effective_database_url
        database = db_backup.sqlite_file(url)
        if database is not None:
            on_sqlite(database)
            typer.echo(done)
            return
        command = pg_command(url)
        if db_backup.run_pg_tool(command):
            typer.echo(done)
            return
        typer.echo(f"{command[0]} is not installed here; where the PostgreSQL client is, run:")
        typer.echo("  " + shlex.join(command))
        raise typer.Exit(1)
