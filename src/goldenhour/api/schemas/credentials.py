"""Bodies for providers, certifications, units, crews and scope questions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from goldenhour.api.schemas.common import Id, ReadModel, RequestModel


class CertificationCreate(RequestModel):
    level: str = Field(description="NEMSIS code, slug, name or legacy name (e.g. 'EMT-P')")
    number: str = Field(max_length=40)
    issuing_state: str | None = Field(None, max_length=2)
    issued: date | None = None
    expires: date | None = None
    status: str = "active"


class EndorsementCreate(RequestModel):
    name: str = Field(max_length=80)
    expires: date | None = None


class ProviderCreate(RequestModel):
    external_id: str = Field(max_length=40, description="the agency's employee number")
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    certifications: list[CertificationCreate] = []
    endorsements: list[EndorsementCreate] = []


class CertificationStatusUpdate(RequestModel):
    status: str = Field(description="active, suspended or revoked")
    since: datetime | None = None


class CertificationRead(ReadModel):
    id: int
    level: str
    number: str
    issuing_state: str | None
    issued: date | None
    expires: date | None
    status: str
    status_since: datetime | None


class EndorsementRead(ReadModel):
    id: int
    name: str
    expires: date | None


class ProviderRead(ReadModel):
    id: int
    external_id: str
    first_name: str
    last_name: str
    active: bool
    certifications: list[CertificationRead] = []
    endorsements: list[EndorsementRead] = []


class ImportReport(ReadModel):
    created: int
    providers: list[ProviderRead]


class UnitCreate(RequestModel):
    call_sign: str = Field(max_length=20)
    unit_type: str = Field(description="transport, first-response or supervisor")
    equipment: str = Field(description="highest level of care the equipment supports, e.g. ALS")
    station: str | None = Field(None, max_length=80)


class CrewAssign(RequestModel):
    provider_id: Id
    start: datetime | None = None
    end: datetime | None = None


class CrewEnd(RequestModel):
    end: datetime | None = None


class ReasonRead(ReadModel):
    layer: str
    rule: str
    outcome: str
    detail: str


class CrewMemberRead(ReadModel):
    id: int
    provider_id: int
    start: datetime
    end: datetime | None


class UnitRead(ReadModel):
    id: int
    call_sign: str
    unit_type: str
    equipment: str
    station: str | None
    posted_station: str | None = Field(None, description="the station it covers on a move-up")
    level_of_care: str | None
    level_reasons: list[ReasonRead]
    nemsis_capability: str | None
    crew: list[CrewMemberRead]


class ScopeCheck(RequestModel):
    skill: str = Field(description="skill slug, name, SNOMED CT or RxNorm code")
    provider_id: Id | None = Field(None, description="ask about this provider of your agency")
    level: str | None = Field(None, description="or about a hypothetical certification level")
    jurisdiction: str | None = None
    endorsements: list[EndorsementCreate] = []
    expires: date | None = None
    at: datetime | None = None


class ScopeCheckRead(ReadModel):
    decision: str
    skill: str
    reasons: list[ReasonRead]
    certification: dict[str, Any] | None = None


class AgencyProtocolWrite(RequestModel):
    document: dict[str, Any] = Field(
        description="the agency protocol in the overlay format: {agency: {name}, rule: [...], "
        "dose: [{skill, per_kg, unit, max, min, concentration, cite}]}"
    )
    note: str = Field("", max_length=1000, description="why it changed (kept in the history)")


class AgencyProtocolRead(ReadModel):
    document: dict[str, Any] | None


class ProtocolVersionRead(ReadModel):
    id: int
    document: dict[str, Any]
    author_id: int | None
    note: str
    at: datetime
