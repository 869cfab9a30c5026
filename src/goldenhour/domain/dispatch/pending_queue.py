"""The pending queue: calls waiting for a fitting unit, most urgent first, then oldest first.

The order is a pure function of the calls so that every dispatcher screen and the automatic
re-recommendation (when a unit frees up) agree on which call gets the next unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.triage.priority import Priority


@dataclass(frozen=True)
class PendingCall:
    incident_id: str
    priority: Priority
    received_at: datetime


def order_pending(calls: Iterable[PendingCall]) -> list[PendingCall]:
    """Priority first (1 before 4 before non-emergent), then the longest waiting, then id.

    The id tie-break makes the order total, so two screens never disagree on equal calls.
    """
    ordered = list(calls)
    for i, call in enumerate(ordered):
        if call.received_at.tzinfo is None:
            raise InvalidInput.for_field(f"calls[{i}].received_at", "must be timezone-aware (UTC)")
    return sorted(ordered, key=lambda c: (c.priority, c.received_at, c.incident_id))
