"""NEMSIS EMSDataSet import and export against the official v3.5.1 samples and checks.

Done-when of issue 6: every official sample EMS file imports and re-exports to XML that passes
the XSD, keeping the value (text and attributes) of every element GoldenHour models; a
realistic record exports with zero XSD and zero Schematron errors; bad files are refused whole
with the element named.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from conftest import require_refdata
from goldenhour.adapters.nemsis.elements import ems_schema
from goldenhour.adapters.nemsis.ems_export import AgencyHeader, ems_dataset_bytes, write_ems_dataset
from goldenhour.adapters.nemsis.ems_import import read_ems_dataset
from goldenhour.adapters.nemsis.report import NEMSIS_NS
from goldenhour.adapters.nemsis.schemas import identify, nemsis_dir, xsd_findings
from goldenhour.adapters.nemsis.validation import validate_document
from goldenhour.adapters.nemsis.xml_safety import parse_xml
from goldenhour.domain.pcr.completion import missing_for_lock
from goldenhour.domain.pcr.demo import demo_record
from goldenhour.domain.shared.errors import InvalidInput

SAMPLES = Path("nemsis", "SampleData", "EMS", "xml")
SAMPLE_NAMES = [f"EMSDataset-{kind}-{n}.xml" for kind in ("ElementsRepeat", "Nils", "NoRepeat",
                "PNs") for n in range(1, 11)]  # fmt: skip
HEADER = AgencyHeader("ALPHA-EMS", "ALPHA-EMS", "53")


def leaves(xml: bytes) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    """(path, text, attributes) of every leaf element under the PatientCareReports."""
    found = []
    for report in etree.fromstring(xml).iter(f"{{{NEMSIS_NS}}}PatientCareReport"):
        found += _leaves(report, report.get("UUID", ""))
    return found


def _leaves(
    element: etree._Element, path: str
) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    if len(element) == 0:
        attributes = tuple(sorted((k, v) for k, v in element.attrib.items()))
        return [(path, (element.text or "").strip(), attributes)]
    found = []
    seen: dict[str, int] = {}
    for child in element.iterchildren(etree.Element):
        name = etree.QName(child).localname
        seen[name] = seen.get(name, 0) + 1
        found += _leaves(child, f"{path}/{name}[{seen[name]}]")
    return found


def xsd_errors(xml: bytes) -> list[str]:
    tree = parse_xml(xml)
    return [str(f) for f in xsd_findings(tree, nemsis_dir(), identify(tree, "export"))]


def test_the_sample_list_is_the_release_s_list() -> None:
    folder = require_refdata(*SAMPLES.parts)
    assert sorted(p.name for p in folder.glob("*.xml")) == sorted(SAMPLE_NAMES)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_official_sample_imports_and_re_exports_valid_with_every_value_kept(
    name: str,
) -> None:
    source = require_refdata(*SAMPLES.parts, name)
    imported = read_ems_dataset(source)
    assert imported.reports and imported.unmapped == ()
    buffer = io.BytesIO()
    write_ems_dataset(buffer, [(r.header, [r.record]) for r in imported.reports])
    exported = buffer.getvalue()
    assert xsd_errors(exported) == []
    assert leaves(exported) == leaves(source.read_bytes())
    assert _demographic(exported) == _demographic(source.read_bytes())


def _demographic(xml: bytes) -> list[tuple[str, str]]:
    group = etree.fromstring(xml).find(f".//{{{NEMSIS_NS}}}DemographicGroup")
    assert group is not None
    return [(etree.QName(e).localname, e.text or "") for e in group.iterchildren(etree.Element)]


def test_custom_element_definitions_are_reported_as_unmapped_not_dropped_silently() -> None:
    folder = require_refdata("nemsis", "SampleData", "CustomElements")
    imported = read_ems_dataset(folder / "New_Grouping_PatientRestraint.xml")
    assert imported.unmapped == ("Header[1]/eCustomConfiguration",)
    assert imported.reports[0].record.groups("eCustomResults.ResultsGroup")


def test_a_realistic_record_exports_with_zero_xsd_and_zero_schematron_errors() -> None:
    require_refdata("nemsis", "Schematron", "rules", "EMSDataSet.sch")
    record = demo_record(ems_schema(), "4b0f1e7c-5d6a-4c1e-9a55-1f0d2c3b4a59", "2026-0001",
                         datetime(2026, 11, 24, 10, tzinfo=UTC))  # fmt: skip
    assert missing_for_lock(record, ems_schema()) == []
    report = validate_document(ems_dataset_bytes(HEADER, [record]), expect="EMSDataSet")
    assert [str(f) for f in report.findings] == []


def test_times_out_of_order_refuse_the_whole_file_naming_the_element() -> None:
    source = require_refdata(*SAMPLES.parts, "EMSDataset-NoRepeat-1.xml").read_bytes()
    later = re.sub(rb"<eTimes.05>[^<]*<", b"<eTimes.05>2015-03-03T15:00:00+07:00<", source)
    with pytest.raises(InvalidInput, match="nothing was imported") as refused:
        read_ems_dataset(later, name="late.xml")
    fields = [p.field for p in refused.value.errors]
    assert any(f.endswith("/eTimes.06") for f in fields)
    assert "times out of order" in refused.value.errors[0].problem


def test_unknown_codes_and_impossible_vitals_are_refused_by_the_xsd_with_the_line() -> None:
    source = require_refdata(*SAMPLES.parts, "EMSDataset-NoRepeat-1.xml").read_bytes()
    bad = re.sub(rb"<eVitals.12>[^<]*<", b"<eVitals.12>140<", source)
    bad = re.sub(rb"<eDispatch.01>[^<]*<", b"<eDispatch.01>2301999<", bad)
    with pytest.raises(InvalidInput, match="XSD error") as refused:
        read_ems_dataset(bad, name="bad.xml")
    named = " ".join(p.field for p in refused.value.errors)
    assert "eVitals.12" in named and "eDispatch.01" in named


@pytest.mark.parametrize(
    ("parts", "problem"),
    [
        (("cap_1.2", "google_testdata", "xee.cap"), "DOCTYPE"),
        (("nemsis", "SampleData", "DEM", "xml", "DEMDataset-NoRepeat-1.xml"), "EMSDataSet"),
    ],
)
def test_hostile_or_wrong_documents_are_refused_before_anything_is_read(
    parts: tuple[str, ...], problem: str
) -> None:
    path = require_refdata(*parts)
    with pytest.raises(InvalidInput, match=problem):
        read_ems_dataset(path)
