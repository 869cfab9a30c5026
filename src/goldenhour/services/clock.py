"""A clock that only moves when told: for tests and for simulations run faster than real time.

It satisfies the ``Clock`` port (``services.ports``); production passes the wall clock instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass
class SettableClock:
    at: datetime

    def __post_init__(self) -> None:
        self.set(self.at)

    def now(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("a clock keeps timezone-aware times")
        self.at = at

    def advance(self, seconds: float) -> datetime:
        self.at += timedelta(seconds=seconds)
        return self.at
