"""``goldenhour nemsis import`` and ``export`` as an agency moving its history runs them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree
from test_cli_foundation import goldenhour

from conftest import require_refdata
from goldenhour.adapters.nemsis.report import NEMSIS_NS
from goldenhour.adapters.nemsis.schemas import identify, nemsis_dir, xsd_findings
from goldenhour.adapters.nemsis.xml_safety import parse_xml

SAMPLES = ("nemsis", "SampleData", "EMS", "xml")


def setup_agency(data_dir: Path) -> None:
    assert goldenhour(data_dir, "db", "upgrade").returncode == 0
    goldenhour(data_dir, "agency", "create", "metro", "--name", "Metro", "--state", "WA")


def test_history_imports_once_and_exports_as_valid_nemsis(tmp_path: Path) -> None:
    setup_agency(tmp_path)
    sample = require_refdata(*SAMPLES, "EMSDataset-PNs-3.xml")
    first = goldenhour(tmp_path, "nemsis", "import", str(sample), "--agency", "metro", "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert report["records"] == 1 and report["unmapped"] == []
    again = goldenhour(tmp_path, "nemsis", "import", str(sample), "--agency", "metro")
    assert again.returncode == 1 and "already held" in again.stderr
    today = datetime.now(UTC).date().isoformat()
    out = tmp_path / "export.xml"
    export = goldenhour(
        tmp_path, "nemsis", "export", "--from", today, "--to", today, "-o", str(out)
    )
    assert export.returncode == 0, export.stderr
    assert "wrote 1 patient care records of metro" in export.stdout
    tree = parse_xml(out)
    assert xsd_findings(tree, nemsis_dir(), identify(tree, "export")) == []
    assert report["uuids"][0].encode() in out.read_bytes()
    dem = tmp_path / "dem.xml"
    agency = goldenhour(tmp_path, "nemsis", "export-dem", "-o", str(dem), "--county", "53033")
    assert agency.returncode == 1 and "dConfiguration.16 Crew Call Sign" in agency.stderr


def test_a_bad_file_is_refused_whole_with_each_problem_listed(tmp_path: Path) -> None:
    setup_agency(tmp_path)
    dem = require_refdata("nemsis", "SampleData", "DEM", "xml", "DEMDataset-NoRepeat-1.xml")
    wrong = goldenhour(tmp_path, "nemsis", "import", str(dem), "--agency", "metro")
    assert wrong.returncode == 1 and "where a EMSDataSet was expected" in wrong.stderr
    source = require_refdata(*SAMPLES, "EMSDataset-NoRepeat-2.xml").read_text()
    bad = tmp_path / "bad.xml"
    bad.write_text(source.replace("<eDispatch.01>", "<eDispatch.01>9", 1))
    refused = goldenhour(tmp_path, "nemsis", "import", str(bad), "--agency", "metro")
    assert refused.returncode == 1 and "nothing was imported" in refused.stderr
    assert "eDispatch.01" in refused.stderr
    listed = goldenhour(tmp_path, "nemsis", "export", "--from", "2020-01-01", "--to",
                        "2030-01-01", "-o", str(tmp_path / "none.xml"))  # fmt: skip
    assert not (tmp_path / "none.xml").exists()
    assert listed.returncode == 1 and "nothing written" in listed.stderr


def test_a_dem_file_adds_the_roster_and_fleet_once(tmp_path: Path) -> None:
    assert goldenhour(tmp_path, "db", "upgrade").returncode == 0
    goldenhour(tmp_path, "agency", "create", "wasatch", "--name", "Wasatch", "--state", "UT")
    dem = require_refdata("nemsis", "SampleData", "DEM", "xml", "DEMDataset-NoRepeat-2.xml")
    first = goldenhour(tmp_path, "nemsis", "import-dem", str(dem), "--agency", "wasatch")
    assert first.returncode == 0, first.stderr
    assert "added 1 providers and 1 units to wasatch" in first.stdout
    again = goldenhour(tmp_path, "nemsis", "import-dem", str(dem), "--agency", "wasatch", "--json")
    report = json.loads(again.stdout)
    assert report["providers"] == [] and report["units"] == []
    assert any("already on the roster" in note for note in report["notes"])
    out = tmp_path / "wasatch.xml"
    exported = goldenhour(
        tmp_path, "nemsis", "export-dem", "-o", str(out), "--county", "49035", "--agency", "wasatch"
    )
    assert exported.returncode == 0, exported.stderr
    source, written = parse_xml(dem.read_bytes()), parse_xml(out.read_bytes())
    for element in ("dPersonnel.21", "dPersonnel.23", "dVehicle.03"):
        assert texts(written, element) == texts(source, element)
    wrong = require_refdata("nemsis", "SampleData", "DEM", "xml", "DEMDataset-NoRepeat-1.xml")
    refused = goldenhour(tmp_path, "nemsis", "import-dem", str(wrong), "--agency", "wasatch")
    assert refused.returncode == 1 and "before the issue date" in refused.stderr


def texts(tree: etree._ElementTree, element: str) -> list[str]:
    return [e.text or "" for e in tree.iter(f"{{{NEMSIS_NS}}}{element}")]
