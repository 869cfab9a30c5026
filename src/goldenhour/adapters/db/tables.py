"""The tables, in SQLAlchemy 2's typed ORM style.

Every table that holds an agency's data carries ``agency_id``; repositories always filter on it,
which is what keeps one agency from ever seeing another's records.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from goldenhour.adapters.db.types import UTCDateTime, utcnow

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a real BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(63), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    roles: Mapped[str] = mapped_column(String(200))  # space-separated Role values
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The provider this account belongs to, for a crew member's own sign-in; None for a shared
    # unit tablet account or staff who are not on the roster.
    provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("providers.id", name="fk_users_provider_id"), default=None
    )


class AuthToken(Base):
    """A bearer token, stored only as its keyed hash so a database leak yields no live token."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    # A shared unit tablet signs in for one unit and charts only that unit's records.
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", name="fk_auth_tokens_unit_id"), default=None
    )


class AuditEntry(Base):
    """Append-only; each row's hash covers its content and the previous row's hash."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(80))
    detail: Mapped[dict[str, Any]]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class StoredEvent(Base):
    """The event log: written in the transaction of the change, replayed to reconnecting streams."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_agency_id_id", "agency_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    name: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]]
    at: Mapped[datetime]


class Provider(Base):
    """A person who works within the EMS service; what they may do comes from certifications."""

    __tablename__ = "providers"
    __table_args__ = (UniqueConstraint("agency_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(40))  # the agency's employee number
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CertificationRow(Base):
    __tablename__ = "certifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    level: Mapped[str] = mapped_column(String(40))  # level slug, e.g. "paramedic"
    number: Mapped[str] = mapped_column(String(40))
    issuing_state: Mapped[str | None] = mapped_column(String(2))
    issued: Mapped[date | None]
    expires: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(12))
    status_since: Mapped[datetime | None]


class EndorsementRow(Base):
    __tablename__ = "endorsements"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("providers.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    expires: Mapped[date | None]


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


class AgencyProtocol(Base):
    """The agency's own narrowing of the state's scope (a document in the overlay format)."""

    __tablename__ = "agency_protocols"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    document: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


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


# The public-health tables live beside these; importing them registers them on Base.
from goldenhour.adapters.db import surveillance_tables  # noqa: E402, F401
