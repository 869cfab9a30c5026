"""The wall clock: production's ``Clock`` (see ``services.ports``), in UTC."""

from __future__ import annotations

from datetime import UTC, datetime


class WallClock:
    def now(self) -> datetime:
        return datetime.now(UTC)
