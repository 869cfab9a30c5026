"""Public-health facts for the event stream: a signal raised, an advisory out, a crew's ack."""

from __future__ import annotations

from dataclasses import dataclass

from goldenhour.domain.shared.events import Event


@dataclass(frozen=True)
class SignalRaised(Event):
    signal_id: int
    detector: str
    definition: str
    level: str


@dataclass(frozen=True)
class CrewAdvisoryIssued(Event):
    """A crew advisory every crew screen and board shows until acknowledged (or cancelled)."""

    advisory_id: int
    identifier: str
    msg_type: str  # Alert, Update or Cancel
    headline: str
    instruction: str
    area: str
    units: tuple[str, ...]  # empty: every crew (Restricted); else the named units (Private)


@dataclass(frozen=True)
class CrewAdvisoryAcknowledged(Event):
    advisory_id: int
    unit_id: int
    call_sign: str


@dataclass(frozen=True)
class AdvisoryPublished(Event):
    advisory_id: int
    identifier: str
    msg_type: str


@dataclass(frozen=True)
class SignalDismissed(Event):
    signal_id: int
    reason: str


@dataclass(frozen=True)
class AdvisoryDrafted(Event):
    """A draft (or a follow-up Update/Cancel) waiting for an officer's approval."""

    advisory_id: int
    signal_id: int | None
    msg_type: str
