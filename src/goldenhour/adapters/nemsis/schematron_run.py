"""Run a compiled Schematron with Saxon and read its SVRL back as findings.

Compiling the 2,400-line national EMS rules takes Saxon a few hundred milliseconds, so each
``.sch`` file is compiled once per process (again only if the file changes) and the executable
is reused. Saxon gets the document GoldenHour already parsed with the hardened parser,
re-serialised without any DOCTYPE, so its own parser never sees an entity declaration either.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

from lxml import etree
from saxonche import PySaxonApiError, PySaxonProcessor, PyXsltExecutable

from goldenhour.adapters.nemsis.report import PREFIXES, Finding, severity_of_role
from goldenhour.adapters.nemsis.schematron import compile_schematron
from goldenhour.adapters.nemsis.schematron_parts import SVRL
from goldenhour.adapters.nemsis.xml_safety import hardened_parser, parse_xml
from goldenhour.domain.shared.errors import InvalidInput

_LOCK = threading.Lock()  # one Saxon processor per process; SaxonC calls are serialised


class SchematronRunError(Exception):
    """Saxon stopped with a dynamic error (typically on data the XSD would already reject)."""


@lru_cache(maxsize=1)
def _processor() -> PySaxonProcessor:
    return PySaxonProcessor(license=False)


@lru_cache(maxsize=8)
def _executable(path: Path, mtime: float, phase: str | None) -> PyXsltExecutable:
    return compile_executable(path, phase)


def compile_executable(path: Path, phase: str | None = None) -> PyXsltExecutable:
    """Compile a ``.sch`` file to a Saxon executable, uncached (``compiled`` caches)."""
    stylesheet = compile_schematron(parse_xml(path), phase)
    text = etree.tostring(stylesheet, encoding="unicode")
    try:
        return _processor().new_xslt30_processor().compile_stylesheet(stylesheet_text=text)
    except PySaxonApiError as exc:
        raise InvalidInput.for_field(path.name, f"Schematron does not compile: {exc}") from None


def compiled(path: Path, phase: str | None = None) -> PyXsltExecutable:
    """The Saxon executable for a ``.sch`` file: compiled on first use, then cached."""
    with _LOCK:
        return _executable(path, path.stat().st_mtime, phase)


def run_svrl(document: etree._ElementTree, path: Path, phase: str | None = None) -> etree._Element:
    """The SVRL (``svrl:schematron-output``) of ``document`` against the rules at ``path``."""
    executable = compiled(path, phase)
    text = etree.tostring(document.getroot(), encoding="unicode")  # never a DOCTYPE
    with _LOCK:
        try:
            node = _processor().parse_xml(xml_text=text)
            svrl = executable.transform_to_string(xdm_node=node)
        except PySaxonApiError as exc:
            raise SchematronRunError(str(exc)) from None
    return etree.fromstring(svrl.encode("utf-8"), hardened_parser())


def svrl_findings(svrl: etree._Element, document: etree._ElementTree) -> list[Finding]:
    """Each failed assert and successful report, with its line looked up in ``document``."""
    findings = []
    for result in svrl.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        location = result.get("location", "")
        element = _element_at(document, location)
        text = result.find(f"{{{SVRL}}}text")
        findings.append(
            Finding(
                source="schematron",
                severity=severity_of_role(result.get("role")),
                rule_id=result.get("id", ""),
                location=location,
                message=" ".join("".join(text.itertext()).split()) if text is not None else "",
                line=element.sourceline if element is not None else None,
                element=etree.QName(element).localname if element is not None else "",
            )
        )
    return findings


def _element_at(document: etree._ElementTree, location: str) -> etree._Element | None:
    try:
        nodes = document.xpath(location, namespaces=PREFIXES) if location else []
    except etree.XPathError:
        return None  # a step lxml's XPath 1.0 cannot read (e.g. an unknown namespace)
    if isinstance(nodes, list) and nodes and isinstance(nodes[0], etree._Element):
        return nodes[0]
    return None
