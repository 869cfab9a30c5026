"""Bodies of the patient care record routes.

Elements are named by NEMSIS number (``eSituation.11``); a vital sign may also be named as
crews say it (``spo2``, ``systolic``). A value that is not there is sent with its reason:
``{"element": "eVitals.06", "pn": "Refused"}`` or ``{"element": "eScene.08", "nv": "Not
Applicable"}``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from goldenhour.api.schemas.common import Id, ReadModel, RequestModel


class EntryIn(RequestModel):
    element: str = Field(description="NEMSIS element number, e.g. eSituation.11")
    value: str | int | float | datetime | None = None
    nv: str | None = Field(None, description="NOT value: code or name, e.g. 'Not Recorded'")
    pn: str | None = Field(None, description="pertinent negative: code or name, e.g. 'Refused'")
    attributes: dict[str, str] = {}


class PcrCreate(RequestModel):
    incident_id: Id
    unit_id: Id


class ElementsUpdate(RequestModel):
    entries: list[EntryIn] = Field(min_length=1)
    seen: dict[str, str | None] | None = Field(
        None,
        description="each element's value as the device last read it (null: none); when the "
        "record now holds another (changed meanwhile), the update is refused with 409 naming "
        "each, never applied over it",
    )


class VitalsCreate(RequestModel):
    taken_at: datetime
    readings: list[EntryIn] = []
    late_entry_reason: str | None = Field(
        None,
        min_length=1,
        max_length=1000,
        description="only for a locked record: why this is entered late (it becomes an addendum)",
    )


class InterventionCreate(RequestModel):
    skill: str = Field(description="skill slug, name or code, e.g. 'naloxone-iv'")
    provider_id: Id = Field(description="the crew member who performed it")
    at: datetime
    authorization: str | None = Field(
        None, description="eMedications.11/eProcedures.11 code, e.g. 9918001 on-line order"
    )
    authorizing_physician: str | None = Field(None, max_length=100)
    prior_to_care: bool = False
    details: list[EntryIn] = []
    late_entry_reason: str | None = Field(
        None,
        min_length=1,
        max_length=1000,
        description="only for a locked record: why this is entered late (it becomes an addendum)",
    )


class SignatureCreate(RequestModel):
    signer: str = Field(
        description="patient, representative, refusal (the patient refusing care), receiving "
        "(the receiving facility's staff) or crew"
    )
    at: datetime
    first_name: str | None = Field(None, max_length=50)
    last_name: str | None = Field(None, max_length=60)
    image: str | None = Field(
        None, max_length=300_000, description="the drawing: a data:image/png;base64 URL"
    )
    not_signed: str | None = Field(
        None, description="eOther.15 code when there is no drawing, e.g. 4515023 unconscious"
    )
    late_entry_reason: str | None = Field(None, min_length=1, max_length=1000)


class SignatureRead(ReadModel):
    pcr_id: int
    signature: str


class AddendumCreate(RequestModel):
    reason: str = Field(min_length=1, max_length=1000)
    entries: list[EntryIn] = Field(min_length=1)


class ReviewCreate(RequestModel):
    outcome: str = Field(description="appropriate, education, referred or documentation")
    comment: str = Field(min_length=1, max_length=2000)


class FlagRead(ReadModel):
    id: int
    pcr_id: int
    intervention: str
    skill: str
    provider_id: int
    performed_at: datetime
    decision: str
    reasons: list[dict[str, str]]
    status: str
    outcome: str | None
    comment: str | None
    reviewer_id: int | None
    reviewed_at: datetime | None


class VitalsSetRead(ReadModel):
    taken_at: str | None
    values: dict[str, str] = Field(description="e.g. {'heart_rate': '52', 'spo2': '88'}")


class QueueItemRead(FlagRead):
    provider: str | None
    incident_id: int | None
    unit_id: int | None
    unit: str | None
    record_uuid: str
    documented: dict[str, Any] | None = Field(description="the intervention as documented")
    patient_age: str | None
    patient_sex: str | None
    impression: str | None = Field(description="the primary impression, code and name")
    vitals_around: list[VitalsSetRead] = Field(
        description="vital signs taken within 30 minutes of the intervention"
    )


class HistoryLineRead(ReadModel):
    key: str = Field(description="the provider (id and name) or the skill")
    flags: int
    open: int
    outcomes: dict[str, int]


class AddendumRead(ReadModel):
    id: int
    author_id: int | None
    at: datetime
    reason: str
    change: dict[str, Any]


class MissingRead(ReadModel):
    element: str
    name: str
    usage: str
    where: str
    problem: str


class ChartItemRead(ReadModel):
    key: str = Field(description="the chart field to go to, e.g. situation.impression")
    section: str
    label: str = Field(description="what to document, in crew language")
    elements: list[str] = Field(description="the NEMSIS elements it fills")


class PcrSummary(ReadModel):
    id: int
    uuid: str
    incident_id: int | None
    unit_id: int | None
    status: str
    source: str
    created_at: datetime
    locked_at: datetime | None


class PcrRead(PcrSummary):
    locked_by: int | None
    record: dict[str, Any]
    warnings: list[dict[str, str]]
    flags: list[FlagRead]
    addenda: list[AddendumRead]
    missing_for_lock: list[MissingRead]
    to_chart: list[ChartItemRead] = Field(
        description="what the crew must still document before signing, in crew language"
    )
    not_recorded_at_lock: list[MissingRead] = Field(
        description="Required elements still blank: the lock sends them as 'Not Recorded'"
    )


class VitalsRead(ReadModel):
    pcr_id: int
    vitals: str
    warnings: list[dict[str, str]]


class InterventionRead(ReadModel):
    pcr_id: int
    intervention: str
    skill: str
    decision: str
    reasons: list[dict[str, str]]
    flag: FlagRead | None
