"""Medications given and procedures performed, each naming the crew member who did it.

Every intervention records its performer the NEMSIS way (crew member ID in eMedications.09 /
eProcedures.09, their role/type in .10) and, when there was one, the medical control that
authorised it (eMedications.11 / eProcedures.11: on-line order, on-scene physician, written
order; the physician in .12). That is what the scope check at the point of care reads: a
skill that needs medical control is in scope only when the record documents it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from goldenhour.domain.pcr.elements import ElementSchema
from goldenhour.domain.pcr.groups import build_group, check_entry
from goldenhour.domain.pcr.record import value_entry
from goldenhour.domain.pcr.tree import Entry, Group
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput

YES, NO = "9923003", "9923001"
# eMedications.11 / eProcedures.11 (TxAuthorization) codes that are medical control, as
# opposed to 9918005 Protocol (Standing Order).
MEDICAL_CONTROL = {
    "9918001": "On-Line (Remote Verbal Order)",
    "9918003": "On-Scene",
    "9918007": "Written Orders (Patient Specific)",
}
# eCrew.02 / dPersonnel.24 crew member level -> eMedications.10 / eProcedures.10 caregiver type.
CAREGIVER_BY_LEVEL = {
    "9925001": "9905001", "9925002": "9905002", "9925003": "9905003", "9925005": "9905005",
    "9925007": "9905007", "9925023": "9905019", "9925025": "9905021", "9925027": "9905025",
    "9925029": "9905027", "9925031": "9905029", "9925033": "9905031", "9925035": "9905033",
    "9925037": "9905035", "9925039": "9905037", "9925041": "9905039", "9925043": "9905041",
}  # fmt: skip
# eMedications.04 route codes for the catalog's route abbreviations.
ROUTE_CODES = {
    "PO": "9927035", "ODT": "9927035", "SL": "9927047", "IN": "9927017", "IM": "9927015",
    "IV": "9927023", "IO": "9927021", "INH": "9927071",
}  # fmt: skip


class Kind(StrEnum):
    MEDICATION = "medication"
    PROCEDURE = "procedure"

    @property
    def group(self) -> str:
        return (
            "eMedications.MedicationGroup"
            if self is Kind.MEDICATION
            else ("eProcedures.ProcedureGroup")
        )

    @property
    def prefix(self) -> str:
        return "eMedications" if self is Kind.MEDICATION else "eProcedures"

    def element(self, number: int) -> str:
        return f"{self.prefix}.{number:02d}"


@dataclass(frozen=True)
class Performer:
    crew_id: str  # the agency's ID for the crew member (eCrew.01)
    level_code: str  # eCrew.02 level, e.g. 9925007 Paramedic


@dataclass(frozen=True)
class Intervention:
    kind: Kind
    at: datetime
    code: str  # RxNorm (medication) or SNOMED CT (procedure)
    performer: Performer
    authorization: str | None = None  # TxAuthorization code, eMedications/eProcedures.11
    authorizing_physician: str | None = None
    prior_to_care: bool = False
    code_type: str | None = None  # CodeType attribute of eMedications.03: 9924003 RxNorm...
    details: tuple[Entry, ...] = field(default=())  # dose, route, response, attempts...


def intervention_group(schema: ElementSchema, item: Intervention) -> Group:
    """The NEMSIS group for one intervention; a wrong code or NOT value is refused."""
    kind = item.kind
    base = [
        value_entry(kind.element(1), item.at),
        Entry(kind.element(2), YES if item.prior_to_care else NO),
        _code_entry(kind.element(3), item.code, item.code_type),
        value_entry(kind.element(9), item.performer.crew_id),
        Entry(kind.element(10), CAREGIVER_BY_LEVEL.get(item.performer.level_code, "9905019")),
    ]
    if item.authorization:
        base.append(value_entry(kind.element(11), item.authorization))
    if item.authorizing_physician:
        base.append(value_entry(kind.element(12), item.authorizing_physician))
    fixed = {e.element for e in base}
    problems: list[FieldProblem] = []
    for entry in item.details:
        if entry.element in fixed:
            problems.append(FieldProblem(entry.element, "is set from the request's own fields"))
        elif entry.element not in schema or kind.group not in schema.chain(entry.element):
            problems.append(FieldProblem(entry.element, f"is not an element of {kind.group}"))
        else:
            problems += check_entry(schema.spec(entry.element), entry, "")
    for entry in base:
        problems += check_entry(schema.spec(entry.element), entry, "")
    if problems:
        raise InvalidInput("; ".join(str(p) for p in problems), problems)
    return build_group(schema, kind.group, [*base, *item.details])


def _code_entry(element: str, code: str, code_type: str | None) -> Entry:
    entry = value_entry(element, code)
    if code_type is None:
        return entry
    return Entry(element, entry.value, attributes=(("CodeType", code_type),))


def medical_control_documented(group: Group) -> bool:
    """Does the intervention name medical control (on-line, on-scene or written order)?"""
    prefix = "eMedications" if group.name.startswith("eMedications") else "eProcedures"
    return group.value(f"{prefix}.11") in MEDICAL_CONTROL
