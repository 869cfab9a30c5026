"""Tables for the crew's chart beyond the record itself: entries already applied (offline
sync) and the history of the agency's protocol.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from goldenhour.adapters.db.tables.base import Base
from goldenhour.adapters.db.types import utcnow


class ChartEntryKey(Base):
    """One entry a device sent with its idempotency key: applied once, answered the same after.

    A crew tablet that lost its connection resends what it queued; the key (made on the device
    when the entry was made) is what lets the server apply each entry exactly once."""

    __tablename__ = "chart_entry_keys"
    __table_args__ = (UniqueConstraint("agency_id", "key", name="ux_chart_entry_keys_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    key: Mapped[str] = mapped_column(String(100))
    pcr_id: Mapped[int | None] = mapped_column(ForeignKey("patient_care_records.id"))
    route: Mapped[str] = mapped_column(String(100))
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of the request body
    status_code: Mapped[int | None] = mapped_column(default=None)
    response: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgencyProtocolVersion(Base):
    """Every version of the agency's protocol, kept when it is replaced: who, when, what."""

    __tablename__ = "agency_protocol_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    document: Mapped[dict[str, Any]]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(1000))
    at: Mapped[datetime]
