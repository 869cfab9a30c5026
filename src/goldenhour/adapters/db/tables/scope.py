"""The agency's scope-of-practice protocol, which may only narrow the state's scope."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
)
from sqlalchemy.orm import Mapped, mapped_column

from goldenhour.adapters.db.tables.base import Base
from goldenhour.adapters.db.types import utcnow


class AgencyProtocol(Base):
    """The agency's own narrowing of the state's scope (a document in the overlay format)."""

    __tablename__ = "agency_protocols"

    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True)
    document: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
