"""Tables for patient care records, their addenda, and the scope flags raised on them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from goldenhour.adapters.db.tables.base import Base
from goldenhour.adapters.db.types import utcnow


class PatientCareRecordRow(Base):
    """One ePCR: the NEMSIS-shaped record as a JSON document, plus the columns it is found by.

    ``status`` is draft or locked; a locked document is never rewritten (addenda are rows of
    ``pcr_addenda``). ``incident_id``/``unit_id`` are None for records imported from another
    system."""

    __tablename__ = "patient_care_records"
    __table_args__ = (Index("ix_pcr_agency_status_locked", "agency_id", "status", "locked_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(20))  # "care" (documented here) or "import"
    document: Mapped[dict[str, Any]]
    warnings: Mapped[dict[str, Any]]  # {"findings": [...]}: plausibility warnings kept
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_at: Mapped[datetime | None] = mapped_column(default=None)
    locked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)


class ScopeFlagRow(Base):
    """An intervention documented outside the performer's scope, or without the medical control
    its scope requires: saved with the record, then reviewed by the medical director."""

    __tablename__ = "scope_flags"
    __table_args__ = (Index("ix_scope_flags_agency_status", "agency_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    pcr_id: Mapped[int] = mapped_column(ForeignKey("patient_care_records.id"), index=True)
    intervention: Mapped[str] = mapped_column(String(60))  # e.g. eMedications.MedicationGroup[2]
    skill: Mapped[str] = mapped_column(String(80))
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"))
    performed_at: Mapped[datetime]
    decision: Mapped[str] = mapped_column(String(30))
    reasons: Mapped[dict[str, Any]]  # {"reasons": [{layer, rule, outcome, detail}, ...]}
    status: Mapped[str] = mapped_column(String(10))  # open, reviewed
    outcome: Mapped[str | None] = mapped_column(String(40), default=None)
    comment: Mapped[str | None] = mapped_column(String(2000), default=None)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), default=None)
    reviewed_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PcrAddendumRow(Base):
    """A change to a locked record: who, when, why and what (never an edit in place)."""

    __tablename__ = "pcr_addenda"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    pcr_id: Mapped[int] = mapped_column(ForeignKey("patient_care_records.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(1000))
    change: Mapped[dict[str, Any]]  # {"entries": [stored entry nodes]}
