"""``goldenhour backup FILE`` and ``goldenhour restore FILE``: copies an operator can keep.

SQLite: an online copy (the service keeps running); restore while it is stopped. PostgreSQL:
pg_dump / pg_restore when installed, otherwise the exact commands to run where they are.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import typer

from goldenhour.adapters.db import backup as db_backup
from goldenhour.cli import runtime
from goldenhour.cli.common import one_line_errors


def backup(target: Path = typer.Argument(..., help="Where to write the backup.")) -> None:
    """Copy the database to TARGET (SQLite: online, while GoldenHour runs)."""
    with one_line_errors():
        url = runtime.settings().effective_database_url
        database = db_backup.sqlite_file(url)
        if database is not None:
            db_backup.backup_sqlite(database, target)
            typer.echo(f"backed up {database} to {target}")
            return
        command = db_backup.pg_dump_command(url, target)
        if db_backup.run_pg_tool(command):
            typer.echo(f"backed up with pg_dump to {target}")
            return
        typer.echo("pg_dump is not installed here; on a machine with the PostgreSQL client run:")
        typer.echo("  " + shlex.join(command))
        raise typer.Exit(1)


def restore(
    source: Path = typer.Argument(..., help="A file written by `goldenhour backup`."),
) -> None:
    """Replace the database's content with SOURCE. Stop GoldenHour first."""
    with one_line_errors():
        url = runtime.settings().effective_database_url
        database = db_backup.sqlite_file(url)
        if database is not None:
            db_backup.restore_sqlite(source, database)
            typer.echo(f"restored {database} from {source}; run `goldenhour audit verify`")
            return
        command = db_backup.pg_restore_command(url, source)
        if db_backup.run_pg_tool(command):
            typer.echo(f"restored from {source}; run `goldenhour audit verify`")
            return
        typer.echo("pg_restore is not installed here; on a machine with it run:")
        typer.echo("  " + shlex.join(command))
        raise typer.Exit(1)
