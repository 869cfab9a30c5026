"""NEMSIS DEMDataSet import and re-export against the official v3.5.1 samples.

Done-when of issue 6: every official sample DEM file imports and re-exports (through
``dem_export``) to XML that passes the XSD, keeping the value of every element GoldenHour models
(``MODELLED_ELEMENTS``) unless the import reported it as not kept; bad files are refused whole.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from conftest import require_refdata
from goldenhour.adapters.nemsis.configuration import export_configuration
from goldenhour.adapters.nemsis.dem_export import dem_dataset_bytes
from goldenhour.adapters.nemsis.dem_import import MODELLED_ELEMENTS, DemImport, read_dem_dataset
from goldenhour.adapters.nemsis.report import NEMSIS_NS
from goldenhour.adapters.nemsis.schemas import identify, nemsis_dir, xsd_findings
from goldenhour.adapters.nemsis.xml_safety import parse_xml
from goldenhour.adapters.refdata.scope import national_layer
from goldenhour.adapters.refdata.skills import load_skill_catalog
from goldenhour.domain.scope.decision import compile_scope
from goldenhour.domain.scope.rules import LayerKind
from goldenhour.domain.shared.errors import InvalidInput

SAMPLES = Path("nemsis", "SampleData", "DEM", "xml")
SAMPLE_NAMES = [f"DEMDataset-{kind}-{n}.xml" for kind in ("ElementsRepeat", "Nils", "NoRepeat",
                "PNs") for n in range(1, 11)]  # fmt: skip
AT = datetime(2026, 1, 5, 12, tzinfo=UTC)
# Groups told apart by one of their own elements, so values compare per person, vehicle, level.
IDENTITY = {
    "dPersonnel.PersonnelGroup": "dPersonnel.21",
    "dPersonnel.LicensureGroup": "dPersonnel.23",
    "dVehicle.VehicleGroup": "dVehicle.03",
    "dConfiguration.ProcedureGroup": "dConfiguration.06",
    "dConfiguration.MedicationGroup": "dConfiguration.08",
}
Value = tuple[tuple[str, ...], str, str, tuple[tuple[str, str], ...]]


def modelled_values(
    xml: bytes, elements: tuple[str, ...], left_out: tuple[str, ...] = ()
) -> Counter[Value]:
    """(owning groups, element, text, attributes) of each modelled leaf not under ``left_out``."""
    found: Counter[Value] = Counter()
    report = etree.fromstring(xml).find(f"{{{NEMSIS_NS}}}DemographicReport")
    assert report is not None
    for leaf in report.iter(etree.Element):
        name = etree.QName(leaf).localname
        path = _path(leaf)
        if name not in elements or any(path == p or path.startswith(p + "/") for p in left_out):
            continue
        owners = tuple(
            f"{etree.QName(a).localname}={a.findtext(f'{{{NEMSIS_NS}}}{IDENTITY[etree.QName(a).localname]}')}"
            for a in leaf.iterancestors()
            if etree.QName(a).localname in IDENTITY
        )
        attributes = tuple(sorted((k, v) for k, v in leaf.attrib.items()))
        found[(owners, name, (leaf.text or "").strip(), attributes)] += 1
    return found


def _path(element: etree._Element) -> str:
    steps = []
    node = element
    while etree.QName(node).localname != "DemographicReport":
        parent = node.getparent()
        same = [c for c in parent if c.tag == node.tag]
        name = etree.QName(node).localname
        steps.append(f"{name}[{same.index(node) + 1}]" if len(same) > 1 else name)
        node = parent
    return "/".join(reversed(steps))


def left_out(imported: DemImport) -> tuple[str, ...]:
    return tuple(u.path for u in imported.unmapped)


def xsd_errors(xml: bytes) -> list[str]:
    tree = parse_xml(xml)
    return [str(f) for f in xsd_findings(tree, nemsis_dir(), identify(tree, "export"))]


def re_export(imported: DemImport) -> bytes:
    # The file's own tables, as a state would hold them: an agency layer may not widen, and the
    # samples permit Registered Nurses what the national model leaves to the states.
    table = imported.configuration
    layers = [national_layer(), *([replace(table, kind=LayerKind.STATE)] if table else [])]
    scope = compile_scope(layers, load_skill_catalog().slugs)
    state = imported.header.state_code
    configuration = export_configuration(scope, load_skill_catalog(), "DEM", state).xml
    return dem_dataset_bytes(
        imported.header,
        imported.profile,
        configuration,
        imported.call_signs,
        imported.people,
        imported.vehicles,
        AT,
    )


def test_the_sample_list_is_the_release_s_list() -> None:
    folder = require_refdata(*SAMPLES.parts)
    assert sorted(p.name for p in folder.glob("*.xml")) == sorted(SAMPLE_NAMES)


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_every_official_sample_imports_and_re_exports_valid_keeping_modelled_values(
    name: str,
) -> None:
    source = require_refdata(*SAMPLES.parts, name).read_bytes()
    imported = read_dem_dataset(source, name=name)
    exported = re_export(imported)
    assert xsd_errors(exported) == []
    kept = modelled_values(source, MODELLED_ELEMENTS, left_out(imported))
    assert set(kept) - set(modelled_values(exported, MODELLED_ELEMENTS)) == set()
    assert kept, "every sample has modelled values"


def test_what_cannot_be_kept_is_reported_with_its_path_and_reason() -> None:
    source = require_refdata(*SAMPLES.parts, "DEMDataset-Nils-1.xml")
    reasons = {u.path: u.reason for u in read_dem_dataset(source).unmapped}
    assert reasons["dContact"] == "no place in GoldenHour"
    assert (
        "NOT value 7701001"
        in reasons["dPersonnel/dPersonnel.PersonnelGroup/dPersonnel.NameGroup/dPersonnel.01"]
    )
    assert "first and last name" in reasons["dPersonnel/dPersonnel.PersonnelGroup"]


def _edit(pattern: bytes, replacement: bytes) -> bytes:
    source = require_refdata(*SAMPLES.parts, "DEMDataset-NoRepeat-1.xml").read_bytes()
    edited = re.sub(pattern, replacement, source, count=1)
    assert edited != source
    return edited


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        (lambda: b"<DEMDataSet><broken></DEMDataSet>", "malformed XML"),
        (
            lambda: require_refdata(
                "nemsis", "SampleData", "EMS", "xml", "EMSDataset-NoRepeat-1.xml"
            ).read_bytes(),
            "DEMDataSet was expected",
        ),
        (lambda: _edit(rb"<dPersonnel.24>\d+<", b"<dPersonnel.24>9925999<"), "XSD error"),
    ],
    ids=["malformed", "ems-dataset", "unknown-level-code"],
)
def test_bad_files_are_refused_whole_naming_the_problem(document, problem: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match=problem) as refused:
        read_dem_dataset(document(), name="bad.xml")
    assert refused.value.errors
