"""What a NEMSIS validation found, in one shape for XSD and Schematron alike.

A state EMS office rejects a submission on any ``[ERROR]`` and passes ``[WARNING]`` along to
the agency, so each finding keeps its severity, the rule that raised it (``nemSch_e###`` for
the national Schematron, ``xsd`` for the schema), where it is (an XPath with the ``nem``
prefix, plus the line when known) and the message a crew member or vendor can act on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from lxml import etree

NEMSIS_NS = "http://www.nemsis.org"
PREFIXES = {"nem": NEMSIS_NS, "xsi": "http://www.w3.org/2001/XMLSchema-instance"}

Severity = Literal["error", "warning"]
Source = Literal["xsd", "schematron"]


@dataclass(frozen=True)
class Finding:
    source: Source
    severity: Severity
    rule_id: str  # nemSch_e001 ... for Schematron, "xsd" for the schema
    location: str  # XPath of the element concerned, e.g. /nem:EMSDataSet[1]/nem:Header[1]
    message: str
    line: int | None = None
    element: str = ""  # local name of the element concerned, e.g. eResponse.05

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else self.location
        name = f" {self.element}" if self.element else ""
        return f"[{self.severity.upper()}] {self.rule_id} {where}{name}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    document: str
    dataset: str  # EMSDataSet, DEMDataSet or StateDataSet
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "warning")

    @property
    def ok(self) -> bool:
        """No errors: warnings alone do not stop a submission."""
        return not self.errors

    def as_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "dataset": self.dataset,
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [asdict(f) for f in self.findings],
        }


def severity_of_role(role: str | None) -> Severity:
    """NEMSIS roles are ``[ERROR]`` and ``[WARNING]``; a failed rule without a role is an error."""
    return "warning" if role and "warn" in role.lower() else "error"


def location_of(element: etree._Element) -> str:
    """The XPath GoldenHour reports for an element: ``nem:`` steps with positions.

    The Schematron compiler writes the same form (``gh:location``), so a location from either
    validator finds its element with ``tree.xpath(location, namespaces=PREFIXES)``.
    """
    steps = []
    node: etree._Element | None = element
    while node is not None:
        qname = etree.QName(node)
        parent = node.getparent()
        siblings = parent.iterchildren(node.tag) if parent is not None else iter([node])
        position = 1 + next(i for i, sibling in enumerate(siblings) if sibling is node)
        steps.append(f"/{_step_name(qname)}[{position}]")
        node = parent
    return "".join(reversed(steps))


def _step_name(qname: etree.QName) -> str:
    if not qname.namespace:
        return str(qname.localname)
    prefix = next((p for p, uri in PREFIXES.items() if uri == qname.namespace), None)
    if prefix:
        return f"{prefix}:{qname.localname}"
    # XPath 1.0 (lxml) has no ``*:name``; this step names a foreign element in both versions
    return f"*[local-name()='{qname.localname}' and namespace-uri()='{qname.namespace}']"


__all__ = [
    "Finding",
    "ValidationReport",
    "NEMSIS_NS",
    "PREFIXES",
    "location_of",
    "severity_of_role",
]
