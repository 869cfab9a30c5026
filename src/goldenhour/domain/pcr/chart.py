"""The chart as a crew sees it: sections and fields in their words, and what a lock still needs.

NEMSIS asks for more than a hundred National elements; a crew documents perhaps twenty of them
by hand. ``CHECKLIST`` is what the crew must document before signing, in crew language, each
item naming the chart section and field the screen jumps to and the NEMSIS elements it fills.
What follows from the crew's own answers is filled for them (:func:`derived_entries`: no
cardiac arrest makes the arrest details "Not Applicable"; no transport makes the destination
"Not Applicable"). A Required element still blank after that is sent as "Not Recorded", which
NEMSIS allows for Required (never Mandatory) elements, and the crew is shown that list before
they sign (:func:`left_not_recorded`), so nothing is filled in silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from goldenhour.domain.pcr.completion import Missing, missing_for_lock
from goldenhour.domain.pcr.elements import ElementSchema
from goldenhour.domain.pcr.not_values import NotValue
from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.pcr.tree import Entry, Group

NO_ARREST = "3001001"
NO_INJURY, INJURY = "9922001", "9922005"
NOT_MCI = "9923001"
TRANSPORTED = ("4230001", "4230003")  # by this unit (eDisposition.30)
PATIENT_TYPES = ("4512015", "4512017")  # eOther.12 patient, patient representative
RECEIVING = "4513007"  # eOther.13 transfer of patient care
REFUSAL_STATUS_PREFIX = "45150"  # eOther.15 "Not Signed - ..." codes
ARREST_DETAILS = tuple(
    f"eArrest.{n:02d}" for n in (2, 3, 4, 7, 9, 11, 12, 14, 16, 17, 18, 20, 21, 22)
)
INJURY_DETAILS = ("eInjury.01", "eInjury.03", "eInjury.04")
DESTINATION = ("eDisposition.05", "eDisposition.06", "eDisposition.07", "eDisposition.16",
               "eDisposition.17", "eDisposition.18", "eDisposition.19", "eDisposition.20",
               "eDisposition.21", "eDisposition.22", "eDisposition.23", "eDisposition.24",
               "eDisposition.25")  # fmt: skip


@dataclass(frozen=True)
class ChartItem:
    key: str  # the field the screen jumps to: "section.field"
    label: str  # in crew language
    elements: tuple[str, ...]
    done: Callable[[PatientCareRecord], bool]
    applies: Callable[[PatientCareRecord], bool] = lambda _record: True

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]


def _has(*elements: str) -> Callable[[PatientCareRecord], bool]:
    return lambda record: all(any(e.documented for e in record.entries(x)) for x in elements)


def _transported(record: PatientCareRecord) -> bool:
    return record.value("eDisposition.30") in TRANSPORTED


def _signatures(record: PatientCareRecord) -> tuple[Group, ...]:
    return record.groups("eOther.SignatureGroup")


def _patient_signed_or_refused(record: PatientCareRecord) -> bool:
    return any(
        g.value("eOther.12") in PATIENT_TYPES
        or (g.value("eOther.15") or "").startswith(REFUSAL_STATUS_PREFIX)
        for g in _signatures(record)
    )


def _receiving_signed(record: PatientCareRecord) -> bool:
    return any(
        any(e.value == RECEIVING for e in g.entries("eOther.13")) for g in _signatures(record)
    )


CHECKLIST: tuple[ChartItem, ...] = (
    ChartItem("patient.age", "Patient's age (or date of birth)", ("ePatient.15", "ePatient.16"),
              _has("ePatient.15", "ePatient.16")),
    ChartItem("patient.sex", "Patient's sex", ("ePatient.25",), _has("ePatient.25")),
    ChartItem("history.allergies", "Medication allergies, or none known", ("eHistory.06",),
              _has("eHistory.06")),
    ChartItem("situation.complaint", "Chief complaint", ("eSituation.04",), _has("eSituation.04")),
    ChartItem("situation.symptom", "Primary symptom", ("eSituation.09",), _has("eSituation.09")),
    ChartItem("situation.impression", "Primary impression", ("eSituation.11",),
              _has("eSituation.11")),
    ChartItem("situation.injury", "Possible injury: yes, no or unknown", ("eSituation.02",),
              _has("eSituation.02")),
    ChartItem("situation.cause", "Cause of injury", ("eInjury.01",), _has("eInjury.01"),
              lambda r: r.value("eSituation.02") == INJURY),
    ChartItem("situation.acuity", "Patient acuity", ("eSituation.13",), _has("eSituation.13")),
    ChartItem("situation.arrest", "Cardiac arrest: yes or no", ("eArrest.01",),
              _has("eArrest.01")),
    ChartItem("vitals.first", "At least one set of vital signs", ("eVitals.VitalGroup",),
              lambda r: bool(r.groups("eVitals.VitalGroup"))),
    ChartItem("narrative.text", "Narrative", ("eNarrative.01",), _has("eNarrative.01")),
    ChartItem("disposition.unit", "How the call ended (unit disposition)", ("eDisposition.27",),
              _has("eDisposition.27")),
    ChartItem("disposition.care", "Patient evaluation and care", ("eDisposition.28",),
              _has("eDisposition.28")),
    ChartItem("disposition.crew", "Crew disposition", ("eDisposition.29",),
              _has("eDisposition.29")),
    ChartItem("disposition.transport", "Transport disposition", ("eDisposition.30",),
              _has("eDisposition.30")),
    ChartItem("disposition.destination", "Destination type and why it was chosen",
              ("eDisposition.21", "eDisposition.20"), _has("eDisposition.21", "eDisposition.20"),
              _transported),
    ChartItem("disposition.transfer", "Time of transfer of care", ("eTimes.12",),
              _has("eTimes.12"), _transported),
    ChartItem("signatures.patient", "Patient's signature, or why the patient did not sign",
              ("eOther.SignatureGroup",), _patient_signed_or_refused),
    ChartItem("signatures.receiving", "Receiving staff's signature at transfer of care",
              ("eOther.SignatureGroup",), _receiving_signed, _transported),
)  # fmt: skip


def still_to_chart(record: PatientCareRecord) -> list[ChartItem]:
    """What the crew must still document before signing, in chart order."""
    return [item for item in CHECKLIST if item.applies(record) and not item.done(record)]


def derived_entries(record: PatientCareRecord) -> list[Entry]:
    """Elements that follow from the crew's answers, where the record leaves them blank."""
    not_applicable: list[str] = []
    if record.value("eArrest.01") == NO_ARREST:
        not_applicable += ARREST_DETAILS
    if record.value("eSituation.02") == NO_INJURY:
        not_applicable += INJURY_DETAILS
    if record.value("eDisposition.30") is not None and not _transported(record):
        not_applicable += DESTINATION
    if record.value("eScene.07") == NOT_MCI:
        not_applicable.append("eScene.08")
    if record.value("eResponse.05") in ("2205001", "2205003"):  # 911 response, not a transfer
        not_applicable.append("eSituation.20")
    return [
        Entry(element, None, NotValue.NOT_APPLICABLE)
        for element in not_applicable
        if not record.entries(element)
    ]


def left_not_recorded(record: PatientCareRecord, schema: ElementSchema) -> list[Missing]:
    """Required National elements still blank that will be sent as "Not Recorded" at the lock
    (those in one of several instances of a group, such as the second medication, are not:
    the crew documents them on that entry)."""
    return [
        m
        for m in missing_for_lock(record, schema)
        if m.usage == "Required"
        and m.problem == "missing"
        and "[" not in m.where
        and NotValue.NOT_RECORDED in schema.spec(m.element).not_values
    ]


def not_recorded_entries(missing: list[Missing]) -> list[Entry]:
    return [Entry(m.element, None, NotValue.NOT_RECORDED) for m in missing]
