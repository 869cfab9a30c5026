"""Write patient care records as a NEMSIS v3.5.1 EMSDataSet document.

One ``Header`` per agency (its state ID, number and state in ``DemographicGroup``), then one
``PatientCareReport`` per record. ``write_ems_dataset`` streams with ``etree.xmlfile``: each
report is built, written and dropped, so a year of records needs the memory of one. Records
are already in the XSD's order and shape (see ``domain.pcr.record``), so writing is a plain
walk of the tree: a value becomes text, a NOT value becomes ``xsi:nil="true" NV="..."``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from lxml import etree

from goldenhour.adapters.nemsis.report import NEMSIS_NS
from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.pcr.tree import Entry, Group, Node

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    "http://www.nemsis.org https://nemsis.org/media/nemsis_v3/release-3.5.1/XSDs/"
    "NEMSIS_XSDs/EMSDataSet_v3.xsd"
)
_NIL = f"{{{XSI_NS}}}nil"


@dataclass(frozen=True)
class AgencyHeader:
    """``DemographicGroup``: dAgency.01 state ID, dAgency.02 number, dAgency.04 state (FIPS)."""

    state_id: str
    number: str
    state_code: str


def _q(name: str) -> str:
    return f"{{{NEMSIS_NS}}}{name}"


def record_element(record: PatientCareRecord) -> etree._Element:
    """``<PatientCareReport UUID=...>`` with the record's sections."""
    element = etree.Element(_q("PatientCareReport"), nsmap={None: NEMSIS_NS, "xsi": XSI_NS})
    element.set("UUID", record.uuid)
    for child in record.root.children:
        _append(element, child)
    return element


def _append(parent: etree._Element, node: Node) -> None:
    if isinstance(node, Group):
        element = etree.SubElement(parent, _q(node.name))
        for name, value in node.attributes:
            element.set(name, value)
        for child in node.children:
            _append(element, child)
        return
    _append_entry(parent, node)


def _append_entry(parent: etree._Element, entry: Entry) -> None:
    element = etree.SubElement(parent, _q(entry.element))
    for name, value in entry.attributes:
        element.set(name, value)
    if entry.pertinent_negative is not None:
        element.set("PN", entry.pertinent_negative.value)
    if entry.not_value is not None:
        element.set("NV", entry.not_value.value)
    if entry.value is None:
        element.set(_NIL, "true")
    else:
        element.text = entry.value


def _demographic(header: AgencyHeader) -> etree._Element:
    group = etree.Element(_q("DemographicGroup"), nsmap={None: NEMSIS_NS})
    for name, value in (
        ("dAgency.01", header.state_id),
        ("dAgency.02", header.number),
        ("dAgency.04", header.state_code),
    ):
        etree.SubElement(group, _q(name)).text = value
    return group


def write_ems_dataset(
    target: Path | IO[bytes],
    batches: Iterable[tuple[AgencyHeader, Iterable[PatientCareRecord]]],
) -> int:
    """Stream an EMSDataSet to ``target``; returns the number of records written.

    NEMSIS requires at least one ``PatientCareReport`` per header; a header whose records turn
    out empty is still written, and the XSD check of the file will say so.
    """
    count = 0
    destination = str(target) if isinstance(target, Path) else target
    with etree.xmlfile(destination, encoding="UTF-8") as xf:
        xf.write_declaration()
        root_attributes = {f"{{{XSI_NS}}}schemaLocation": SCHEMA_LOCATION}
        nsmap = {None: NEMSIS_NS, "xsi": XSI_NS}
        with xf.element(_q("EMSDataSet"), root_attributes, nsmap=nsmap):
            for header, records in batches:
                with xf.element(_q("Header")):
                    xf.write(_demographic(header))
                    for record in records:
                        xf.write(record_element(record))
                        count += 1
    return count


def ems_dataset_bytes(header: AgencyHeader, records: Iterable[PatientCareRecord]) -> bytes:
    buffer = io.BytesIO()
    write_ems_dataset(buffer, [(header, records)])
    return buffer.getvalue()
