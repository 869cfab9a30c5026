"""A set of vital signs (``eVitals.VitalGroup``), taken at one moment by one crew.

Crews and their screens speak of "SpO2" and "systolic", NEMSIS of ``eVitals.12`` and
``eVitals.06``; ``VITAL_NAMES`` maps one onto the other so either spelling works on input, and
everything is stored under the element number. A set is refused only when a value is
impossible (see ``plausibility``); what was not measured is written as "Not Recorded", and a
pertinent negative ("Refused", "Unable to Complete") says why a value is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from goldenhour.domain.pcr.elements import ElementSchema
from goldenhour.domain.pcr.groups import build_group, check_entry
from goldenhour.domain.pcr.plausibility import Finding, Severity, check_vitals
from goldenhour.domain.pcr.record import value_entry
from goldenhour.domain.pcr.tree import Entry, Group
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput

VITAL_GROUP = "eVitals.VitalGroup"
VITAL_NAMES: Mapping[str, str] = {
    "taken_at": "eVitals.01",
    "prior_to_care": "eVitals.02",
    "rhythm": "eVitals.03",
    "ecg_type": "eVitals.04",
    "ecg_method": "eVitals.05",
    "systolic": "eVitals.06",
    "diastolic": "eVitals.07",
    "heart_rate": "eVitals.10",
    "spo2": "eVitals.12",
    "respiratory_rate": "eVitals.14",
    "etco2": "eVitals.16",
    "glucose": "eVitals.18",
    "gcs_eye": "eVitals.19",
    "gcs_verbal": "eVitals.20",
    "gcs_motor": "eVitals.21",
    "gcs_total": "eVitals.23",
    "temperature": "eVitals.24",
    "avpu": "eVitals.26",
    "pain": "eVitals.27",
    "stroke_scale": "eVitals.29",
    "stroke_scale_type": "eVitals.30",
}
GCS_PARTS = ("eVitals.19", "eVitals.20", "eVitals.21")
NO = "9923001"  # YesNoValues: No


def element_name(name: str) -> str:
    """``spo2`` -> ``eVitals.12``; an element number passes through."""
    return VITAL_NAMES.get(name, name)


def vital_signs(
    schema: ElementSchema, taken_at: datetime, entries: Iterable[Entry]
) -> tuple[Group, list[Finding]]:
    """The vital-signs group and its plausibility warnings; impossible values are refused."""
    given = [e for e in entries if e.element not in ("eVitals.01",)]
    if not any(e.element == "eVitals.02" for e in given):
        given.append(Entry("eVitals.02", NO))
    given += _gcs_total(given)
    problems: list[FieldProblem] = []
    for entry in given:
        if entry.element not in schema or VITAL_GROUP not in schema.chain(entry.element):
            problems.append(FieldProblem(entry.element, "is not an element of a vital-signs set"))
            continue
        problems += check_entry(schema.spec(entry.element), entry, "")
    if problems:
        raise InvalidInput("; ".join(str(p) for p in problems), problems)
    group = build_group(schema, VITAL_GROUP, [value_entry("eVitals.01", taken_at), *given])
    findings = check_vitals(group, VITAL_GROUP)
    impossible = [f.as_problem() for f in findings if f.severity is Severity.ERROR]
    if impossible:
        raise InvalidInput("; ".join(str(p) for p in impossible), impossible)
    return group, findings


def _gcs_total(given: list[Entry]) -> list[Entry]:
    """The total GCS as eye + verbal + motor when the crew gave the three parts and no total
    (the total is what quality measures and the receiving hospital read)."""
    if any(e.element == "eVitals.23" for e in given):
        return []
    parts = {e.element: e.value for e in given if e.element in GCS_PARTS}
    if len(parts) < len(GCS_PARTS) or not all((v or "").isdigit() for v in parts.values()):
        return []
    return [Entry("eVitals.23", str(sum(int(v or 0) for v in parts.values())))]
