"""``goldenhour nemsis validate`` as a vendor or state reviewer runs it on a file."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from conftest import require_refdata
from goldenhour.cli import app

runner = CliRunner()
SAMPLE = ("nemsis", "SampleData", "EMS", "xml", "EMSDataset-NoRepeat-1.xml")


def validate(path: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["nemsis", "validate", str(path), *args])
    return result.exit_code, result.stdout, result.stderr


def _sample_with_empty_agency_name(tmp_path: Path) -> Path:
    """An official sample whose EMS Agency Name is emptied without a Not Value (nemSch_e001)."""
    text = require_refdata(*SAMPLE).read_text()
    broken = re.sub(r"<eResponse.02>[^<]*</eResponse.02>", '<eResponse.02 xsi:nil="true"/>', text)
    path = tmp_path / "pcr.xml"
    path.write_text(broken)
    return path


def test_warnings_alone_pass_with_exit_status_zero() -> None:
    code, out, _ = validate(require_refdata(*SAMPLE))
    assert code == 0
    assert re.search(r"EMSDataSet passes \(0 errors, [1-9]\d* warnings\)", out)
    assert "[WARNING] nemSch_e011 line 17 eResponse.01: EMS Agency Number" in out


def test_a_schematron_error_fails_with_rule_line_and_element(tmp_path: Path) -> None:
    code, out, _ = validate(_sample_with_empty_agency_name(tmp_path))
    assert code == 1
    assert re.search(
        r"\[ERROR\] nemSch_e001 line \d+ eResponse.02: When EMS Agency Name is empty", out
    )
    assert "EMSDataSet fails (1 errors" in out


def test_json_output_lists_each_finding(tmp_path: Path) -> None:
    code, out, _ = validate(_sample_with_empty_agency_name(tmp_path), "--json")
    report = json.loads(out)
    assert code == 1 and report["ok"] is False and report["errors"] == 1
    error = next(f for f in report["findings"] if f["severity"] == "error")
    assert error["rule_id"] == "nemSch_e001" and error["source"] == "schematron"
    assert error["location"].endswith("/nem:eResponse.AgencyGroup[1]/nem:eResponse.02[1]")


def test_malformed_xml_is_one_line_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "bad.xml"
    path.write_text("<EMSDataSet>\n  <Header>\n</EMSDataSet>\n")
    code, out, err = validate(path)
    assert code == 1 and out == ""
    assert err.startswith("error: bad.xml: malformed XML at line 3, column 14:")
    assert err.count("\n") == 1


def test_an_xxe_document_is_refused_without_reading_anything() -> None:
    code, _, err = validate(require_refdata("cap_1.2", "google_testdata", "xee.cap"))
    assert code == 1
    assert "DOCTYPE" in err and "root:" not in err
