"""``goldenhour facilities import`` / ``demo`` as an administrator runs them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from test_cli_foundation import goldenhour

from conftest import require_refdata
from goldenhour.adapters.routing import build_demo, load_region
from goldenhour.config import Settings


def prepared(data_dir: Path) -> tuple[float, float, float, float]:
    assert goldenhour(data_dir, "db", "upgrade").returncode == 0
    goldenhour(data_dir, "agency", "create", "metro", "--name", "Metro", "--state", "WA")
    settings = Settings(data_dir=data_dir)
    build_demo("demo", size=2000, seed=1, settings=settings)
    return load_region("demo", settings).bbox


def test_demo_facilities_are_registered_once(tmp_path: Path) -> None:
    prepared(tmp_path)
    first = goldenhour(tmp_path, "facilities", "demo", "--agency", "metro")
    again = goldenhour(tmp_path, "facilities", "demo", "--agency", "metro")
    assert first.returncode == 0 and "2 demo facilities added" in first.stdout
    assert "0 demo facilities added, 2 updated" in again.stdout


def test_hifld_rows_inside_the_region_import_and_bad_rows_are_reported(tmp_path: Path) -> None:
    """Real HIFLD rows (Seattle area) moved into the demo county; one has no latitude."""
    west, south, east, north = prepared(tmp_path)
    source = require_refdata("hospitals", "hifld_us_hospital_locations_2020.csv")
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = [r for r in reader if r["CITY"] == "SEATTLE" and r["STATE"] == "WA"][:3]
        header = reader.fieldnames
    assert header is not None and len(rows) == 3
    for k, row in enumerate(rows):
        row["LONGITUDE"] = str(west + (east - west) * (0.3 + 0.2 * k))
        row["LATITUDE"] = str(south + (north - south) / 2)
    rows[2]["LATITUDE"] = "NOT AVAILABLE"
    moved = tmp_path / "hifld.csv"
    with moved.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    result = goldenhour(
        tmp_path,
        "facilities",
        "import",
        str(moved),
        "--agency",
        "metro",
        "--region",
        "demo",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["created"] == 2
    assert [s["line"] for s in report["skipped"]] == [4]
    assert "LATITUDE" in report["skipped"][0]["why"]


def test_an_unknown_region_is_one_line(tmp_path: Path) -> None:
    prepared(tmp_path)
    result = goldenhour(
        tmp_path, "facilities", "import", "x.csv", "--agency", "metro", "--region", "atlantis"
    )
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
