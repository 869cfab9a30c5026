"""Plausibility: values that cannot be true are refused, values that are unlikely are flagged.

Two tiers, because clinical data is never dropped (ARCHITECTURE.md): an *error* is a value no
patient can have or NEMSIS cannot carry (SpO2 of 140 %, a heart rate above the NEMSIS maximum
of 500, a Glasgow eye score of 7, arriving on scene before going en route) and is refused with
the element named; a *warning* is a value outside what is physiologically expected (systolic
pressure 420 mmHg, temperature 20 °C, diastolic above systolic) or values of one set that
contradict each other (a pulse with asystole on the monitor, "Alert" with a GCS of 6, a stroke
scale result without the scale used) and is saved with the record and shown to the crew and
reviewers, because it may be a real extreme, a device artefact or a slip of the finger.

Ranges: the NEMSIS v3.5.1 XSD bounds (commonTypes_v3.xsd: SBP 0-500, HeartRate 0-500,
PulseOximetry 0-100, RespiratoryRate 0-300, GCS scales) are the hard limits; the warning
ranges are conservative adult/paediatric extremes chosen by us, not a published standard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.pcr.tree import Group
from goldenhour.domain.shared.errors import FieldProblem


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    element: str
    where: str
    problem: str
    severity: Severity

    def as_problem(self) -> FieldProblem:
        return FieldProblem(
            f"{self.where}/{self.element}" if self.where else self.element, self.problem
        )


@dataclass(frozen=True)
class Bounds:
    label: str
    unit: str
    hard: tuple[float, float]
    expected: tuple[float, float] | None = None


VITAL_BOUNDS: dict[str, Bounds] = {
    "eVitals.06": Bounds("systolic blood pressure", "mmHg", (0, 500), (40, 300)),
    "eVitals.07": Bounds("diastolic blood pressure", "mmHg", (0, 500), (10, 200)),
    "eVitals.10": Bounds("heart rate", "/min", (0, 500), (0, 300)),
    "eVitals.12": Bounds("pulse oximetry (SpO2)", "%", (0, 100), (50, 100)),
    "eVitals.14": Bounds("respiratory rate", "/min", (0, 300), (0, 80)),
    "eVitals.16": Bounds("end-tidal CO2", "mmHg", (0, 1000), (0, 150)),
    "eVitals.18": Bounds("blood glucose", "mg/dL", (0, 2000), (10, 1200)),
    "eVitals.19": Bounds("GCS eye", "", (1, 4)),
    "eVitals.20": Bounds("GCS verbal", "", (1, 5)),
    "eVitals.21": Bounds("GCS motor", "", (1, 6)),
    "eVitals.23": Bounds("total GCS", "", (3, 15)),
    "eVitals.24": Bounds("temperature", "°C", (-10, 60), (25, 45)),
    "eVitals.27": Bounds("pain scale score", "", (0, 10)),
    "eVitals.32": Bounds("APGAR", "", (0, 10)),
}

# eTimes in the order a response happens (eTimes.08, .10 and .14-.17 have no fixed place).
TIME_ORDER: tuple[tuple[str, str], ...] = (
    ("eTimes.01", "PSAP call"),
    ("eTimes.02", "dispatch notified"),
    ("eTimes.03", "unit notified by dispatch"),
    ("eTimes.04", "dispatch acknowledged"),
    ("eTimes.05", "unit en route"),
    ("eTimes.06", "unit arrived on scene"),
    ("eTimes.07", "arrived at patient"),
    ("eTimes.09", "unit left scene"),
    ("eTimes.11", "patient arrived at destination"),
    ("eTimes.12", "destination transfer of care"),
    ("eTimes.13", "unit back in service"),
)


def check_record(record: PatientCareRecord) -> list[Finding]:
    """Every plausibility finding of the record: vital-signs sets, then the times."""
    findings: list[Finding] = []
    for index, group in enumerate(record.groups("eVitals.VitalGroup"), start=1):
        findings += check_vitals(group, f"eVitals.VitalGroup[{index}]")
    findings += check_times(record)
    return findings


def check_vitals(group: Group, where: str) -> list[Finding]:
    findings: list[Finding] = []
    numbers: dict[str, float] = {}
    for element, bounds in VITAL_BOUNDS.items():
        text = group.value(element)
        if text is None:
            continue
        try:
            number = float(text)
        except ValueError:
            continue  # "P" (palpated), "High", "Low": allowed non-numeric values
        numbers[element] = number
        findings += _bounded(element, where, number, bounds)
    findings += _relations(numbers, where)
    findings += _contradictions(group, numbers, where)
    return findings


def _bounded(element: str, where: str, number: float, bounds: Bounds) -> list[Finding]:
    shown = f"{number:g}{(' ' + bounds.unit) if bounds.unit else ''}"
    low, high = bounds.hard
    if not low <= number <= high:
        problem = f"{bounds.label} of {shown} is impossible (must be {low:g}-{high:g})"
        return [Finding(element, where, problem, Severity.ERROR)]
    if bounds.expected and not bounds.expected[0] <= number <= bounds.expected[1]:
        low, high = bounds.expected
        problem = f"{bounds.label} of {shown} is implausible (expected {low:g}-{high:g}); check it"
        return [Finding(element, where, problem, Severity.WARNING)]
    return []


def _relations(numbers: dict[str, float], where: str) -> list[Finding]:
    findings = []
    sbp, dbp = numbers.get("eVitals.06"), numbers.get("eVitals.07")
    if sbp is not None and dbp is not None and dbp > sbp:
        problem = f"diastolic pressure {dbp:g} is above systolic {sbp:g}; check them"
        findings.append(Finding("eVitals.07", where, problem, Severity.WARNING))
    parts = [numbers.get(e) for e in ("eVitals.19", "eVitals.20", "eVitals.21")]
    total = numbers.get("eVitals.23")
    if total is not None and all(p is not None for p in parts):
        added = sum(p for p in parts if p is not None)
        if added != total:
            problem = f"total GCS {total:g} is not eye + verbal + motor = {added:g}"
            findings.append(Finding("eVitals.23", where, problem, Severity.WARNING))
    return findings


ASYSTOLE = "9901003"  # eVitals.03
ALERT, UNRESPONSIVE = "3326001", "3326007"  # eVitals.26
AVPU_GCS: dict[str, tuple[float, float]] = {ALERT: (13, 15), UNRESPONSIVE: (3, 8)}
"""Totals GCS an AVPU level rarely comes with (AVPU "P" and "U" sit at GCS <= 8: Kelly CA et
al., Emerg Med J 2004;21:441-3); outside them one of the two is likely a slip."""


def _contradictions(group: Group, numbers: dict[str, float], where: str) -> list[Finding]:
    findings = []
    rate = numbers.get("eVitals.10")
    if rate and ASYSTOLE in {e.value for e in group.all_entries("eVitals.03")}:
        problem = f"heart rate {rate:g} with asystole as the cardiac rhythm; check them"
        findings.append(Finding("eVitals.10", where, problem, Severity.WARNING))
    avpu, total = group.value("eVitals.26"), numbers.get("eVitals.23")
    if avpu in AVPU_GCS and total is not None:
        low, high = AVPU_GCS[avpu]
        if not low <= total <= high:
            level = "Alert" if avpu == ALERT else "Unresponsive"
            problem = f"AVPU {level} with a total GCS of {total:g}; check them"
            findings.append(Finding("eVitals.26", where, problem, Severity.WARNING))
    result, scale = group.value("eVitals.29"), group.value("eVitals.30")
    if (result is None) != (scale is None):
        problem = "a stroke scale needs both its type and its result"
        findings.append(Finding("eVitals.29", where, problem, Severity.WARNING))
    return findings


def check_times(record: PatientCareRecord) -> list[Finding]:
    """Each response time must not be earlier than any time before it in ``TIME_ORDER``."""
    seen: list[tuple[str, str, datetime]] = []
    findings: list[Finding] = []
    for element, label in TIME_ORDER:
        text = record.value(element)
        if text is None:
            continue
        try:
            at = datetime.fromisoformat(text)
        except ValueError:
            problem = f"{text!r} is not a date/time with a UTC offset"
            findings.append(Finding(element, "eTimes", problem, Severity.ERROR))
            continue
        later = [(e, lab, t) for e, lab, t in seen if _after(t, at)]
        if later:
            e, lab, t = later[-1]
            problem = f"{label} ({text}) is before {lab} ({e}, {t.isoformat()}): times out of order"
            findings.append(Finding(element, "eTimes", problem, Severity.ERROR))
        seen.append((element, label, at))
    return findings


def _after(a: datetime, b: datetime) -> bool:
    if a.tzinfo is None or b.tzinfo is None:
        return False  # the XSD requires offsets; a naive time is reported by the XSD
    return a > b


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]
