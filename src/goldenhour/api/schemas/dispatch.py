"""Bodies for calls, triage, recommendations, assignments, unit status and positions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from goldenhour.api.schemas.common import Id, ReadModel, RequestModel

Answers = dict[str, bool | int | str | None]


class Location(RequestModel):
    lon: float = Field(description="WGS84 longitude", allow_inf_nan=False)
    lat: float = Field(description="WGS84 latitude", allow_inf_nan=False)


class CallCreate(RequestModel):
    """A call as the call-taker or the CAD sends it. Only the types are checked here: a call
    with no location, no reason, an unknown call type or a clock ahead of ours is stored and
    flagged (see ``flags`` on the answer), never refused."""

    location: Location | None = Field(None, description="WGS84 point; a map pin overrides")
    address: str | None = Field(None, max_length=1000, description="as typed, always kept")
    dispatch_reason: str | None = Field(
        None, max_length=200, description="NEMSIS eDispatch.01 code or name, or a call type"
    )
    call_type: str | None = Field(None, max_length=200, description="the CAD's own call type")
    answers: Answers = Field(default_factory=dict, description="key-question id -> answer")
    type_of_service: str | None = Field(None, max_length=200, description="eResponse.05")
    landmark: str | None = Field(None, max_length=1000)
    callback: str | None = Field(None, max_length=100, description="caller's callback number")
    complaint: str | None = Field(None, max_length=1000)
    received_at: datetime | None = Field(None, description="PSAP call time, with a time zone")
    external_id: str | None = Field(None, max_length=40, description="the CAD's incident number")
    level: str | None = Field(None, max_length=20, description="raise the level of care (ALS)")
    level_reason: str | None = Field(None, max_length=1000, description="why it is raised")


class Retriage(RequestModel):
    answers: Answers = Field(default_factory=dict, description="new or changed answers")
    dispatch_reason: str | None = None


class AssignmentCreate(RequestModel):
    unit_id: Id
    role: str | None = Field(None, max_length=40, description="default: first open role")
    divert: bool = Field(False, description="take the unit off a less urgent call")


class Cancel(RequestModel):
    reason: str = Field(max_length=200)


class NoteCreate(RequestModel):
    text: str = Field(min_length=1, max_length=2000, description="shown as plain text")


class NoteRead(ReadModel):
    id: Id
    incident_id: Id
    author: str
    at: datetime
    text: str


class MoveUp(RequestModel):
    station: str | None = Field(
        max_length=80, description="the station to cover; null (or its own): back home"
    )


class AlertLimitsRead(ReadModel):
    """When the board raises an alert: seconds a unit may stay in each status, how old a
    position may be, how long an offload may take."""

    status_limits_s: dict[str, int]
    stale_position_s: int
    offload_threshold_s: int


class StatusChange(RequestModel):
    status: str
    at: datetime | None = None


class PositionIn(RequestModel):
    unit_id: Id
    lon: float
    lat: float
    at: datetime


class PositionBatch(RequestModel):
    positions: list[PositionIn] = Field(max_length=1000)


class TimeRead(ReadModel):
    element: str
    unit_id: int | None
    at: datetime


class AssignmentRead(ReadModel):
    id: int
    incident_id: int
    unit_id: int
    role: str
    mode: str
    assigned_at: datetime
    cleared_at: datetime | None


class FlagRead(ReadModel):
    flag: str
    detail: str


class IncidentRead(ReadModel):
    id: int
    status: str
    lon: float | None
    lat: float | None
    location_source: str | None = None  # given, address (geocoded), pin; None: unverified
    address: str | None
    landmark: str | None
    callback: str | None
    type_of_service: str
    dispatch_reason: str
    dispatch_reason_name: str
    complaint: str | None
    answers: dict[str, Any]
    priority: int
    level: str
    mode: str
    plan: str
    roles: list[dict[str, Any]]
    rule: str
    source: str
    received_at: datetime
    closed_at: datetime | None
    flags: list[FlagRead] = []
    duplicate_of: int | None = None
    cad_call_type: str | None = None
    external_id: str | None = None
    level_raised_reason: str | None = None
    times: list[TimeRead] = []
    assignments: list[AssignmentRead] = []


class CandidateRead(ReadModel):
    unit_id: int
    call_sign: str
    unit_type: str
    level: str
    eta_s: float
    held_back: bool
    reasons: list[str]


class ExcludedRead(ReadModel):
    unit_id: int
    call_sign: str
    why: str
    detail: str


class InterceptRead(ReadModel):
    send_now: list[CandidateRead]
    to_meet: list[CandidateRead]
    reason: str


class RoleRecommendationRead(ReadModel):
    role: dict[str, Any]
    candidates: list[CandidateRead]
    excluded: list[ExcludedRead]
    intercept: InterceptRead | None


class SuggestionRead(ReadModel):
    role: str
    unit_id: int
    call_sign: str
    note: str


class RecommendationRead(ReadModel):
    incident_id: int
    roles: list[RoleRecommendationRead]
    suggestions: list[SuggestionRead]
    unfilled: list[str]


class KeptRead(ReadModel):
    unit_id: int
    role: str
    mode_change: str | None


class RetriageRead(ReadModel):
    incident: IncidentRead
    kept: list[KeptRead]
    releasable: list[int]
    recommendation: RecommendationRead


class UnitStatusRead(ReadModel):
    id: int
    call_sign: str
    status: str
    incident_id: int | None
    status_at: datetime | None


class RowProblemRead(ReadModel):
    index: int
    field: str
    problem: str


class PositionReport(ReadModel):
    accepted: int
    rejected: list[RowProblemRead]


class PositionRead(ReadModel):
    unit_id: int
    call_sign: str
    status: str
    lon: float | None
    lat: float | None
    at: datetime | None
    age_s: float | None
    stale: bool
    status_at: datetime | None = Field(None, description="since when the unit is in its status")
    incident_id: int | None = Field(None, description="the incident the unit is serving")


class QuestionRead(ReadModel):
    id: str
    label: str
    type: str
    choices: list[str]
    minimum: int | None
    maximum: int | None
    help: str


class ReasonRead(ReadModel):
    code: str
    name: str
    questions: list[str]


class SourceRead(ReadModel):
    title: str
    url: str


class InstructionRead(ReadModel):
    id: str
    text: str
    steps: list[str]
    source: SourceRead


class TriagePreview(RequestModel):
    dispatch_reason: str = Field(description="NEMSIS eDispatch.01 code or name")
    answers: Answers = Field(default_factory=dict, description="key-question id -> answer")


class TriagePreviewRead(ReadModel):
    """What the call would get with the answers so far, before it is taken."""

    priority: int
    level: str
    mode: str
    plan: str
    why: str
    source: SourceRead
    instructions: list[InstructionRead]


class ProtocolRead(ReadModel):
    name: str
    version: str
    questions: list[QuestionRead]
    reasons: list[ReasonRead]
    types_of_service: dict[str, str]


class CallTypeBody(RequestModel):
    call_type: str = Field(max_length=200)
    dispatch_reason: str = Field(max_length=200)
    type_of_service: str = Field("2205001", max_length=200)
    priority: int | None = None
    level: str | None = Field(None, max_length=20)
    plan: str | None = Field(None, max_length=60)


class CallTypeRead(ReadModel):
    call_type: str
    dispatch_reason: str
    type_of_service: str
    priority: int | None
    level: str | None
    plan: str | None
