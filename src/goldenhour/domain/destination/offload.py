"""Transport monitoring: ambulances waiting at hospitals to hand over their patients.

The **offload interval** (ambulance patient offload time, "wall time") runs from arrival at
the destination (NEMSIS eTimes.11) to transfer of care to the hospital (eTimes.12). While it
runs, the ambulance is out of service and the county is one unit short, so dispatch wants a
live list of who is waiting where, and an alert once a wait passes a threshold. The default
threshold is 30 minutes: California's standard is offload within 30 minutes for 90 % of
transports (Cone DC et al., Statewide method of measuring ambulance patient offload times,
Prehosp Emerg Care 2018; California EMS Authority APOT methodology), and the summary reports
the 90th percentile for that reason.

Everything here is a pure function of unit timelines and the time; the service layer keeps
which alerts it already raised and passes them in, so an alert fires exactly once.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from goldenhour.domain.shared.errors import InvalidInput

DEFAULT_OFFLOAD_THRESHOLD_S = 1800.0


@dataclass(frozen=True)
class TransportTimeline:
    """One unit's transport of one patient: left scene, arrived, handed over."""

    unit_id: str
    incident_id: str
    facility_id: str
    left_scene: datetime | None = None  # eTimes.09
    arrived: datetime | None = None  # eTimes.11
    transfer_of_care: datetime | None = None  # eTimes.12

    def __post_init__(self) -> None:
        steps = [
            ("left_scene", self.left_scene),
            ("arrived", self.arrived),
            ("transfer_of_care", self.transfer_of_care),
        ]
        for name, value in steps:
            if value is not None and value.tzinfo is None:
                raise InvalidInput.for_field(name, "must include a time zone")
        present = [(n, v) for n, v in steps if v is not None]
        for (before_name, before), (name, value) in zip(present, present[1:], strict=False):
            if value < before:
                raise InvalidInput.for_field(name, f"is before {before_name}")
        if self.transfer_of_care is not None and self.arrived is None:
            raise InvalidInput.for_field("transfer_of_care", "recorded without arrival")

    @property
    def key(self) -> tuple[str, str]:
        """What an alert is raised once for: this unit on this incident."""
        return (self.unit_id, self.incident_id)

    def waiting_at(self, now: datetime) -> bool:
        """Arrived and not yet handed over at ``now``."""
        return (
            self.arrived is not None
            and self.arrived <= now
            and (self.transfer_of_care is None or self.transfer_of_care > now)
        )


def offload_interval_s(t: TransportTimeline, now: datetime | None = None) -> float | None:
    """Seconds from arrival to transfer of care; still waiting: up to ``now`` (None without)."""
    if t.arrived is None:
        return None
    end = t.transfer_of_care
    if end is None or (now is not None and end > now):
        if now is None:
            return None
        end = now
    return max((end - t.arrived).total_seconds(), 0.0)


def _check_threshold(threshold_s: float) -> None:
    if not (math.isfinite(threshold_s) and threshold_s > 0):
        raise InvalidInput.for_field("threshold_s", "must be more than 0 seconds")


def offload_alert_at(
    t: TransportTimeline, threshold_s: float = DEFAULT_OFFLOAD_THRESHOLD_S
) -> datetime | None:
    """When this transport's offload alert falls due; None if it never does (handed over in
    time, or not arrived). Lets the service schedule a wake-up instead of polling."""
    _check_threshold(threshold_s)
    if t.arrived is None:
        return None
    due = t.arrived + timedelta(seconds=threshold_s)
    if t.transfer_of_care is not None and t.transfer_of_care <= due:
        return None
    return due


def offload_alert_due(
    t: TransportTimeline,
    now: datetime,
    threshold_s: float = DEFAULT_OFFLOAD_THRESHOLD_S,
    already_alerted: bool = False,
) -> bool:
    """True once the unit has waited ``threshold_s`` (at the threshold, not before) and is
    still waiting at ``now``, unless the alert was already raised."""
    due = offload_alert_at(t, threshold_s)
    return not already_alerted and due is not None and due <= now and t.waiting_at(now)


@dataclass(frozen=True)
class OffloadAlert:
    unit_id: str
    incident_id: str
    facility_id: str
    arrived: datetime
    waiting_s: float
    threshold_s: float


def offload_alerts_due(
    timelines: Iterable[TransportTimeline],
    now: datetime,
    threshold_s: float = DEFAULT_OFFLOAD_THRESHOLD_S,
    alerted: Collection[tuple[str, str]] = (),
) -> tuple[OffloadAlert, ...]:
    """The alerts to raise now; ``alerted`` holds the ``key`` of every alert already raised."""
    out = []
    for t in timelines:
        if offload_alert_due(t, now, threshold_s, t.key in alerted) and t.arrived is not None:
            waiting = (now - t.arrived).total_seconds()
            out.append(
                OffloadAlert(
                    t.unit_id, t.incident_id, t.facility_id, t.arrived, waiting, threshold_s
                )
            )
    return tuple(sorted(out, key=lambda a: (a.arrived, a.unit_id)))


@dataclass(frozen=True)
class WaitingUnit:
    unit_id: str
    incident_id: str
    arrived: datetime
    waiting_s: float
    alert_due: bool  # waited the threshold or longer


def units_waiting(
    timelines: Iterable[TransportTimeline],
    now: datetime,
    threshold_s: float = DEFAULT_OFFLOAD_THRESHOLD_S,
) -> Mapping[str, tuple[WaitingUnit, ...]]:
    """Per facility id, the units arrived and not yet handed over, longest wait first."""
    _check_threshold(threshold_s)
    by_facility: dict[str, list[WaitingUnit]] = {}
    for t in timelines:
        if t.arrived is not None and t.waiting_at(now):
            waiting = (now - t.arrived).total_seconds()
            unit = WaitingUnit(t.unit_id, t.incident_id, t.arrived, waiting, waiting >= threshold_s)
            by_facility.setdefault(t.facility_id, []).append(unit)
    return {
        facility: tuple(sorted(units, key=lambda u: (u.arrived, u.unit_id)))
        for facility, units in sorted(by_facility.items())
    }


@dataclass(frozen=True)
class OffloadSummary:
    facility_id: str
    count: int
    median_s: float
    p90_s: float
    max_s: float
    over_threshold: int  # longer than the threshold (the standard is met at or under it)


def offload_summary(
    timelines: Iterable[TransportTimeline], threshold_s: float = DEFAULT_OFFLOAD_THRESHOLD_S
) -> Mapping[str, OffloadSummary]:
    """Completed offload intervals per facility: median, 90th percentile (nearest rank), max,
    and how many passed the threshold. Transports still waiting are not counted."""
    _check_threshold(threshold_s)
    intervals: dict[str, list[float]] = {}
    for t in timelines:
        if t.transfer_of_care is not None:
            seconds = offload_interval_s(t)
            if seconds is not None:
                intervals.setdefault(t.facility_id, []).append(seconds)
    return {
        facility: OffloadSummary(
            facility_id=facility,
            count=len(values),
            median_s=_nearest_rank(sorted(values), 0.5),
            p90_s=_nearest_rank(sorted(values), 0.9),
            max_s=max(values),
            over_threshold=sum(v > threshold_s for v in values),
        )
        for facility, values in sorted(intervals.items())
    }


def _nearest_rank(ordered: list[float], q: float) -> float:
    return ordered[max(math.ceil(q * len(ordered)) - 1, 0)]
