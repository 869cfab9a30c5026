"""Validate a NEMSIS document the way a state EMS office will: XSD first, then Schematron.

This is the one entry point the CLI, export (check what we are about to send) and import (check
what we are about to read) share. Malformed XML, another dataset or another version is refused
with ``InvalidInput``; anything else comes back as a ``ValidationReport``, errors and warnings
alike, so the caller decides what an error means for it.
"""

from __future__ import annotations

from pathlib import Path

from goldenhour.adapters.nemsis.report import Finding, ValidationReport
from goldenhour.adapters.nemsis.schemas import identify, nemsis_dir, release_file, xsd_findings
from goldenhour.adapters.nemsis.schematron_run import SchematronRunError, run_svrl, svrl_findings
from goldenhour.adapters.nemsis.xml_safety import parse_xml


def validate_document(
    source: bytes | Path,
    *,
    name: str | None = None,
    expect: str | None = None,
    release: Path | None = None,
) -> ValidationReport:
    """XSD and national Schematron findings for one document.

    ``expect`` names the dataset the caller needs (``EMSDataSet``, ``DEMDataSet``); ``release``
    is the NEMSIS folder (default ``nemsis_dir()``).
    """
    label = name or (source.name if isinstance(source, Path) else "document")
    base = release or nemsis_dir()
    tree = parse_xml(source, name=label)
    dataset = identify(tree, label, expect)
    findings = xsd_findings(tree, base, dataset)
    rules = release_file(base, dataset, "schematron")
    try:
        findings += svrl_findings(run_svrl(tree, rules), tree)
    except SchematronRunError as exc:
        findings.append(_stopped(str(exc), xsd_failed=bool(findings)))
    return ValidationReport(document=label, dataset=dataset.root, findings=tuple(findings))


def _stopped(message: str, *, xsd_failed: bool) -> Finding:
    hint = " (fix the XSD errors first)" if xsd_failed else ""
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    return Finding(
        source="schematron",
        severity="error",
        rule_id="schematron",
        location="",
        message=f"the national Schematron could not run{hint}: {first}",
    )
