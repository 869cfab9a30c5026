"""Facts a care measure reads from a patient care record, by NEMSIS v3.5.1 element.

Codes match whole: an ICD-10 prefix matches the code or its subdivisions (``I63`` matches
``I63.9``, never ``I630`` of another chapter); NEMSIS coded values compare exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.pcr.tree import Group

# eResponse.05 Type of Service Requested: the 911 responses NEMSQA measures
# (primary response area, intercept, mutual aid).
EMERGENCY_911 = frozenset({"2205001", "2205003", "2205009"})
AGE_UNITS_PER_YEAR = {
    "2516001": 365.25,
    "2516003": 8766.0,
    "2516005": 525960.0,
    "2516007": 12.0,
    "2516009": 1.0,
}
ALERT, UNRESPONSIVE = "3326001", "3326007"  # eVitals.26 AVPU


def values(record: PatientCareRecord, element: str) -> list[str]:
    return [e.value for e in record.entries(element) if e.value is not None]


def numbers(record: PatientCareRecord, element: str) -> list[float]:
    found = []
    for text in values(record, element):
        try:
            found.append(float(text))
        except ValueError:
            continue
    return found


def has(record: PatientCareRecord, element: str) -> bool:
    return bool(values(record, element))


def is_911(record: PatientCareRecord) -> bool:
    return record.value("eResponse.05") in EMERGENCY_911


def age_years(record: PatientCareRecord) -> float | None:
    """ePatient.15 in ePatient.16's units, as years; None when unknown."""
    age, unit = numbers(record, "ePatient.15"), record.value("ePatient.16")
    if not age or unit not in AGE_UNITS_PER_YEAR:
        return None
    return age[0] / AGE_UNITS_PER_YEAR[unit]


def impressions(record: PatientCareRecord) -> list[str]:
    """Primary and secondary impressions (eSituation.11, .12), ICD-10-CM."""
    return values(record, "eSituation.11") + values(record, "eSituation.12")


def icd_match(codes: Iterable[str], prefixes: Iterable[str]) -> bool:
    wanted = tuple(prefixes)
    for code in codes:
        text = code.strip().upper()
        for prefix in wanted:
            if (
                text == prefix
                or text.startswith(prefix + ".")
                or ("." in prefix and text.startswith(prefix))
            ):
                return True
    return False


def any_value(record: PatientCareRecord, element: str, codes: Iterable[str]) -> bool:
    wanted = set(codes)
    return any(v in wanted for v in values(record, element))


def gcs_below(record: PatientCareRecord, limit: float) -> bool:
    return any(total < limit for total in numbers(record, "eVitals.23"))


def avpu_in(record: PatientCareRecord, codes: Iterable[str]) -> bool:
    return any_value(record, "eVitals.26", codes)


def altered_mental_status(record: PatientCareRecord) -> bool:
    """GCS total under 15 or AVPU other than Alert, on any set of vitals."""
    avpu = values(record, "eVitals.26")
    return gcs_below(record, 15) or any(v != ALERT for v in avpu)


def when(groups: Iterable[Group]) -> list[datetime]:
    """The times of ``groups`` (eVitals.01, eMedications.01, eProcedures.01: each group's
    first element is its time)."""
    found = []
    for g in groups:
        text = g.value(f"{g.name.split('.')[0]}.01")
        if text:
            try:
                found.append(datetime.fromisoformat(text))
            except ValueError:
                continue
    return found
