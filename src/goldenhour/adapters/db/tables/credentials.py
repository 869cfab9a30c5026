"""Tables for providers, their certifications and endorsements."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    ForeignKey,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from goldenhour.adapters.db.tables.base import Base
from goldenhour.adapters.db.types import utcnow


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
