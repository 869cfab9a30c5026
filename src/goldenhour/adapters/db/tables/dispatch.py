"""Tables for incidents, their NEMSIS times, and the units assigned to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
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
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(200))
    landmark: Mapped[str | None] = mapped_column(String(200))
    callback: Mapped[str | None] = mapped_column(String(40))
    type_of_service: Mapped[str] = mapped_column(String(7))
    dispatch_reason: Mapped[str] = mapped_column(String(7))
    complaint: Mapped[str | None] = mapped_column(String(500))
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
    # zone a report groups by (a battalion, a contract zone).
    external_id: Mapped[str | None] = mapped_column(String(40), default=None)
    zone: Mapped[str | None] = mapped_column(String(40), default=None)


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
