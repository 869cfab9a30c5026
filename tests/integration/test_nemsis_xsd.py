"""NEMSIS documents against the official v3.5.1 XSDs, and which documents are refused up front.

Source: NEMSIS v3.5.1 release, ``XSDs/NEMSIS_XSDs`` and ``SampleData/{EMS,DEM,State}/xml``: the
official generated samples are schema-valid by construction. The release's sample set carries
no ``*-FailXsd_*`` files, so the failing documents here are official samples broken in one
known place each.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import require_refdata
from goldenhour.adapters.nemsis.report import PREFIXES
from goldenhour.adapters.nemsis.schemas import (
    DATASETS,
    identify,
    nemsis_dir,
    release_file,
    xsd_findings,
    xsd_schema,
)
from goldenhour.adapters.nemsis.validation import validate_document
from goldenhour.adapters.nemsis.xml_safety import parse_xml
from goldenhour.config import refdata_dir
from goldenhour.domain.shared.errors import InvalidInput, ServiceUnavailable

SAMPLES = refdata_dir() / "nemsis" / "SampleData"
SAMPLE_FILES = sorted(
    p.relative_to(SAMPLES).as_posix()
    for folder in ("EMS", "DEM", "State")
    for p in (SAMPLES / folder / "xml").glob("*.xml")
) or ["missing"]
EMS_SAMPLE = ("nemsis", "SampleData", "EMS", "xml", "EMSDataset-NoRepeat-1.xml")


def _sample(*parts: str) -> bytes:
    return require_refdata(*parts).read_bytes()


@pytest.mark.parametrize("sample", SAMPLE_FILES)
def test_every_official_sample_document_passes_its_xsd(sample: str) -> None:
    path = require_refdata("nemsis", "SampleData", *sample.split("/"))
    tree = parse_xml(path)
    dataset = identify(tree, path.name)
    assert dataset.root == sample.split("/")[0] + "DataSet"
    assert xsd_findings(tree, nemsis_dir(), dataset) == []


@pytest.mark.parametrize(
    ("old", "new", "element", "words"),
    [
        (b"<eResponse.05>", b"<eResponse.05>9", "eResponse.05", "not an element of the set"),
        (b"<eRecord.01>", b"<eRecord.01 bogus='1'>", "eRecord.01", "attribute 'bogus'"),
        (
            b"<eResponse.03>",
            b"<eResponseX>x</eResponseX><eResponse.03>",
            "eResponseX",
            "not expected",
        ),
        (  # an element of another namespace: libxml2 reports a path lxml cannot evaluate
            b"<eResponse.03>",
            b"<x:foreign xmlns:x='urn:example:other'>1</x:foreign><eResponse.03>",
            "foreign",
            "not expected",
        ),
    ],
)
def test_a_broken_sample_fails_the_xsd_naming_line_and_element(
    old: bytes, new: bytes, element: str, words: str
) -> None:
    broken = _sample(*EMS_SAMPLE).replace(old, new, 1)
    tree = parse_xml(broken)

    findings = xsd_findings(tree, nemsis_dir(), DATASETS["EMSDataSet"])

    assert len(findings) == 1
    finding = findings[0]
    assert (finding.severity, finding.rule_id, finding.element) == ("error", "xsd", element)
    assert words in finding.message
    node = tree.xpath(finding.location, namespaces=PREFIXES)[0]
    assert node.sourceline == finding.line


def test_the_compiled_xsd_is_reused() -> None:
    require_refdata(*EMS_SAMPLE)
    dataset = DATASETS["EMSDataSet"]
    assert xsd_schema(nemsis_dir(), dataset) is xsd_schema(nemsis_dir(), dataset)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ((b"release-3.5.0", b"release-3.4.0"), "names NEMSIS v3.4.0"),
        ((b"<EMSDataSet ", b"<EMSDataSet2 "), "is not a NEMSIS v3 dataset"),
        ((b'http://www.nemsis.org">', b'urn:other">'), "is not a NEMSIS v3 dataset"),
        ((b"<eRecord.01>", b"<E01_01>x</E01_01><eRecord.01>"), "NEMSIS v2 document"),
    ],
)
def test_another_version_or_another_kind_of_document_is_refused(
    change: tuple[bytes, bytes], words: str
) -> None:
    document = _sample(*EMS_SAMPLE).replace(*change, 1)
    if change[0] == b"<EMSDataSet ":
        document = document.replace(b"</EMSDataSet>", b"</EMSDataSet2>")
    with pytest.raises(InvalidInput, match=words):
        validate_document(document, name="sample.xml")


def test_a_dem_document_is_refused_where_an_ems_document_is_expected() -> None:
    document = _sample("nemsis", "SampleData", "DEM", "xml", "DEMDataset-NoRepeat-1.xml")
    with pytest.raises(InvalidInput, match="DEMDataSet document where a EMSDataSet was expected"):
        validate_document(document, name="dem.xml", expect="EMSDataSet")


def test_missing_release_files_say_where_to_get_them(tmp_path: Path) -> None:
    with pytest.raises(ServiceUnavailable, match="NEMSIS v3.5.1 release.*GOLDENHOUR_NEMSIS_DIR"):
        release_file(tmp_path, DATASETS["EMSDataSet"], "xsd")


def test_the_release_folder_comes_from_the_environment_or_the_reference_data() -> None:
    assert nemsis_dir({"GOLDENHOUR_NEMSIS_DIR": "/opt/nemsis"}) == Path("/opt/nemsis")
    assert nemsis_dir({"GOLDENHOUR_REFDATA": "/srv/ref"}) == Path("/srv/ref/nemsis")


def test_validation_reports_xsd_and_schematron_findings_in_one_report() -> None:
    broken = _sample(*EMS_SAMPLE).replace(b"<eResponse.05>", b"<eResponse.05>9", 1)

    report = validate_document(broken, name="broken.xml")

    sources = {f.source for f in report.findings}
    assert "xsd" in sources and not report.ok
    assert report.as_dict()["errors"] == len(report.errors)
