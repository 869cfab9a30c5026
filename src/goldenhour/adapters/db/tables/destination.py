"""Tables for destinations: facilities, their per-service status, and the crews' choices."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from goldenhour.adapters.db.tables.base import Base
from goldenhour.adapters.db.types import utcnow


class FacilityRow(Base):
    __tablename__ = "facilities"
    __table_args__ = (UniqueConstraint("agency_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(80))  # e.g. "hifld-12345", "demo-h1"
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    capabilities: Mapped[list[Any]] = mapped_column(JSON)  # capability names
    city: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(2))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class FacilityStatusRow(Base):
    """A service that is not plainly open: on diversion (with reason and expiry) or closed."""

    __tablename__ = "facility_statuses"

    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"), primary_key=True)
    service: Mapped[str] = mapped_column(String(20), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    state: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(200))
    until: Mapped[datetime | None]
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class DestinationChoiceRow(Base):
    """Where the crew took the patient and why (NEMSIS eDisposition.21 type, .20 reason)."""

    __tablename__ = "destination_choices"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id"))
    destination_type: Mapped[str] = mapped_column(String(7))
    reason: Mapped[str] = mapped_column(String(7))
    recommended_rank: Mapped[int | None]
    comment: Mapped[str] = mapped_column(String(500))
    chosen_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    chosen_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The last pre-arrival notice sent to the facility, so a moving unit re-notifies only when
    # its ETA has changed enough to matter.
    notice_eta_s: Mapped[float | None] = mapped_column(Float, default=None)
    notice_at: Mapped[datetime | None] = mapped_column(default=None)


class OffloadAlertRow(Base):
    """An offload-delay alert already raised for this unit on this incident (raised once)."""

    __tablename__ = "offload_alerts"

    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id"))
    raised_at: Mapped[datetime]
