"""The event log: every committed event, for live streams and their catch-up."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from goldenhour.adapters.db.tables.base import Base, BigId


class StoredEvent(Base):
    """The event log: written in the transaction of the change, replayed to reconnecting streams."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_agency_id_id", "agency_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"))
    name: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]]
    at: Mapped[datetime]
