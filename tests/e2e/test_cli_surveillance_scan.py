"""``goldenhour surveillance scan`` on SaTScan's case and coordinates files, as analysts run it."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from test_cli_foundation import goldenhour
from typer.testing import CliRunner

from goldenhour.cli import app

runner = CliRunner()


def files(tmp_path: Path, cases: str, geo: str) -> tuple[str, str]:
    (tmp_path / "od.cas").write_text(cases)
    (tmp_path / "od.geo").write_text(geo)
    return str(tmp_path / "od.cas"), str(tmp_path / "od.geo")


def run(cas: str, geo: str, *extra: str) -> tuple[int, str, str]:
    args = ["surveillance", "scan", "--cases", cas, "--geo", geo, "--start", "2026-11-01"]
    args += ["--end", "2026-11-02", "--max-radius-km", "5", "--max-days", "1", *extra]
    result = runner.invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


def test_scan_prints_clusters_in_descending_llr_with_hand_computed_values(tmp_path: Path) -> None:
    """A: 4 cases on day 1; B (100 km away): 1 on day 1, 3 on day 2. Retrospective one-day
    windows: B×day 2 (n 3, μ 1.5, LLR 3·ln 2 + 5·ln(5/6.5)), then A×day 1 (n 4, μ 2.5)."""
    cas, geo = files(
        tmp_path,
        "A 4 2026/11/1\nB 1 2026/11/1\nB 3 2026/11/2\n",
        "A 47.0 -122.0\nB 47.9 -122.0\n",
    )
    code, out, err = run(cas, geo, "--replicas", "99", "--seed", "5", "--json")
    assert code == 0, err
    clusters = json.loads(out)["clusters"]
    assert [c["locations"] for c in clusters] == [["B"], ["A"]]
    first, second = clusters
    assert (first["start"], first["end"], first["observed"]) == ("2026-11-02", "2026-11-02", 3)
    assert first["expected"] == pytest.approx(1.5)
    assert first["llr"] == pytest.approx(3 * math.log(2) + 5 * math.log(5 / 6.5))
    assert second["llr"] == pytest.approx(4 * math.log(4 / 2.5) + 4 * math.log(4 / 5.5))
    assert 0 < first["p"] <= 1 and first["center"] == "B"
    assert first["llr"] >= second["llr"]


def test_same_seed_same_p_and_prospective_keeps_only_the_last_day(tmp_path: Path) -> None:
    cas, geo = files(
        tmp_path, "A 4 2026/11/1\nB 1 2026/11/1\nB 3 2026/11/2\n", "A 47 -122\nB 48 -122\n"
    )
    once = run(cas, geo, "--prospective", "--replicas", "49", "--seed", "2", "--json")[1]
    again = run(cas, geo, "--prospective", "--replicas", "49", "--seed", "2", "--json")[1]
    assert once == again
    clusters = json.loads(once)["clusters"]
    assert [c["locations"] for c in clusters] == [["B"]]
    assert clusters[0]["recurrence_interval_days"] == pytest.approx(1 / clusters[0]["p"])


def test_a_bad_line_is_named_by_file_and_line(tmp_path: Path) -> None:
    cas, geo = files(tmp_path, "A 4 2026/11/1\nB x 2026/11/2\n", "A 47 -122\nB 48 -122\n")
    code, _, err = run(cas, geo)
    assert code == 1 and "od.cas:2" in err
    cas, geo = files(tmp_path, "Q 4 2026/11/1\n", "A 47 -122\n")
    code, _, err = run(cas, geo)
    assert code == 1 and "'Q' has no coordinates" in err


def test_run_on_demand_migrates_stored_data_and_names_an_unknown_agency(tmp_path: Path) -> None:
    """The on-demand twin of the daily run, on a fresh database (the migration included)."""
    assert goldenhour(tmp_path, "db", "upgrade").returncode == 0
    goldenhour(tmp_path, "agency", "create", "metro", "--name", "Metro", "--state", "WA")
    ran = goldenhour(tmp_path, "surveillance", "run", "--agency", "metro", "--json")
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout) == {"signals": []}
    missing = goldenhour(tmp_path, "surveillance", "run", "--agency", "nobody")
    assert missing.returncode == 1 and "nobody" in missing.stderr
