"""``goldenhour quality response-times`` as an agency's analyst runs it on a CAD export."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_cli_foundation import goldenhour

from conftest import require_refdata

HEADER = "incident,unit,priority,zone,psap_call,unit_notified,en_route,on_scene,cancelled\n"
SF_EXPORT = (
    "incidents",
    "sf_fire_calls_for_service",
    "sf_fire_calls_for_service_2016-12-31_to_2017-01-07.csv",
)


def calls(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "calls.csv"
    path.write_text(HEADER + "".join(f"{r}\n" for r in rows))
    return path


def at(minute: int, second: int = 0) -> str:
    minute, second = minute + second // 60, second % 60
    return f"2026-11-02T10:{minute:02d}:{second:02d}-08:00"


def test_the_json_report_gives_each_interval_fractile_compliance_target_and_n(
    tmp_path: Path,
) -> None:
    """Ten incidents, turnouts 10..100 s: the 90th fractile is the 9th value (90 s), and 6 of
    10 are at or under NFPA 1710's 60 s EMS turnout."""
    rows = [f"I{k},M{k},1,north,{at(0)},{at(1)},{at(1, 10 * k)},{at(6)}," for k in range(1, 11)]
    rows.append(f"I99,M99,1,north,{at(0)},{at(1)},,,{at(2)}")  # cancelled en route
    result = goldenhour(
        tmp_path, "quality", "response-times", "--csv", str(calls(tmp_path, rows)), "--json"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    turnout = report["intervals"]["turnout"]
    assert (turnout["n"], turnout["fractile_s"], turnout["compliance"]) == (10, 90.0, 0.6)
    assert turnout["target_s"] == 60.0
    assert set(report["intervals"]) == {"call_processing", "turnout", "travel", "response"}
    assert report["excluded"]["turnout"]["by_reason"] == {"cancelled": 1}
    assert report["excluded"]["turnout"]["responses"][0]["incident"] == "I99"


def test_a_contract_standard_groups_by_zone_and_priority_with_its_own_targets(
    tmp_path: Path,
) -> None:
    contract = tmp_path / "contract.toml"
    contract.write_text(
        'name = "Metro"\ngrace_s = 59\n'
        '[targets.response]\nseconds = 480\nsource = "contract"\n'
        '[[targets.response.by]]\nzone = "rural"\nseconds = 900\n'
    )
    rows = [
        f"U1,M1,1,urban,{at(0)},{at(0, 30)},{at(1)},{at(8, 59)},",  # 8:59 meets 8:00 + 59 s
        f"U2,M2,1,urban,{at(0)},{at(0, 30)},{at(1)},{at(9, 1)},",  # 9:01 does not
        f"R1,M3,2,rural,{at(0)},{at(0, 30)},{at(1)},{at(14)},",
    ]
    result = goldenhour(
        tmp_path,
        "quality",
        "response-times",
        "--csv",
        str(calls(tmp_path, rows)),
        "--standard",
        str(contract),
        "--by",
        "zone,priority",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    groups = {(g["group"]["zone"], g["group"]["priority"]): g["intervals"] for g in report["by"]}
    assert groups[("urban", "1")]["response"]["compliance"] == 0.5
    assert groups[("urban", "1")]["response"]["fractile_s"] == 541.0
    assert groups[("rural", "2")]["response"]["target_s"] == 900.0
    assert groups[("rural", "2")]["response"]["compliance"] == 1.0


def test_a_file_with_bad_rows_names_each_row_and_reports_nothing(tmp_path: Path) -> None:
    rows = [
        f"I1,M1,1,north,{at(0)},{at(1)},{at(2)},{at(6)},",
        f"I2,M2,1,north,2026-11-02 10:00,{at(1)},{at(2)},{at(6)},",
        f"I3,,1,north,{at(0)},{at(1)},yesterday,{at(6)},",
    ]
    result = goldenhour(tmp_path, "quality", "response-times", "--csv", str(calls(tmp_path, rows)))
    assert result.returncode == 1
    assert "row 3: psap_call: time without a zone" in result.stderr
    assert "row 4: unit: required" in result.stderr
    assert "row 4: en_route: not an ISO 8601 time" in result.stderr
    assert result.stdout == ""


@pytest.mark.refdata
def test_the_san_francisco_export_reports_its_first_units_on_scene(tmp_path: Path) -> None:
    export = require_refdata(*SF_EXPORT)
    result = goldenhour(tmp_path, "quality", "response-times", "--csv", str(export), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["incidents"], report["responses"]) == (3560, 7704)
    response = report["intervals"]["response"]
    excluded = report["excluded"]["response"]
    assert response["n"] + excluded["n"] == 3560  # every incident counted or listed
    assert excluded["by_reason"]["cancelled"] > 0


def drawing(pdf: Path) -> tuple[str, Counter[str]]:
    """A PDF's text and the drawing operators of its first page (fills, lines, moves)."""
    reader = PdfReader(pdf)
    content = reader.pages[0].get_contents()
    assert content is not None
    ops = Counter(re.findall(r"\s(f|l|m)\s", content.get_data().decode("latin-1")))
    return reader.pages[0].extract_text(), ops


@pytest.mark.refdata
def test_the_san_francisco_export_imports_whole_and_its_month_prints_as_pdf_and_csv(
    tmp_path: Path,
) -> None:
    export = require_refdata(*SF_EXPORT)
    assert goldenhour(tmp_path, "db", "upgrade").returncode == 0
    goldenhour(tmp_path, "agency", "create", "sf", "--name", "SF Fire", "--state", "CA")
    stored = goldenhour(
        tmp_path, "incidents", "import-history", str(export), "--agency", "sf", "--json"
    )
    assert stored.returncode == 0, stored.stderr
    assert json.loads(stored.stdout)["incidents"] == 3560
    month = ("--agency", "sf", "--month", "2017-01", "--timezone", "America/Los_Angeles")
    pdf, table = tmp_path / "sf.pdf", tmp_path / "sf.csv"
    for output in (pdf, table):
        printed = goldenhour(tmp_path, "quality", "report", *month, "-o", str(output))
        assert printed.returncode == 0, printed.stderr
    text, ops = drawing(pdf)
    assert "SF Fire: response times, 2017-01" in text
    for chart in ("The month at a glance", "Cascade of intervals", "calls per 30 s", "fractile"):
        assert chart in text
    assert ops["f"] >= 20 and ops["l"] >= 100  # bars are filled, the curve is drawn
    rows = list(csv.DictReader(table.read_text().splitlines()))
    january = [r for r in rows if r["group"] == "all" and r["interval"] == "response"]
    assert 0 < int(january[0]["n"]) < 3560  # the month holds January's calls only
    assert {r["group"] for r in rows} >= {"all", "zone=B01 priority=1"}
