"""NOT values and pertinent negatives: what NEMSIS records when there is no plain value.

A blank field is ambiguous: was the blood pressure not taken, not applicable to this patient, or
never sent by the software? NEMSIS v3.5.1 makes the reason part of the data. A *NOT value*
(``NV`` attribute, the element itself nil) says why an element has no value; a *pertinent
negative* (``PN`` attribute) qualifies a value or stands in for one ("Refused",
"Exam Finding Not Present", "Unable to Complete"). Which ones an element accepts is in the data
dictionary (``NVList``, ``PNList``), carried by ``ElementSpec``.

Codes and names are from the NEMSIS v3.5.1 XSD (``commonTypes_v3.xsd``: NV, PN).
"""

from __future__ import annotations

from enum import StrEnum

from goldenhour.domain.shared.errors import InvalidInput


class NotValue(StrEnum):
    NOT_APPLICABLE = "7701001"
    NOT_RECORDED = "7701003"
    NOT_REPORTING = "7701005"

    @property
    def label(self) -> str:
        return _NV_LABELS[self]


_NV_LABELS = {
    NotValue.NOT_APPLICABLE: "Not Applicable",
    NotValue.NOT_RECORDED: "Not Recorded",
    NotValue.NOT_REPORTING: "Not Reporting",
}


class PertinentNegative(StrEnum):
    CONTRAINDICATION_NOTED = "8801001"
    DENIED_BY_ORDER = "8801003"
    EXAM_FINDING_NOT_PRESENT = "8801005"
    MEDICATION_ALLERGY = "8801007"
    MEDICATION_ALREADY_TAKEN = "8801009"
    NO_KNOWN_DRUG_ALLERGY = "8801013"
    NONE_REPORTED = "8801015"
    NOT_PERFORMED_BY_EMS = "8801017"
    REFUSED = "8801019"
    UNRESPONSIVE = "8801021"
    UNABLE_TO_COMPLETE = "8801023"
    NOT_IMMUNIZED = "8801025"
    ORDER_CRITERIA_NOT_MET = "8801027"
    APPROXIMATE = "8801029"
    SYMPTOM_NOT_PRESENT = "8801031"

    @property
    def label(self) -> str:
        """The dictionary's name: ``DENIED_BY_ORDER`` -> ``Denied By Order``."""
        return self.name.replace("_", " ").title()


def _lookup(enum: type[NotValue] | type[PertinentNegative], text: str) -> object:
    key = text.strip().lower().replace(" ", "_")
    return next((v for v in enum if key in (v.value, v.name.lower())), None)


def parse_not_value(text: str, field: str) -> NotValue:
    """A NOT value by code (``7701003``) or name (``Not Recorded``, ``not_recorded``)."""
    value = _lookup(NotValue, text)
    if isinstance(value, NotValue):
        return value
    known = ", ".join(f"{v.value} {v.label}" for v in NotValue)
    raise InvalidInput.for_field(field, f"{text!r} is not a NEMSIS NOT value ({known})")


def parse_pertinent_negative(text: str, field: str) -> PertinentNegative:
    """A pertinent negative by code (``8801019``) or name (``Refused``)."""
    value = _lookup(PertinentNegative, text)
    if isinstance(value, PertinentNegative):
        return value
    raise InvalidInput.for_field(field, f"{text!r} is not a NEMSIS pertinent negative (8801xxx)")
