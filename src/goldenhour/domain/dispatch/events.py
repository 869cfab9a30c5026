"""Dispatch facts for the event stream: calls, triage, recommendations, units and positions.

Ids are the database ids (as numbers) and each event also names the unit by call sign, so a
board can show the change without a second request. Positions arrive in batches and are
announced in batches: one ``UnitPositionsUpdated`` per accepted batch, never one per fix.
"""

from __future__ import annotations

from dataclasses import dataclass

from goldenhour.domain.shared.events import Event


@dataclass(frozen=True)
class IncidentCreated(Event):
    incident_id: int
    dispatch_reason: str
    priority: int
    level: str
    lon: float | None  # None: the call's location is not known yet
    lat: float | None
    address: str | None


@dataclass(frozen=True)
class IncidentTriaged(Event):
    """Triage decided (or, on a call-back, changed) what the call needs, citing its rule."""

    incident_id: int
    priority: int
    level: str
    mode: str
    plan: str
    rule: str
    source: str
    previous_priority: int | None
    previous_level: str | None


@dataclass(frozen=True)
class UnitRecommended(Event):
    incident_id: int
    role: str
    unit_id: int
    call_sign: str
    eta_s: float | None
    note: str


@dataclass(frozen=True)
class IncidentQueued(Event):
    """The call waits: no unit is on it and ``unfilled`` roles have no fitting unit now."""

    incident_id: int
    priority: int
    unfilled: tuple[str, ...]


@dataclass(frozen=True)
class UnitAssigned(Event):
    incident_id: int
    unit_id: int
    call_sign: str
    role: str
    diverted_from: int | None


@dataclass(frozen=True)
class UnitStatusChanged(Event):
    unit_id: int
    call_sign: str
    previous: str
    current: str
    incident_id: int | None
    stamps: tuple[str, ...]


@dataclass(frozen=True)
class IncidentStatusChanged(Event):
    """pending (waiting for a unit), open (units on it), closed or cancelled."""

    incident_id: int
    previous: str
    current: str
    reason: str


@dataclass(frozen=True)
class PendingCallsMatched(Event):
    """A unit freed up that fits these waiting calls, in queue order (head first)."""

    unit_id: int
    call_sign: str
    incident_ids: tuple[int, ...]


@dataclass(frozen=True)
class PositionReport:
    unit_id: int
    lon: float
    lat: float
    at: str


@dataclass(frozen=True)
class UnitPositionsUpdated(Event):
    positions: tuple[PositionReport, ...]


@dataclass(frozen=True)
class IncidentNoteAdded(Event):
    """A note on a call; the text stays in the call's notes (read them with the call)."""

    incident_id: int
    note_id: int
    author: str


@dataclass(frozen=True)
class UnitMovedUp(Event):
    """A unit now covers ``station`` (a move-up), or went back to its own (``station`` None)."""

    unit_id: int
    call_sign: str
    station: str | None
    home_station: str | None
    previous_post: str | None
