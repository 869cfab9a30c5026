"""Care measures after the National EMS Quality Alliance (NEMSQA), computed on our records.

Each measure is a rule over NEMSIS v3.5.1 elements: who is in the denominator, who is
excluded, who meets the numerator, reported overall and for adults (18 and over) and
children, each rate with its Wilson 95 % interval. The definitions follow the published
NEMSQA measure specifications (https://www.nemsqa.org, "NEMSQA Measures", 2023 edition) as we
read them; NEMSQA's text is not reproduced, and the code lists are the NEMSIS ones.

Written to avoid the known defects of the public R implementation (each has a test):
the 911 filter applies to every branch of Hypoglycemia-01's denominator; Stroke-01 excludes
a patient who is unresponsive by GCS *or* AVPU, i.e. keeps ``not (GCS or AVPU)``; TTR-01 reads
AVPU as the alternative to GCS; field-triage criteria are the 2903xxx/2904xxx codes; Safety-04
counts the v3.5 restraint codes 4214021-4214027.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.quality import record_facts as f

Rule = Callable[[PatientCareRecord], bool]
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    denominator: Rule
    numerator: Rule
    exclusion: Rule = lambda _r: False  # noqa: E731 - the common "no exclusion"
    higher_is_better: bool = True


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval (Wilson 1927) for ``successes`` of ``n``."""
    if n == 0:
        return None
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


# Medications (eMedications.03, RxNorm) and procedures (eProcedures.03, SNOMED CT).
GLUCOSE = {"4850", "237653", "260258", "1795477", "4832"}  # glucose, D50, D25, D10, glucagon
BENZODIAZEPINES = {"6960", "6470", "3322"}  # midazolam, lorazepam, diazepam
ANALGESICS = {"4337", "7052", "6130", "3423", "35827", "161", "5640"}
TWELVE_LEAD = {"3304007", "3304009", "3304011", "3304013"}  # eVitals.04
ECG_12_LEAD_PROCEDURE = "268400002"
AIRWAYS = {"112798008", "232674004", "232678001", "424979004", "427753009"}
TRAUMA_CENTRES = {"9908021", "9908023", "9908025", "9908027", "9908029"}  # eDisposition.23
TRANSPORTED = {"4230001", "4230003"}  # eDisposition.30, by this unit
NOT_TRANSPORTED = {"4230009", "4230013"}
# eDisposition.14: the 3.4 car seat and the 3.5 pediatric restraint codes.
CHILD_RESTRAINTS = {"4214001", "4214021", "4214023", "4214025", "4214027"}


def _hypoglycemia(r: PatientCareRecord) -> bool:
    diagnosed = f.icd_match(
        f.impressions(r), ("E16.0", "E16.1", "E16.2", "E10.64", "E11.64", "E13.64")
    )
    low_and_altered = f.altered_mental_status(r) and any(g < 60 for g in f.numbers(r, "eVitals.18"))
    return f.is_911(r) and (diagnosed or low_and_altered)


def _injured(r: PatientCareRecord) -> bool:
    return f.has(r, "eInjury.01") or f.icd_match(
        f.impressions(r), [f"S{i:02d}" for i in range(100)]
    )


def _can_report_pain(r: PatientCareRecord) -> bool:
    return not (f.gcs_below(r, 15) or f.avpu_in(r, {"3326003", "3326005", f.UNRESPONSIVE}))


def _pain_after_analgesia(r: PatientCareRecord) -> bool:
    """A pain score recorded after the first analgesic was given."""
    given = f.when(
        g
        for g in r.groups("eMedications.MedicationGroup")
        if g.value("eMedications.03") in ANALGESICS
    )
    scored = f.when(g for g in r.groups("eVitals.VitalGroup") if g.value("eVitals.27") is not None)
    return bool(given) and any(t > min(given) for t in scored)


def _triage_criteria(r: PatientCareRecord) -> bool:
    codes = f.values(r, "eInjury.03") + f.values(r, "eInjury.04")
    return any(c.startswith(("2903", "2904")) for c in codes)


def _first_pass_without_harm(r: PatientCareRecord) -> bool:
    airway = [
        g for g in r.groups("eProcedures.ProcedureGroup") if g.value("eProcedures.03") in AIRWAYS
    ]
    if not airway:
        return False
    first = airway[0]
    attempts = first.value("eProcedures.05")
    success = first.value("eProcedures.06") == "9923003"
    hypoxic = any(s < 90 for s in f.numbers(r, "eVitals.12"))
    hypotensive = any(s < 90 for s in f.numbers(r, "eVitals.06"))
    return success and attempts == "1" and not hypoxic and not hypotensive


def _pediatric(r: PatientCareRecord) -> bool:
    age = f.age_years(r)
    return age is not None and age < 18


MEASURES: tuple[Measure, ...] = (
    Measure(
        "Hypoglycemia-01",
        "Treatment given for hypoglycemia with altered mental status",
        _hypoglycemia,
        lambda r: f.any_value(r, "eMedications.03", GLUCOSE),
    ),
    Measure(
        "Respiratory-01",
        "Respiratory rate and pulse oximetry for respiratory distress",
        lambda r: (
            f.is_911(r)
            and f.icd_match(f.impressions(r), ("J80", "J81", "J96", "J45", "J44", "R06"))
        ),
        lambda r: f.has(r, "eVitals.14") and f.has(r, "eVitals.12"),
    ),
    Measure(
        "Seizure-02",
        "Benzodiazepine for status epilepticus",
        lambda r: f.is_911(r) and f.icd_match(f.impressions(r), ("G40.901", "G40.911", "G41")),
        lambda r: f.any_value(r, "eMedications.03", BENZODIAZEPINES),
    ),
    Measure(
        "Stroke-01",
        "Stroke assessment for suspected stroke",
        lambda r: (
            f.is_911(r)
            and f.icd_match(f.impressions(r), ("I60", "I61", "I62", "I63", "G45", "G46"))
        ),
        lambda r: f.has(r, "eVitals.29") or f.has(r, "eVitals.30"),
        exclusion=lambda r: f.gcs_below(r, 9) or f.avpu_in(r, {f.UNRESPONSIVE}),
    ),
    Measure(
        "Syncope-01",
        "12-lead ECG for syncope",
        lambda r: f.is_911(r) and f.icd_match(f.impressions(r), ("R55",)),
        lambda r: (
            f.any_value(r, "eVitals.04", TWELVE_LEAD)
            or f.any_value(r, "eProcedures.03", {ECG_12_LEAD_PROCEDURE})
        ),
    ),
    Measure(
        "Trauma-01",
        "Pain assessed for injured patients able to report it",
        lambda r: f.is_911(r) and _injured(r),
        lambda r: f.has(r, "eVitals.27"),
        exclusion=lambda r: not _can_report_pain(r),
    ),
    Measure(
        "Trauma-03",
        "Pain re-assessed after analgesia for injured patients",
        lambda r: f.is_911(r) and _injured(r) and f.any_value(r, "eMedications.03", ANALGESICS),
        _pain_after_analgesia,
    ),
    Measure(
        "Trauma-04",
        "Patients meeting field-triage criteria taken to a trauma centre",
        lambda r: (
            f.is_911(r) and _triage_criteria(r) and f.any_value(r, "eDisposition.30", TRANSPORTED)
        ),
        lambda r: f.any_value(r, "eDisposition.23", TRAUMA_CENTRES),
    ),
    Measure(
        "TTR-01",
        "Vital signs documented for patients not transported",
        lambda r: f.is_911(r) and f.any_value(r, "eDisposition.30", NOT_TRANSPORTED),
        lambda r: (
            all(
                f.has(r, e)
                for e in (
                    "eVitals.06",
                    "eVitals.10",
                    "eVitals.14",
                    "eVitals.12",
                    "eVitals.18",
                    "eVitals.27",
                )
            )
            and (f.has(r, "eVitals.23") or f.has(r, "eVitals.26"))
        ),
    ),
    Measure(
        "Safety-01",
        "911 responses without lights and sirens to the scene",
        f.is_911,
        lambda r: f.any_value(r, "eResponse.23", {"2223003", "2223005"}),
    ),
    Measure(
        "Safety-02",
        "Transports without lights and sirens",
        lambda r: f.is_911(r) and f.any_value(r, "eDisposition.30", TRANSPORTED),
        lambda r: f.any_value(r, "eDisposition.17", {"4217003", "4217005"}),
    ),
    Measure(
        "Safety-04",
        "Children transported in a child restraint",
        lambda r: f.is_911(r) and _pediatric(r) and f.any_value(r, "eDisposition.30", TRANSPORTED),
        lambda r: f.any_value(r, "eDisposition.14", CHILD_RESTRAINTS),
    ),
    Measure(
        "Pediatrics-03b",
        "Weight documented for children given medication",
        lambda r: f.is_911(r) and _pediatric(r) and f.has(r, "eMedications.03"),
        lambda r: f.has(r, "eExam.01") or f.has(r, "eExam.02"),
    ),
    Measure(
        "Airway-01",
        "Advanced airway placed on the first attempt without hypoxia or hypotension",
        lambda r: f.is_911(r) and f.any_value(r, "eProcedures.03", AIRWAYS),
        _first_pass_without_harm,
    ),
)
BY_ID = {m.id: m for m in MEASURES}


def classify(measure: Measure, record: PatientCareRecord) -> str:
    """``out`` (not in the denominator), ``excluded``, ``met`` or ``not met``."""
    if not measure.denominator(record):
        return "out"
    if measure.exclusion(record):
        return "excluded"
    return "met" if measure.numerator(record) else "not met"


def care_report(records: Iterable[PatientCareRecord]) -> dict[str, Any]:
    """Every measure's counts and rates, overall, for adults and for children."""
    chosen = list(records)
    ages = [f.age_years(r) for r in chosen]
    out: dict[str, Any] = {"records": len(chosen), "measures": {}}
    for measure in MEASURES:
        tallies: dict[str, dict[str, int]] = {
            split: {"denominator": 0, "excluded": 0, "numerator": 0}
            for split in ("all", "adult", "pediatric")
        }
        for record, age in zip(chosen, ages, strict=True):
            outcome = classify(measure, record)
            if outcome == "out":
                continue
            splits = ["all"] + ([] if age is None else ["adult" if age >= 18 else "pediatric"])
            for split in splits:
                tallies[split]["denominator"] += 1
                tallies[split]["excluded"] += outcome == "excluded"
                tallies[split]["numerator"] += outcome == "met"
        out["measures"][measure.id] = {
            "title": measure.title,
            **{split: _rates(t) for split, t in tallies.items()},
        }
    return out


def _rates(tally: dict[str, int]) -> dict[str, Any]:
    n = tally["denominator"] - tally["excluded"]
    interval = wilson(tally["numerator"], n)
    return {
        **tally,
        "rate": tally["numerator"] / n if n else None,
        "ci95": list(interval) if interval else None,
    }
