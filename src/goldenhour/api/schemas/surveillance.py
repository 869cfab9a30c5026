"""Public-health API shapes: signals in the officer's queue, advisory drafts, crew advisories.

A signal carries its areas (grid cells) and counts; its cases appear only in the detail read,
which is audited. No shape here has a field for a patient's name or address.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field


class WordsIn(BaseModel):
    headline: str = Field(min_length=1, max_length=160)
    description: str = Field(min_length=1, max_length=4000)
    instruction: str = Field(
        min_length=1, max_length=4000, description="{poison_center} becomes the agency's number"
    )
    cmam_text: str | None = Field(None, max_length=400, description="IPAWS phone text (90)")
    cmam_long_text: str | None = Field(None, max_length=1000, description="IPAWS long (360)")


class AdvisoryDraftIn(BaseModel):
    english: WordsIn
    spanish: WordsIn | None = None
    area: str = Field(min_length=1, max_length=200, description="areaDesc the public reads")
    urgency: str = "Expected"
    severity: str = "Severe"
    certainty: str = "Likely"
    response_types: list[str] = ["Avoid", "Monitor"]
    hours_valid: int = Field(24, ge=1, le=168)
    crew_instruction: str | None = Field(None, max_length=1000)
    units: list[str] = Field([], description="call signs: a Private crew advisory to these")


class DismissIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class FollowIn(BaseModel):
    msg_type: str = Field(description="Update or Cancel")
    draft: AdvisoryDraftIn | None = Field(None, description="an Update's revised words")


class AckIn(BaseModel):
    unit_id: int


class AlertingIn(BaseModel):
    sender: str = Field(min_length=3, max_length=200)
    sender_name: str = Field(min_length=1, max_length=200)
    poison_center: str = "1-800-222-1222"
    county_fips: list[Annotated[str, Field(pattern=r"^\d{5}$")]] = Field(
        [], description="5-digit state+county FIPS codes of the area served"
    )
    ipaws: bool = False
    eas_org: str = "CIV"
    web: str | None = None
    contact: str | None = None


class AreaRead(BaseModel):
    id: str
    lat: float
    lon: float
    half_km: float


class PointRead(BaseModel):
    lat: float
    lon: float


class CaseRead(BaseModel):
    incident_id: int | None
    at: str
    criteria: list[str]


class SignalRead(BaseModel):
    id: int
    detector: str
    definition: str
    level: str
    status: str
    start: datetime
    end: datetime
    observed: int
    expected: float | None
    p: float | None
    center: PointRead
    radius_km: float
    areas: list[AreaRead]
    parameters: dict[str, Any]
    result: dict[str, Any]
    recommendation: str
    reason: str | None
    cases: list[CaseRead] | None = None


class AdvisoryRead(BaseModel):
    id: int
    identifier: str
    signal_id: int | None
    follows_id: int | None
    audience: str
    msg_type: str
    status: str
    created_at: datetime
    published_at: datetime | None
    headline: str
    public_page: str = Field(description="where the public reads it once published")
    cap: str = Field(description="the CAP 1.2 document")


class CrewAdvisoryRead(BaseModel):
    id: int
    identifier: str
    msg_type: str
    scope: str
    units: list[str]
    headline: str
    instruction: str
    area: str
    published_at: datetime | None
    acknowledged_by_units: list[int]


class AckRead(BaseModel):
    advisory_id: int
    unit_id: int
    at: datetime
