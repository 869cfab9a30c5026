"""What an operator sees when the command cannot do its work: one line naming the problem and
what to do, exit status 1, no traceback; and a command line that starts without importing the
web app, scipy or the road code just to print its version or help."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest


def goldenhour(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "goldenhour", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "args", "expected"),
    [
        (
            {"GOLDENHOUR_ENV": "production"},
            ["db", "current"],
            "error: GOLDENHOUR_SECRET_KEY: must be set to a private value outside development",
        ),
        (
            {"GOLDENHOUR_DATABASE_URL": "postgres://ems:hunter22@db.example:5432/ems"},
            ["db", "current"],
            "write the same URL beginning postgresql://",
        ),
        (
            {"GOLDENHOUR_DATABASE_URL": "postgresql://ems:hunter22@127.0.0.1:1/ems"},
            ["agency", "create", "metro", "--name", "Metro", "--state", "WA"],
            "error: database postgresql://ems:***@127.0.0.1:1/ems cannot be reached: ",
        ),
        (
            {},  # a fresh data directory: a SQLite file nobody migrated
            ["agency", "create", "metro", "--name", "Metro", "--state", "WA"],
            "is not migrated (no such table: agencies): run `goldenhour db upgrade`",
        ),
    ],
    ids=["no-secret-in-production", "postgres-scheme", "unreachable", "unmigrated"],
)
def test_a_command_that_cannot_work_says_why_in_one_line_and_exits_non_zero(
    tmp_path: Path, env: dict[str, str], args: list[str], expected: str
) -> None:
    plain = {"GOLDENHOUR_DATA_DIR": str(tmp_path), "GOLDENHOUR_ENV": "development"}
    plain.update({"GOLDENHOUR_DATABASE_URL": "", **env})
    result = goldenhour(*args, env=plain)
    assert result.returncode == 1, result
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr and "hunter22" not in result.stderr


HEAVY = ("fastapi", "scipy", "goldenhour.api.app", "goldenhour.adapters.routing", "sqlalchemy")


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_import_none_of_the_heavy_modules(flag: str) -> None:
    probe = (
        "import sys\n"
        "from goldenhour.cli import main\n"
        f"sys.argv = ['goldenhour', {flag!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        f"print('LOADED', [m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout, result.stdout
    if flag == "--help":  # every command is listed, with its line, without importing it
        for command in ("serve", "db", "backup", "restore", "agency", "network", "plan"):
            assert f"\n  {command} " in result.stdout, command


@pytest.mark.parametrize("command", ["demo", "serve"])
def test_a_busy_port_is_one_line_before_anything_is_printed_or_built(
    tmp_path: Path, command: str
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        plain = {"GOLDENHOUR_DATA_DIR": str(tmp_path), "GOLDENHOUR_DATABASE_URL": ""}
        result = goldenhour(command, "--port", str(port), env=plain)
    assert result.returncode == 1, result
    assert result.stdout == ""  # no links to a server that never started
    assert result.stderr.strip().startswith(f"error: port: 127.0.0.1:{port} is busy")
    assert not (tmp_path / "regions").exists()  # nothing built for nothing
