"""What dispatch keeps: an incident, a unit's dispatch state, an assignment, a NEMSIS time.

Plain values the dispatch services load from a repository (``services.dispatch.ports``),
change by the rules, and hand back to be saved; the database rows behind them stay in
``adapters.db``. ``id`` is 0 until a repository has stored the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(kw_only=True, slots=True)
class Incident:
    """A call and its triage: where, what (NEMSIS eDispatch.01, eResponse.05), how urgent.

    ``roles`` keeps the response plan as triaged (``{"roles": [...]}``), so an edit of the
    protocol file never changes what an open call needs.
    """

    agency_id: int
    lon: float | None  # None: the location is not verified yet (no point, address not found)
    lat: float | None
    type_of_service: str
    dispatch_reason: str
    answers: dict[str, Any]
    priority: int
    level: str
    mode: str
    plan: str
    roles: dict[str, Any]
    rule_index: int
    rule_why: str
    source: str
    status: str
    received_at: datetime
    address: str | None = None
    landmark: str | None = None
    callback: str | None = None
    complaint: str | None = None
    created_by: int | None = None
    closed_at: datetime | None = None
    external_id: str | None = None
    zone: str | None = None
    # What intake could not establish (``domain.dispatch.intake``): [{flag, detail}, ...]
    flags: list[dict[str, str]] = field(default_factory=list)
    location_source: str | None = None  # given, address; None: unverified
    duplicate_of: int | None = None
    cad_call_type: str | None = None
    level_raised_reason: str | None = None
    id: int = 0


@dataclass(kw_only=True, slots=True)
class Unit:
    """What dispatch reads and moves of a unit: its status, the call it is on, where it is.

    ``derived_level`` is the level of care its crew on duty gives it, as last derived.
    """

    id: int
    agency_id: int
    call_sign: str
    unit_type: str
    derived_level: str | None
    status: str
    incident_id: int | None = None
    status_at: datetime | None = None
    lon: float | None = None
    lat: float | None = None
    position_at: datetime | None = None
    station: str | None = None  # its own station, where it goes back to
    active: bool = True
    posted_station: str | None = None  # the station it covers on a move-up
    posted_at: datetime | None = None


@dataclass(kw_only=True, slots=True)
class Assignment:
    """A unit on an incident in a role; ``cleared_at`` once it left."""

    agency_id: int
    incident_id: int
    unit_id: int
    role: str
    mode: str
    assigned_at: datetime
    assigned_by: int | None = None
    cleared_at: datetime | None = None
    id: int = 0


@dataclass(frozen=True, kw_only=True, slots=True)
class IncidentTime:
    """One NEMSIS eTimes stamp of an incident, or of one unit on it (``unit_id`` set)."""

    agency_id: int
    incident_id: int
    unit_id: int | None
    element: str
    at: datetime
    id: int = field(default=0, compare=False)
