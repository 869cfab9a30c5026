"""Tables for incidents, their NEMSIS times, and the units assigned to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from goldenhour.adapters.db.tables.base import Base, BigId


class IncidentRow(Base):
    """A call and its triage: where, what (NEMSIS eDispatch.01, eResponse.05), how urgent.

    ``roles`` keeps the response plan as triaged, so an edit of the protocol file never changes
    what an open call needs. ``status``: pending (no unit on it), open, closed, cancelled.
    """

    __tablename__ = "incidents"
    __table_args__ = (
        Index("ix_incidents_agency_status", "agency_id", "status"),
        Index("ux_incidents_agency_external_id", "agency_id", "external_id", unique=True),
        Index("ix_incidents_agency_received", "agency_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    lon: Mapped[float | None] = mapped_column(Float)  # None: location not found yet
    lat: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(1000))  # as typed, always kept
    landmark: Mapped[str | None] = mapped_column(String(1000))
    callback: Mapped[str | None] = mapped_column(String(100))
    type_of_service: Mapped[str] = mapped_column(String(7))
    dispatch_reason: Mapped[str] = mapped_column(String(7))
    complaint: Mapped[str | None] = mapped_column(String(1000))
    answers: Mapped[dict[str, Any]]
    priority: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(20))
    mode: Mapped[str] = mapped_column(String(20))
    plan: Mapped[str] = mapped_column(String(60))
    roles: Mapped[dict[str, Any]]  # {"roles": [{name, unit_types, min_level, mode}, ...]}
    rule_index: Mapped[int] = mapped_column(Integer)
    rule_why: Mapped[str] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(12))
    received_at: Mapped[datetime]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    # A past call imported from an old CAD keeps that system's number; ``zone`` is the response
    # zone a report groups by (a battalion, a contract zone). A call a live CAD sends keeps the
    # CAD's incident number here too: the same number sent twice is one call.
    external_id: Mapped[str | None] = mapped_column(String(40), default=None)
    zone: Mapped[str | None] = mapped_column(String(40), default=None)
    location_source: Mapped[str | None] = mapped_column(String(20), default=None)
    flags: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{flag, detail}]
    duplicate_of: Mapped[int | None] = mapped_column(Integer, default=None)
    cad_call_type: Mapped[str | None] = mapped_column(String(200), default=None)
    level_raised_reason: Mapped[str | None] = mapped_column(String(1000), default=None)


class IncidentTimeRow(Base):
    """One NEMSIS eTimes stamp of an incident, or of one unit on it (``unit_id`` set)."""

    __tablename__ = "incident_times"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    element: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime]


class AssignmentRow(Base):
    """A unit on an incident in a role. At most one uncleared row per unit: the partial unique
    index is what makes two racing dispatchers end with one winner on either database."""

    __tablename__ = "assignments"
    __table_args__ = (
        Index(
            "ux_assignments_active_unit",
            "unit_id",
            unique=True,
            sqlite_where=text("cleared_at IS NULL"),
            postgresql_where=text("cleared_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    role: Mapped[str] = mapped_column(String(40))
    mode: Mapped[str] = mapped_column(String(20))  # emergent (lights and sirens) or not
    assigned_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime]
    cleared_at: Mapped[datetime | None] = mapped_column(default=None)


class IncidentNoteRow(Base):
    """A dispatcher's note on a call: who wrote it and when; never edited, only added to."""

    __tablename__ = "incident_notes"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime]
    text: Mapped[str] = mapped_column(String(2000))


class CallTypeRow(Base):
    """An agency's CAD call type and what it means: NEMSIS reason and type of service, and
    optionally a fixed priority, level of care and response plan."""

    __tablename__ = "call_types"
    __table_args__ = (
        UniqueConstraint("agency_id", "call_type", name="ux_call_types_agency_call_type"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    call_type: Mapped[str] = mapped_column(String(200))
    dispatch_reason: Mapped[str] = mapped_column(String(7))
    type_of_service: Mapped[str] = mapped_column(String(7))
    priority: Mapped[int | None] = mapped_column(Integer, default=None)
    level: Mapped[str | None] = mapped_column(String(20), default=None)
    plan: Mapped[str | None] = mapped_column(String(60), default=None)


class RequestKeyRow(Base):
    """The first answer to a POST sent with an ``Idempotency-Key``: a retry gets it again."""

    __tablename__ = "request_keys"
    __table_args__ = (UniqueConstraint("agency_id", "route", "key", name="ux_request_keys_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    key: Mapped[str] = mapped_column(String(200))
    route: Mapped[str] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime]
