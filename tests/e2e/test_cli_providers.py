"""``goldenhour providers import`` as a roster clerk runs it."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from test_cli_foundation import goldenhour

NEXT_YEAR = (datetime.now(UTC).date() + timedelta(days=365)).isoformat()
HEADER = (
    "external_id,first_name,last_name,level,certification_number,issuing_state,issued,expires\n"
)


def setup_agency(data_dir: Path) -> None:
    assert goldenhour(data_dir, "db", "upgrade").returncode == 0
    goldenhour(data_dir, "agency", "create", "metro", "--name", "Metro", "--state", "WA")


def test_a_good_roster_imports_every_provider(tmp_path: Path) -> None:
    setup_agency(tmp_path)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        HEADER + f"A1,Ann,Lee,EMT-P,P1,WA,2020-01-01,{NEXT_YEAR}\n"
        f"B2,Bob,Kim,Certified First Responder,R2,WA,2021-03-01,{NEXT_YEAR}\n"
    )
    result = goldenhour(tmp_path, "providers", "import", str(roster), "--agency", "metro", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["created"] == 2


def test_a_bad_roster_lists_every_bad_row_and_imports_nothing(tmp_path: Path) -> None:
    setup_agency(tmp_path)
    roster = tmp_path / "roster.csv"
    roster.write_text(
        HEADER + f"A1,Ann,Lee,EMT-P,P1,WA,2020-01-01,{NEXT_YEAR}\n"
        "B2,Bob,Kim,EMT,E2,WA,2019-01-01,2020-01-01\n"
        f"C3,Cy,Ng,Paramedik,P3,WA,2020-01-01,{NEXT_YEAR}\n"
    )
    result = goldenhour(tmp_path, "providers", "import", str(roster), "--agency", "metro")
    assert result.returncode == 1
    assert "2 problems" in result.stderr and "nothing was imported" in result.stderr
    assert "row 3: expires" in result.stderr and "row 4: level" in result.stderr
    assert "paramedic" in result.stderr.lower()  # the closest known name is suggested
    retry = goldenhour(tmp_path, "providers", "import", str(roster), "--agency", "metro")
    assert "already exists" not in retry.stderr  # the good row was not stored either


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    setup_agency(tmp_path)
    result = goldenhour(
        tmp_path, "providers", "import", str(tmp_path / "none.csv"), "--agency", "metro"
    )
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1


def test_a_crew_member_s_own_account_is_tied_to_their_roster_entry(tmp_path: Path) -> None:
    setup_agency(tmp_path)
    roster = tmp_path / "roster.csv"
    roster.write_text(HEADER + f"A1,Ann,Lee,EMT-P,P1,WA,2020-01-01,{NEXT_YEAR}\n")
    assert (
        goldenhour(tmp_path, "providers", "import", str(roster), "--agency", "metro").returncode
        == 0
    )

    def create(username: str, *extra: str) -> subprocess.CompletedProcess[str]:
        return goldenhour(
            tmp_path, "user", "create", username, "--agency", "metro", "--name", username,
            "--role", "crew", "--json", *extra,
        )  # fmt: skip

    ann = create("ann", "--provider", "A1")
    assert ann.returncode == 0, ann.stderr
    assert json.loads(ann.stdout)["provider_id"] is not None
    twice = create("ann-2", "--provider", "A1")
    assert twice.returncode == 1 and "already signs in as 'ann'" in twice.stderr
    unknown = create("zed", "--provider", "Z9")
    assert unknown.returncode == 1 and "no provider 'Z9'" in unknown.stderr
    # Neither refused account was created: the names are still free.
    for username in ("ann-2", "zed"):
        assert create(username).returncode == 0
