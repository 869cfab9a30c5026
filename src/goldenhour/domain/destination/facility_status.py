"""Facility status per service: open, on diversion (with reason and expiry), or closed.

Hospitals divert one service at a time: the CT scanner is down so stroke patients go
elsewhere, the cath lab is busy, the ED is saturated. US regional systems track these
separately (e.g. ED, trauma, STEMI and stroke diversion), and an ED saturation diversion
does not turn away a trauma or stroke patient, so status is kept **per service** plus one
facility-wide entry (``Service.FACILITY``: the whole place is closed or diverting).

A diversion always carries a reason (the crew and the receiving hospital must know why) and an
expiry: a diversion nobody remembers to lift would silently send patients past the nearest
hospital. Past its expiry a diversion reads as open (:func:`effective_status`) without anyone
writing anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from enum import IntEnum, StrEnum

from goldenhour.domain.shared.errors import InvalidInput


class Service(StrEnum):
    FACILITY = "facility"  # the whole facility
    EMERGENCY = "emergency"
    TRAUMA = "trauma"
    STEMI = "stemi"
    STROKE = "stroke"
    BURN = "burn"
    PEDIATRIC = "pediatric"
    OBSTETRIC = "obstetric"
    PSYCHIATRIC = "psychiatric"
    HYPERBARIC = "hyperbaric"


class ServiceState(IntEnum):
    """Ordered so that the more restrictive state compares greater."""

    OPEN = 0
    DIVERSION = 1
    CLOSED = 2

    @property
    def label(self) -> str:
        return {0: "open", 1: "on diversion", 2: "closed"}[self.value]


def parse_service(value: object, field: str = "service") -> Service:
    try:
        return Service(str(value).strip().lower())
    except ValueError:
        known = ", ".join(s.value for s in Service)
        raise InvalidInput.for_field(
            field, f"unknown service {value!r}; expected one of {known}"
        ) from None


def parse_state(value: object, field: str = "state") -> ServiceState:
    text = str(value).strip().lower().replace(" ", "_")
    names = {"open": ServiceState.OPEN, "diversion": ServiceState.DIVERSION}
    names |= {"on_diversion": ServiceState.DIVERSION, "closed": ServiceState.CLOSED}
    if text not in names:
        raise InvalidInput.for_field(
            field, f"unknown status {value!r}; expected open, diversion or closed"
        )
    return names[text]


@dataclass(frozen=True)
class ServiceStatus:
    state: ServiceState = ServiceState.OPEN
    reason: str = ""
    until: datetime | None = None

    def __post_init__(self) -> None:
        if self.until is not None and self.until.tzinfo is None:
            raise InvalidInput.for_field("until", "must include a time zone")
        if self.state is ServiceState.DIVERSION:
            if not self.reason.strip():
                raise InvalidInput.for_field("reason", "a diversion needs a reason")
            if self.until is None:
                raise InvalidInput.for_field("until", "a diversion needs an expiry time")
        elif self.state is ServiceState.OPEN and self.until is not None:
            raise InvalidInput.for_field("until", "only a diversion has an expiry")

    def describe(self, tz: tzinfo = UTC, now: datetime | None = None) -> str:
        """``"on diversion: CT down until 14:00"`` / ``"closed: flooding"`` / ``"open"``."""
        text = self.state.label
        if self.reason:
            text += f": {self.reason}"
        if self.until is not None:
            local = self.until.astimezone(tz)
            same_day = now is not None and now.astimezone(tz).date() == local.date()
            text += f" until {local:%H:%M}" if same_day else f" until {local:%Y-%m-%d %H:%M}"
        return text


OPEN = ServiceStatus()


def diversion(reason: str, until: datetime) -> ServiceStatus:
    return ServiceStatus(ServiceState.DIVERSION, reason, until)


def effective_status(status: ServiceStatus, at: datetime) -> ServiceStatus:
    """The status in force at ``at``: an expired diversion has reverted to open."""
    if status.state is ServiceState.DIVERSION and status.until is not None and status.until <= at:
        return OPEN
    return status


def status_for(
    statuses: Mapping[Service, ServiceStatus], service: Service, at: datetime
) -> ServiceStatus:
    """The effective status of ``service`` at ``at``: the more restrictive of the service's
    own entry and the facility-wide one (a closed facility is closed for everything)."""
    if not statuses:
        return OPEN  # most facilities, most of the time: keep the hot path short
    whole = effective_status(statuses.get(Service.FACILITY, OPEN), at)
    own = effective_status(statuses.get(service, OPEN), at)
    return max(whole, own, key=lambda s: s.state)


def check_status_change(status: ServiceStatus, now: datetime) -> ServiceStatus:
    """Refuse a diversion that has already expired when it is set; return it unchanged."""
    if now.tzinfo is None:
        raise InvalidInput.for_field("now", "must include a time zone")
    if status.until is not None and status.until <= now:
        raise InvalidInput.for_field("until", f"{status.until.isoformat()} is not in the future")
    return status
