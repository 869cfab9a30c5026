"""Where the NEMSIS v3.5.1 release lives, which dataset a document is, and its XSD check.

The XSDs and national Schematron are third-party files (the NEMSIS TAC release), never copied
into the repository: they are found under ``GOLDENHOUR_NEMSIS_DIR``, by default
``$GOLDENHOUR_REFDATA/nemsis``, laid out as in the release (``XSDs/NEMSIS_XSDs``,
``Schematron/rules``). All three datasets share one namespace, so the dataset comes from the
root element and the version from the ``xsi:schemaLocation`` hint when there is one; a document
of another version is refused up front rather than drowned in schema errors.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NoReturn

from lxml import etree

from goldenhour.adapters.nemsis.report import NEMSIS_NS, Finding, location_of
from goldenhour.adapters.nemsis.xml_safety import hardened_parser, parse_xml
from goldenhour.config import refdata_dir
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput, ServiceUnavailable

SUPPORTED_VERSION = "3.5.1"
RELEASE_HINT = (
    "download the NEMSIS v3.5.1 release (XSDs and Schematron, from the NEMSIS TAC: "
    "https://nemsis.org/technical-resources/version-3/, or its public git repository "
    "nemsis_public) and point GOLDENHOUR_NEMSIS_DIR at the folder holding "
    "XSDs/NEMSIS_XSDs and Schematron/rules"
)
_XSI_SCHEMA_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
_VERSION_IN_HINT = re.compile(r"(?:release-|/)(\d+\.\d+\.\d+)")
_V2_ELEMENT = re.compile(r"^[DE]\d\d_\d\d$")


@dataclass(frozen=True)
class Dataset:
    """One of the three NEMSIS v3 datasets: its root element, XSD and national Schematron."""

    root: str  # EMSDataSet, DEMDataSet, StateDataSet
    xsd: str
    schematron: str


DATASETS = {
    d.root: d
    for d in (
        Dataset("EMSDataSet", "EMSDataSet_v3.xsd", "EMSDataSet.sch"),
        Dataset("DEMDataSet", "DEMDataSet_v3.xsd", "DEMDataSet.sch"),
        Dataset("StateDataSet", "StateDataSet_v3.xsd", "StateDataSet.sch"),
    )
}


def nemsis_dir(env: Mapping[str, str] | None = None) -> Path:
    """``GOLDENHOUR_NEMSIS_DIR``, or ``nemsis`` under the reference data."""
    env = os.environ if env is None else env
    explicit = env.get("GOLDENHOUR_NEMSIS_DIR")
    return Path(explicit) if explicit else refdata_dir(env) / "nemsis"


def release_file(base: Path, dataset: Dataset, kind: str) -> Path:
    """The XSD (``kind="xsd"``) or Schematron (``"schematron"``) of a dataset, or a clear 503."""
    if kind == "xsd":
        path = base / "XSDs" / "NEMSIS_XSDs" / dataset.xsd
    else:
        path = base / "Schematron" / "rules" / dataset.schematron
    if not path.is_file():
        what = "XSD" if kind == "xsd" else "national Schematron"
        raise ServiceUnavailable(f"NEMSIS {what} not found at {path}: {RELEASE_HINT}")
    return path


def identify(tree: etree._ElementTree, label: str, expect: str | None = None) -> Dataset:
    """The dataset of a document; refuse other XML, other NEMSIS versions or another dataset."""
    root = tree.getroot()
    qname = etree.QName(root)
    dataset = DATASETS.get(qname.localname) if qname.namespace == NEMSIS_NS else None
    if dataset is None:
        names = ", ".join(DATASETS)
        _refuse(
            label, f"root element {qname.text} is not a NEMSIS v3 dataset ({names} in {NEMSIS_NS})"
        )
    if any(_V2_ELEMENT.match(etree.QName(e).localname) for e in _first_elements(root)):
        _refuse(
            label, f"this is a NEMSIS v2 document; GoldenHour reads NEMSIS v{SUPPORTED_VERSION}"
        )
    version = declared_version(root)
    if version is not None and not version.startswith("3.5."):
        _refuse(
            label,
            f"xsi:schemaLocation names NEMSIS v{version}; GoldenHour reads NEMSIS "
            f"v{SUPPORTED_VERSION} (3.5.x)",
        )
    if expect is not None and dataset.root != expect:
        _refuse(label, f"this is a {dataset.root} document where a {expect} was expected")
    return dataset


def declared_version(root: etree._Element) -> str | None:
    """The release named in the ``xsi:schemaLocation`` hint, e.g. ``3.5.1`` (None if absent).

    The official v3.5.1 samples point at ``release-3.5.0``: any 3.5.x hint is the same family.
    """
    match = _VERSION_IN_HINT.search(root.get(_XSI_SCHEMA_LOCATION, ""))
    return match.group(1) if match else None


@lru_cache(maxsize=8)
def _compiled_xsd(path: Path, mtime: float) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path), hardened_parser()))


def xsd_schema(base: Path, dataset: Dataset) -> etree.XMLSchema:
    """The compiled XSD of a dataset, compiled once per file (and again if it changes)."""
    path = release_file(base, dataset, "xsd")
    return _compiled_xsd(path, path.stat().st_mtime)


def xsd_findings(tree: etree._ElementTree, base: Path, dataset: Dataset) -> list[Finding]:
    """Every XSD violation, as findings naming the line and the element."""
    schema = xsd_schema(base, dataset)
    if schema.validate(tree):
        return []
    return [_xsd_finding(tree, entry) for entry in schema.error_log]


def _xsd_finding(tree: etree._ElementTree, entry: etree._LogEntry) -> Finding:
    try:
        nodes = tree.xpath(entry.path) if entry.path else []
    except etree.XPathError:  # libxml2 wrote a step with a foreign prefix it cannot resolve:
        # the element on the reported line is the one (findings still name it by our XPath)
        nodes = [e for e in tree.iter() if isinstance(e.tag, str) and e.sourceline == entry.line]
    element = nodes[0] if nodes and isinstance(nodes[0], etree._Element) else None
    return Finding(
        source="xsd",
        severity="error",
        rule_id="xsd",
        location=location_of(element) if element is not None else "",
        message=_strip_element_prefix(entry.message),
        line=entry.line or None,
        element=etree.QName(element).localname if element is not None else "",
    )


def _strip_element_prefix(message: str) -> str:
    """``Element '{ns}eResponse.05': problem`` -> ``problem`` (the element is reported beside)."""
    return re.sub(r"^Element '[^']*'(?:: |, )", "", message)


def _first_elements(root: etree._Element, limit: int = 40) -> list[etree._Element]:
    elements = []
    for element in root.iter(etree.Element):
        elements.append(element)
        if len(elements) >= limit:
            break
    return elements


def _refuse(label: str, problem: str) -> NoReturn:
    raise InvalidInput(f"{label}: {problem}", [FieldProblem(label, problem)])


MAX_LISTED = 50  # problems listed in one refusal; the count says how many there were


def valid_document(
    source: bytes | Path, name: str | None, expect: str
) -> tuple[etree._ElementTree, str]:
    """Parse a document to import (hardened), check it is ``expect`` and valid against its
    XSD, or refuse it whole listing the XSD errors. Returns the tree and its label."""
    label = name or (source.name if isinstance(source, Path) else "document")
    tree = parse_xml(source, name=label)
    dataset = identify(tree, label, expect=expect)
    errors = xsd_findings(tree, nemsis_dir(), dataset)
    if errors:
        listed = [
            FieldProblem(f"line {f.line} {f.element}".strip(), f.message)
            for f in errors[:MAX_LISTED]
        ]
        raise InvalidInput(f"{label}: {len(errors)} XSD error(s); nothing was imported", listed)
    return tree, label
