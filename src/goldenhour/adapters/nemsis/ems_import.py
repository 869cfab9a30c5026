"""Read an EMSDataSet document into patient care records: all of it, or nothing.

Agencies bring their history from another vendor's system. The file is parsed with the
hardened parser, must be a NEMSIS v3.5.x EMSDataSet, and must pass the XSD (unknown codes,
wrong NOT values and malformed times are caught there, each finding naming the line and the
element). Every report is then read into a record and its plausibility checked; one
impossible value or out-of-order time in any report refuses the whole file with the list of
problems, so nothing partial is ever stored. Elements GoldenHour cannot place (custom element
configuration, anything not in the v3.5.1 EMS dictionary) are listed in ``unmapped`` rather
than silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from goldenhour.adapters.nemsis.elements import ems_schema
from goldenhour.adapters.nemsis.ems_export import AgencyHeader
from goldenhour.adapters.nemsis.report import NEMSIS_NS
from goldenhour.adapters.nemsis.schemas import MAX_LISTED, valid_document
from goldenhour.domain.pcr.elements import ROOT, ElementSchema
from goldenhour.domain.pcr.not_values import NotValue, PertinentNegative
from goldenhour.domain.pcr.plausibility import Finding, Severity, check_record
from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.pcr.tree import Entry, Group, Node
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput

_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"


@dataclass(frozen=True)
class ImportedReport:
    header: AgencyHeader
    record: PatientCareRecord
    warnings: tuple[Finding, ...] = ()


@dataclass(frozen=True)
class EmsImport:
    reports: tuple[ImportedReport, ...]
    unmapped: tuple[str, ...] = field(default=())  # paths of elements left out

    def as_dict(self) -> dict[str, object]:
        return {
            "records": len(self.reports),
            "uuids": [r.record.uuid for r in self.reports],
            "unmapped": list(self.unmapped),
            "warnings": [
                {"record": r.record.uuid, "element": w.element, "where": w.where,
                 "problem": w.problem}
                for r in self.reports
                for w in r.warnings
            ],
        }  # fmt: skip


def read_ems_dataset(source: bytes | Path, *, name: str | None = None) -> EmsImport:
    """Every report of the document, or ``InvalidInput`` listing why none can be taken."""
    tree, label = valid_document(source, name, "EMSDataSet")
    schema = ems_schema()
    reports: list[ImportedReport] = []
    unmapped: list[str] = []
    problems: list[FieldProblem] = []
    for h_index, header in enumerate(tree.getroot().iterfind(_q("Header")), start=1):
        agency = _header(header)
        for child in header:
            if not isinstance(child.tag, str) or _local(child) == "DemographicGroup":
                continue
            if _local(child) != ROOT:
                unmapped.append(f"Header[{h_index}]/{_local(child)}")
                continue
            record = _record(child, schema, unmapped)
            findings = check_record(record)
            for finding in findings:
                if finding.severity is Severity.ERROR:
                    where = f"PatientCareReport {record.uuid} {finding.where}".strip()
                    problems.append(FieldProblem(f"{where}/{finding.element}", finding.problem))
            warnings = tuple(f for f in findings if f.severity is Severity.WARNING)
            reports.append(ImportedReport(agency, record, warnings))
    if problems:
        raise InvalidInput(
            f"{label}: {len(problems)} problem(s); nothing was imported", problems[:MAX_LISTED]
        )
    return EmsImport(tuple(reports), tuple(unmapped))


def _q(name: str) -> str:
    return f"{{{NEMSIS_NS}}}{name}"


def _local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def _header(header: etree._Element) -> AgencyHeader:
    group = header.find(_q("DemographicGroup"))
    assert group is not None  # the XSD requires it

    def text(name: str) -> str:
        return (group.findtext(_q(name)) or "").strip()

    return AgencyHeader(text("dAgency.01"), text("dAgency.02"), text("dAgency.04"))


def _record(
    element: etree._Element, schema: ElementSchema, unmapped: list[str]
) -> PatientCareRecord:
    uuid = element.get("UUID") or ""
    root = _group(element, schema, f"PatientCareReport[{uuid}]", unmapped)
    return PatientCareRecord(uuid, Group(ROOT, root.children))


def _group(element: etree._Element, schema: ElementSchema, path: str, unmapped: list[str]) -> Group:
    children: list[Node] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions
        name = _local(child)
        if etree.QName(child).namespace != NEMSIS_NS or name not in schema:
            unmapped.append(f"{path}/{name}")
            continue
        if schema.spec(name).is_group:
            children.append(_group(child, schema, f"{path}/{name}", unmapped))
        else:
            children.append(_entry(child, name))
    attributes = tuple((k, v) for k, v in element.attrib.items() if k != "UUID" or path.count("/"))
    return Group(_local(element), tuple(children), tuple(sorted(attributes)))


def _entry(element: etree._Element, name: str) -> Entry:
    nil = element.get(_NIL) in ("true", "1")
    nv, pn = element.get("NV"), element.get("PN")
    others = tuple(sorted((k, v) for k, v in element.attrib.items() if k not in ("NV", "PN", _NIL)))
    return Entry(
        name,
        None if nil else (element.text or ""),
        NotValue(nv) if nv else None,
        PertinentNegative(pn) if pn else None,
        others,
    )
