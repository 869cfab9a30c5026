"""Backups of the database: SQLite through its online backup API, PostgreSQL through its own
tools (pg_dump / pg_restore), which know the server better than any copy we could write.

A SQLite backup is taken while GoldenHour runs: the backup API copies a consistent snapshot
page by page, including what is still in the write-ahead log, so there is nothing to stop.
A restore replaces the database's content, so the service must be stopped first.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from goldenhour.domain.shared.errors import InvalidInput, NotFound


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for any other database."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise InvalidInput.for_field(
            "GOLDENHOUR_DATABASE_URL", "an in-memory database has no backup"
        )
    return Path(parsed.database)


def backup_sqlite(database: Path, target: Path) -> None:
    if not database.exists():
        raise NotFound(f"database: no SQLite file at {database}")
    target.parent.mkdir(parents=True, exist_ok=True)
    _copy(database, target)


def restore_sqlite(backup: Path, database: Path) -> None:
    """Put ``backup`` in place of ``database`` (the service must be stopped)."""
    if not backup.exists():
        raise NotFound(f"backup: no file at {backup}")
    with sqlite3.connect(backup) as probe:
        try:
            probe.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:
            raise InvalidInput.for_field(
                "backup", f"{backup} is not a GoldenHour SQLite database"
            ) from None
    database.parent.mkdir(parents=True, exist_ok=True)
    _copy(backup, database)


def _copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    # The copy is a whole database: a write-ahead log left beside it would be from before.
    with sqlite3.connect(target) as dst:
        dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def libpq_url(url: str) -> str:
    """The URL as pg_dump and psql read it (no SQLAlchemy driver name)."""
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def pg_dump_command(url: str, target: Path) -> list[str]:
    return ["pg_dump", "--format=custom", "--no-owner", f"--file={target}", libpq_url(url)]


def pg_restore_command(url: str, backup: Path) -> list[str]:
    return ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
            f"--dbname={libpq_url(url)}", str(backup)]  # fmt: skip


def run_pg_tool(command: list[str]) -> bool:
    """Run pg_dump or pg_restore when it is installed; False when it is not."""
    if shutil.which(command[0]) is None:
        return False
    finished = subprocess.run(command, capture_output=True, text=True)
    if finished.returncode != 0:
        first = (finished.stderr.strip().splitlines() or ["failed"])[0]
        raise InvalidInput.for_field(command[0], first)
    return True
