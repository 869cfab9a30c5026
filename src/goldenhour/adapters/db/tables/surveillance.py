"""Public-health tables: detector runs, signals, CAP advisories, crews' acknowledgements and
the agency's alerting settings. Mapped on the same ``Base`` as every other table."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from goldenhour.adapters.db.tables.base import Base
from goldenhour.adapters.db.types import utcnow


class SurveillanceRunRow(Base):
    """One run of the detectors over the agency's cases (daily by schedule, or on demand)."""

    __tablename__ = "surveillance_runs"
    __table_args__ = (Index("ix_surveillance_runs_agency_at", "agency_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    at: Mapped[datetime]
    trigger: Mapped[str] = mapped_column(String(20))  # schedule or demand
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cases: Mapped[int] = mapped_column(Integer)
    signals: Mapped[int] = mapped_column(Integer)


class SurveillanceSignalRow(Base):
    """A detector's signal in the public-health officer's queue: parameters, result, the
    cases as incident ids with their area and time (never a name), and what was decided."""

    __tablename__ = "surveillance_signals"
    __table_args__ = (
        UniqueConstraint("agency_id", "fingerprint"),
        Index("ix_surveillance_signals_agency_status", "agency_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    fingerprint: Mapped[str] = mapped_column(String(64))  # same detector, area and window
    run_id: Mapped[int] = mapped_column(ForeignKey("surveillance_runs.id"))
    detector: Mapped[str] = mapped_column(String(20))
    definition: Mapped[str] = mapped_column(String(60))
    level: Mapped[str] = mapped_column(String(10))
    start: Mapped[datetime]
    end: Mapped[datetime]
    observed: Mapped[int] = mapped_column(Integer)
    expected: Mapped[float | None] = mapped_column(Float)
    p: Mapped[float | None] = mapped_column(Float)
    center_lat: Mapped[float] = mapped_column(Float)
    center_lon: Mapped[float] = mapped_column(Float)
    radius_km: Mapped[float] = mapped_column(Float)
    detail: Mapped[dict[str, Any]]  # {"areas", "parameters", "result", "cases", "recommendation"}
    status: Mapped[str] = mapped_column(String(12))  # open, dismissed, advised
    reason: Mapped[str | None] = mapped_column(String(2000), default=None)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AdvisoryRow(Base):
    """A CAP 1.2 alert: drafted by an officer, validated, approved, then published.

    ``audience`` public (the feed and the public page) or crew (Restricted/Private, to crew
    screens and boards). ``status``: draft, published, cancelled, superseded."""

    __tablename__ = "advisories"
    __table_args__ = (Index("ix_advisories_agency_status", "agency_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    identifier: Mapped[str] = mapped_column(String(100), unique=True)
    signal_id: Mapped[int | None] = mapped_column(ForeignKey("surveillance_signals.id"))
    follows_id: Mapped[int | None] = mapped_column(ForeignKey("advisories.id"), default=None)
    audience: Mapped[str] = mapped_column(String(10))
    msg_type: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12))
    draft: Mapped[dict[str, Any]]  # the officer's words and choices
    cap_xml: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    published_at: Mapped[datetime | None] = mapped_column(default=None)


class AdvisoryAckRow(Base):
    """A crew's acknowledgement of a crew advisory, once per unit."""

    __tablename__ = "advisory_acks"
    __table_args__ = (UniqueConstraint("advisory_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    advisory_id: Mapped[int] = mapped_column(ForeignKey("advisories.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime]


class AgencyAlertingRow(Base):
    """How the agency sends alerts: sender, poison centre number, county FIPS, IPAWS or not."""

    __tablename__ = "agency_alerting"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    document: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
