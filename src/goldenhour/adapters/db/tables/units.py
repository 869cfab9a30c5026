"""Tables for units, the crews on them, and their last reported positions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from goldenhour.adapters.db.tables.base import Base, BigId
from goldenhour.adapters.db.types import utcnow


class UnitRow(Base):
    """A vehicle and its call sign. Its level of care is derived; ``derived_level`` only
    remembers the last answer so a change can be announced."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("agency_id", "call_sign"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    call_sign: Mapped[str] = mapped_column(String(20))
    unit_type: Mapped[str] = mapped_column(String(20))
    equipment: Mapped[str] = mapped_column(String(20))  # CareLevel name the equipment supports
    station: Mapped[str | None] = mapped_column(String(80))
    derived_level: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Dispatch: where the unit is in its timeline, the incident its times go to, and its latest
    # AVL position (the history is in ``unit_positions``).
    status: Mapped[str] = mapped_column(String(20), default="available", server_default="available")
    incident_id: Mapped[int | None] = mapped_column(default=None)
    status_at: Mapped[datetime | None] = mapped_column(default=None)
    lon: Mapped[float | None] = mapped_column(Float, default=None)
    lat: Mapped[float | None] = mapped_column(Float, default=None)
    position_at: Mapped[datetime | None] = mapped_column(default=None)
    # A move-up: the station the unit covers for now (None: its own ``station``).
    posted_station: Mapped[str | None] = mapped_column(String(80), default=None)
    posted_at: Mapped[datetime | None] = mapped_column(default=None)


class CrewAssignmentRow(Base):
    """A provider on a unit's crew from ``start`` until ``end`` (None: still on duty)."""

    __tablename__ = "crew_assignments"
    __table_args__ = (Index("ix_crew_assignments_provider", "provider_id", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    start: Mapped[datetime]
    end: Mapped[datetime | None]


class UnitPositionRow(Base):
    """The AVL trail: every accepted position report (the latest is also on ``units``)."""

    __tablename__ = "unit_positions"
    __table_args__ = (Index("ix_unit_positions_unit_at", "unit_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    at: Mapped[datetime]
    received_at: Mapped[datetime]
