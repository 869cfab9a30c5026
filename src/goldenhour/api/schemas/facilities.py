"""Bodies for facilities, their status, destination advice and the crew's choice."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from goldenhour.api.schemas.common import Id, ReadModel, RequestModel
from goldenhour.api.schemas.dispatch import Location


class ServiceStatusRead(ReadModel):
    service: str
    state: str
    reason: str
    until: datetime | None
    text: str


class FacilityRead(ReadModel):
    id: int
    external_id: str
    name: str
    kind: str
    lon: float
    lat: float
    city: str
    state: str
    capabilities: list[str]
    statuses: list[ServiceStatusRead]


class FacilityCreate(RequestModel):
    name: str = Field(min_length=1, max_length=200)
    location: Location
    kind: str = Field("hospital", description="hospital, freestanding_ed or other")
    capabilities: list[str] = Field(
        default_factory=list, description="e.g. emergency_department, trauma_adult_I, stemi_pci"
    )
    city: str = Field("", max_length=100)
    state: str = Field("", max_length=2)


class StatusChange(RequestModel):
    state: str = Field(description="open, diversion or closed")
    reason: str = Field("", max_length=200)
    until: datetime | None = Field(None, description="required for a diversion")


class DestinationQuery(RequestModel):
    findings: list[str] = Field(
        default_factory=list, description="e.g. trauma_high_risk, stroke_lvo_positive, stemi"
    )
    age_years: float | None = None
    origin: Location | None = Field(None, description="where the patient is")
    unit_id: Id | None = Field(None, description="or: from this unit's latest position")


class RankedRead(ReadModel):
    rank: int
    facility_id: int
    name: str
    eta_s: float
    extra_s: float | None
    tier: str
    reasons: list[str]
    diverted: bool


class SkippedRead(ReadModel):
    facility_id: int
    name: str
    eta_s: float | None
    reason: str


class AdviceRead(ReadModel):
    finding: str
    why: str
    sources: list[str]
    child: bool
    ranked: list[RankedRead]
    skipped: list[SkippedRead]
    nearest_ed_id: int | None
    nearest_ed_eta_s: float | None
    all_diverted: bool
    notes: list[str]


class DestinationChoiceCreate(DestinationQuery):
    unit_id: Id | None = None
    facility_id: Id | None = Field(None, description="None for a destination that is no facility")
    destination_type: str = Field(description="NEMSIS eDisposition.21 code or name")
    reason: str = Field(description="NEMSIS eDisposition.20 code or name")
    comment: str = Field("", max_length=500)


class DestinationChoiceRead(ReadModel):
    id: int
    incident_id: int
    unit_id: int
    facility_id: int | None
    destination_type: str
    reason: str
    recommended_rank: int | None
    comment: str
    chosen_at: datetime


class WaitingRead(ReadModel):
    facility_id: int | None
    unit_id: int
    incident_id: int
    arrived: datetime
    waiting_s: float
    over_threshold: bool
