"""What a receiving hospital is told before the ambulance arrives, read from the record.

Age (ePatient.15/.16), sex (ePatient.25), primary impression (eSituation.11) and the latest set
of vital signs: enough to prepare a bay, and no name or address (the notice travels on the
agency's event stream).
"""

from __future__ import annotations

from dataclasses import dataclass

from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.pcr.tree import Entry
from goldenhour.domain.pcr.vitals import VITAL_GROUP, VITAL_NAMES

AGE_UNITS = {
    "2516001": "days",
    "2516003": "hours",
    "2516005": "minutes",
    "2516007": "months",
    "2516009": "years",
}
SEXES = {"9919001": "female", "9919003": "male", "9919005": "unknown"}
_VITAL_LABELS = {element: name for name, element in VITAL_NAMES.items()}


@dataclass(frozen=True)
class HandoverSummary:
    age: str | None
    sex: str | None
    impression: str | None
    latest_vitals: dict[str, object] | None


def handover_summary(record: PatientCareRecord) -> HandoverSummary:
    age = record.value("ePatient.15")
    unit = AGE_UNITS.get(record.value("ePatient.16") or "", "")
    sex = record.value("ePatient.25")
    vitals = record.groups(VITAL_GROUP)
    latest: dict[str, object] = {}
    if vitals:
        for _, node in vitals[-1].walk():
            if isinstance(node, Entry) and node.element in _VITAL_LABELS and node.value is not None:
                latest[_VITAL_LABELS[node.element]] = node.value
    return HandoverSummary(
        age=f"{age} {unit}".strip() if age else None,
        sex=SEXES.get(sex, sex) if sex else None,
        impression=record.value("eSituation.11"),
        latest_vitals=latest or None,
    )
