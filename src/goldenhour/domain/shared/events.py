"""Facts that happened, in the past tense: what boards and crew screens subscribe to.

Each event is a small frozen dataclass. The unit of work stores it in the agency's event log in
the same transaction as the change it reports, then publishes it, so a subscriber never hears
of a change that was rolled back and a reconnecting subscriber can replay what it missed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Event:
    @property
    def name(self) -> str:
        return type(self).__name__

    def payload(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class PublishedEvent:
    """An event as stored in the agency's log and delivered: its id orders the stream."""

    id: int
    agency_id: int
    name: str
    payload: dict[str, Any]
    at: datetime


@dataclass(frozen=True)
class UserCreated(Event):
    user_id: int
    username: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class UserDeactivated(Event):
    user_id: int
    username: str
