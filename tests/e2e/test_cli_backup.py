"""``goldenhour backup`` / ``restore`` / ``db downgrade`` as an operator runs them, on SQLite
and PostgreSQL: a backup restored elsewhere holds the same rows and its audit chain verifies;
one migration down and up again leaves the schema at the newest revision."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from goldenhour.adapters.db import migrate
from goldenhour.adapters.db.engine import make_engine, session_factory
from goldenhour.adapters.db.tables import Base
from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.services.accounts import users as accounts
from goldenhour.services.unit_of_work import UnitOfWork
from throwaway_postgres import ThrowawayPostgres


def goldenhour(database_url: str, *args: str, path: str | None = None) -> str:
    env = {**os.environ, "GOLDENHOUR_DATABASE_URL": database_url, "GOLDENHOUR_ENV": "development"}
    if path is not None:
        env["PATH"] = f"{path}:{env['PATH']}"
    done = subprocess.run(
        [sys.executable, "-m", "goldenhour", *args], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr + done.stdout
    return done.stdout


def contents(database_url: str) -> dict[str, str]:
    """A digest of every table's rows."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return {
                t.name: hashlib.sha256(
                    repr(sorted(map(repr, connection.execute(select(t)).all()))).encode()
                ).hexdigest()
                for t in Base.metadata.sorted_tables
            }
    finally:
        engine.dispose()


def seed(database_url: str) -> None:
    engine = make_engine(database_url)
    try:
        sessions = session_factory(engine)
        with UnitOfWork(sessions, InProcessBus()) as uow:
            agency = accounts.create_agency(uow, "metro", "Metro EMS", "WA")
        for name in ("ada", "bob"):
            with UnitOfWork(sessions, InProcessBus()) as uow:
                roles = ["dispatcher"]
                accounts.create_user(uow, None, agency.id, name, name, "long-password-1", roles)
    finally:
        engine.dispose()


def empty_twin(database_url: str, tmp_path: Path, postgres: ThrowawayPostgres | None) -> str:
    """A second, empty database on the same backend to restore into."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    assert postgres is not None
    admin = create_engine(postgres.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "restored_{os.getpid()}_{tmp_path.name}"'))
    admin.dispose()
    return postgres.url(f"restored_{os.getpid()}_{tmp_path.name}")


def test_a_restored_backup_holds_the_same_rows_and_its_audit_chain_verifies(
    database_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    postgres = request.getfixturevalue("postgres") if "postgresql" in database_url else None
    tools = str(postgres.bin_dir) if postgres is not None else None
    seed(database_url)
    backup = tmp_path / "goldenhour.backup"
    goldenhour(database_url, "backup", str(backup), path=tools)
    assert backup.stat().st_size > 0
    twin = empty_twin(database_url, tmp_path, postgres)
    goldenhour(twin, "restore", str(backup), path=tools)
    assert contents(twin) == contents(database_url)
    assert "audit chain intact" in goldenhour(twin, "audit", "verify")


def test_restoring_a_file_that_is_no_database_is_refused_in_one_line(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database\n")
    done = subprocess.run(
        [sys.executable, "-m", "goldenhour", "restore", str(junk)],
        env={**os.environ, "GOLDENHOUR_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == f"error: backup: {junk} is not a GoldenHour SQLite database"


def test_one_migration_down_and_up_again_returns_to_the_newest_revision(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    newest, revisions = migrate.head_revision(engine), migrate.revisions(engine)
    engine.dispose()
    down = goldenhour(database_url, "db", "downgrade")
    assert down.strip() == f"database at revision {revisions[-2]}", down
    up = goldenhour(database_url, "db", "upgrade")
    assert up.startswith(f"database at revision {newest} ")
