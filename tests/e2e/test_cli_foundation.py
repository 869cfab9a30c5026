"""The ``goldenhour`` command as a user runs it: a real process, a real SQLite file."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from goldenhour import __version__


def goldenhour(
    data_dir: Path, *args: str, password: str = "long-password-1"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GOLDENHOUR_DATA_DIR": str(data_dir), "GOLDENHOUR_NEW_PASSWORD": password}
    env.pop("GOLDENHOUR_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "goldenhour", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_version_prints_the_package_version(tmp_path: Path) -> None:
    result = goldenhour(tmp_path, "--version")
    assert result.returncode == 0 and result.stdout.strip() == f"goldenhour {__version__}"


def test_bootstrap_an_agency_and_user_then_verify_the_audit_chain(tmp_path: Path) -> None:
    assert goldenhour(tmp_path, "db", "upgrade").returncode == 0
    created = goldenhour(
        tmp_path, "agency", "create", "metro", "--name", "Metro EMS", "--state", "WA", "--json"
    )
    assert created.returncode == 0 and json.loads(created.stdout)["slug"] == "metro"
    user = goldenhour(
        tmp_path,
        "user",
        "create",
        "ann",
        "--agency",
        "metro",
        "--name",
        "Ann",
        "--role",
        "dispatcher",
        "--json",
    )
    assert user.returncode == 0 and json.loads(user.stdout)["roles"] == ["dispatcher"]
    verified = goldenhour(tmp_path, "audit", "verify", "--json")
    assert verified.returncode == 0 and json.loads(verified.stdout)["checked"] == 2
    current = goldenhour(tmp_path, "db", "current", "--json")
    info = json.loads(current.stdout)
    assert info["revision"] == info["head"]

    with sqlite3.connect(tmp_path / "goldenhour.sqlite3") as connection:
        connection.execute("UPDATE audit_log SET action = 'forged' WHERE id = 2")
    broken = goldenhour(tmp_path, "audit", "verify")
    assert broken.returncode == 1 and "audit entry 2" in broken.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("agency", "create", "metro", "--name", "M", "--state", "Washington"), "state"),
        (
            ("user", "create", "ann", "--agency", "nowhere", "--name", "A", "--role", "crew"),
            "agency",
        ),
        (
            ("user", "create", "ann", "--agency", "metro", "--name", "A", "--role", "pilot"),
            "unknown role",
        ),
    ],
)
def test_errors_are_one_line_on_stderr_with_nonzero_exit(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    goldenhour(tmp_path, "db", "upgrade")
    goldenhour(tmp_path, "agency", "create", "metro", "--name", "Metro", "--state", "WA")
    result = goldenhour(tmp_path, *args)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0]
