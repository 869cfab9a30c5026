"""Importing the real HIFLD and CMS hospital lists (reference data, see SOURCES.md §6)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import require_refdata
from goldenhour.adapters.importers.facilities import (
    apply_cms_emergency_services,
    demo_facilities,
    parse_trauma,
    read_cms,
    read_hifld,
)
from goldenhour.adapters.routing import Place
from goldenhour.domain.destination.facilities import Facility, FacilityKind, TraumaLevel
from goldenhour.domain.destination.facility_status import Service, ServiceState
from goldenhour.domain.shared.errors import InvalidInput

SEATTLE = (-122.45, 47.45, -122.2, 47.75)
HIFLD = ("hospitals", "hifld_us_hospital_locations_2020.csv")
CMS = ("hospitals", "cms_hospital_general_information_2020.csv")


def by_name(path: Path, bbox: tuple[float, float, float, float] = SEATTLE) -> dict[str, Facility]:
    facilities, _ = read_hifld(path, bbox)
    return {f.name: f for f in facilities}


def test_harborview_imports_as_adult_and_pediatric_level_one_with_a_helipad() -> None:
    seattle = by_name(require_refdata(*HIFLD))
    harborview = seattle["HARBORVIEW MEDICAL CENTER"]
    caps = harborview.capabilities
    assert caps.trauma_adult is TraumaLevel.I and caps.trauma_pediatric is TraumaLevel.I
    assert caps.helipad and caps.emergency_department
    assert harborview.kind is FacilityKind.HOSPITAL


def test_seattle_import_keeps_types_and_reports_nothing_skipped() -> None:
    facilities, report = read_hifld(require_refdata(*HIFLD), SEATTLE)
    seattle = {f.name: f for f in facilities}
    assert report.rows == 7596 and report.imported == len(facilities) > 10
    assert report.outside_bbox + report.imported + len(report.skipped) == report.rows
    assert seattle["NAVOS"].capabilities.psychiatric
    assert seattle["NAVOS"].kind is FacilityKind.OTHER
    assert seattle["SEATTLE CHILDREN'S HOSPITAL"].capabilities.pediatric_emergency
    # "LEVEL I PEDIATRIC REHAB" is a rehabilitation designation, not trauma care.
    assert seattle["SEATTLE CHILDREN'S HOSPITAL"].capabilities.trauma_pediatric is None
    assert seattle["HIGHLINE MEDICAL CENTER"].capabilities.trauma_adult is TraumaLevel.IV
    assert all(f.lon >= SEATTLE[0] and f.lat <= SEATTLE[3] for f in facilities)


@pytest.mark.parametrize(
    ("text", "adult", "child", "unknown"),
    [
        ("LEVEL I, LEVEL I PEDIATRIC, LEVEL I REHAB", TraumaLevel.I, TraumaLevel.I, []),
        ("LEVEL II, LEVEL III PEDIATRIC, LEVEL II REHAB", TraumaLevel.II, TraumaLevel.III, []),
        ("LEVEL I PEDIATRIC REHAB", None, None, []),
        ("LEVEL IV", TraumaLevel.IV, None, []),
        ("TRH", None, None, ["TRH"]),
        ("LEVEL V", None, None, ["LEVEL V"]),
        ("LEVEL I, LEVEL PEDIATRIC", TraumaLevel.I, None, ["LEVEL PEDIATRIC"]),
        (None, None, None, []),
    ],
)
def test_trauma_column_values_seen_in_the_file(
    text: str | None, adult: TraumaLevel | None, child: TraumaLevel | None, unknown: list[str]
) -> None:
    assert parse_trauma(text) == (adult, child, unknown)


def _copy_rows(
    source: Path, target: Path, names: set[str], edits: dict[str, dict[str, str]]
) -> None:
    """Real HIFLD rows, some with values blanked the ways the file writes missing values."""
    with source.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        rows = [row for row in reader if row["NAME"] in names]
        fields = reader.fieldnames or []
    with target.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fields)
        writer.writeheader()
        for row in rows:
            writer.writerow(row | edits.get(row["NAME"], {}))


def test_rows_with_missing_values_are_skipped_and_reported_by_line(tmp_path: Path) -> None:
    source = require_refdata(*HIFLD)
    names = {
        "HARBORVIEW MEDICAL CENTER",
        "NAVOS",
        "HIGHLINE MEDICAL CENTER",
        "VIRGINIA MASON MEDICAL CENTER",
        "KINDRED HOSPITAL SEATTLE",
        "SCHICK SHADEL HOSPTIAL",
    }
    edits = {
        "NAVOS": {"LATITUDE": "NOT AVAILABLE"},
        "HIGHLINE MEDICAL CENTER": {"LONGITUDE": "-999"},
        "VIRGINIA MASON MEDICAL CENTER": {"ID": "NOT AVAILABLE"},
        "KINDRED HOSPITAL SEATTLE": {"STATUS": "CLOSED", "TRAUMA": "TRH"},
        "SCHICK SHADEL HOSPTIAL": {"LATITUDE": "forty-seven"},
    }
    path = tmp_path / "rows.csv"
    _copy_rows(source, path, names, edits)
    facilities, report = read_hifld(path, SEATTLE)
    skipped = {note.name: note.text for note in report.skipped}
    assert skipped == {
        "NAVOS": "LATITUDE missing",
        "HIGHLINE MEDICAL CENTER": "LONGITUDE missing",
        "VIRGINIA MASON MEDICAL CENTER": "ID missing",
        "SCHICK SHADEL HOSPTIAL": "LATITUDE 'forty-seven' is not a number",
    }
    assert all(note.line > 1 for note in report.skipped)
    kindred = next(f for f in facilities if f.name == "KINDRED HOSPITAL SEATTLE")
    assert kindred.statuses[Service.FACILITY].state is ServiceState.CLOSED
    assert [n.text for n in report.notes] == ["TRAUMA 'TRH' not understood: left out"]
    assert report.imported == 2


def test_a_file_without_the_needed_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("NAME,CITY\nX,Y\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="missing columns ID"):
        read_hifld(path, SEATTLE)
    with pytest.raises(InvalidInput, match="bbox"):
        read_hifld(path, (0, 0, 0, 0))


def test_cms_sets_the_emergency_department_flag_by_name_or_location() -> None:
    facilities, _ = read_hifld(require_refdata(*HIFLD), SEATTLE)
    cms, cms_report = read_cms(require_refdata(*CMS))
    assert cms_report.rows == 5344 and not cms_report.skipped
    joined, report = apply_cms_emergency_services(facilities, cms)
    seattle = {f.name: f for f in joined}
    assert report.by_name >= 8 and report.by_location >= 1
    # CMS "UNIVERSITY OF WASHINGTON MEDICAL CTR" matches by location, not by name.
    assert seattle["UNIVERSITY OF WASHINGTON MEDICAL CENTER"].capabilities.emergency_department
    assert not seattle["NAVOS"].capabilities.emergency_department
    # A long-term care hospital sharing Highline's campus must not take Highline's flag.
    assert "REGIONAL HOSPITAL FOR RESPIRATORY & COMPLEX CARE" in report.unmatched
    assert report.by_name + report.by_location + len(report.unmatched) == len(facilities)


def test_the_whole_us_file_imports_with_every_row_accounted_for() -> None:
    facilities, report = read_hifld(require_refdata(*HIFLD), (-180, -90, 180, 90))
    assert report.imported == len(facilities) == report.rows - len(report.skipped)
    assert len({f.id for f in facilities}) == len(facilities)
    assert report.notes and all("not understood" in n.text for n in report.notes)
    closed = [f for f in facilities if Service.FACILITY in f.statuses]
    assert len(closed) == 319  # SOURCES.md: 319 rows are CLOSED


def test_demo_facilities_are_deterministic_and_varied() -> None:
    places = [Place("hospital", f"H{k}", f"Hospital {k}", -98.5 + k / 100, 39.8) for k in range(10)]
    first, again = demo_facilities(places), demo_facilities(places)
    assert first == again
    assert first[0].capabilities.trauma_adult is TraumaLevel.I
    assert all(f.capabilities.emergency_department for f in first)
    assert len({f.capabilities for f in first}) >= 8
