"""Response-time intervals from NEMSIS eTimes, for the first unit on scene or for every unit.

An interval runs between two stamps of one unit response (the PSAP call time, eTimes.01, is
the incident's and is carried on each of its unit rows). By default each incident counts once,
through its **first unit on scene** (the earliest eTimes.06), which is what a patient waits
for; per-unit measurement counts every unit response instead.

Nothing is dropped silently. An incident whose every unit was cancelled, or that no unit
reached, is excluded from every interval with that reason; an interval whose start or end
stamp is missing on the measured unit, or whose end comes before its start, is excluded from
that interval alone, with the reason and the incident named.

The table is columnar (numpy arrays, seconds since the epoch, NaN for a missing stamp) so a
county's year — half a million unit responses — is measured in well under a second.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from goldenhour.domain.dispatch.codes import TimeElement

T = TimeElement


class Stamp(StrEnum):
    """The stamps a response-time table carries: the generic CSV's column names."""

    PSAP_CALL = "psap_call"
    UNIT_NOTIFIED = "unit_notified"
    EN_ROUTE = "en_route"
    ON_SCENE = "on_scene"
    AT_PATIENT = "at_patient"
    LEFT_SCENE = "left_scene"
    AT_DESTINATION = "at_destination"
    TRANSFER_OF_CARE = "transfer_of_care"
    BACK_IN_SERVICE = "back_in_service"
    CANCELLED = "cancelled"

    @property
    def element(self) -> TimeElement:
        """The NEMSIS eTimes element this stamp is."""
        return _ELEMENTS[self]


_ELEMENTS = {
    Stamp.PSAP_CALL: T.PSAP_CALL,
    Stamp.UNIT_NOTIFIED: T.UNIT_NOTIFIED,
    Stamp.EN_ROUTE: T.EN_ROUTE,
    Stamp.ON_SCENE: T.ON_SCENE,
    Stamp.AT_PATIENT: T.AT_PATIENT,
    Stamp.LEFT_SCENE: T.LEFT_SCENE,
    Stamp.AT_DESTINATION: T.AT_DESTINATION,
    Stamp.TRANSFER_OF_CARE: T.DESTINATION_TRANSFER_OF_CARE,
    Stamp.BACK_IN_SERVICE: T.BACK_IN_SERVICE,
    Stamp.CANCELLED: T.CANCELED,
}
STAMP_OF_ELEMENT = {element: stamp for stamp, element in _ELEMENTS.items()}


@dataclass(frozen=True)
class Interval:
    name: str
    label: str
    start: Stamp
    end: Stamp


S = Stamp
INTERVALS: tuple[Interval, ...] = (
    Interval("call_processing", "Call processing", S.PSAP_CALL, S.UNIT_NOTIFIED),
    Interval("turnout", "Turnout", S.UNIT_NOTIFIED, S.EN_ROUTE),
    Interval("travel", "Travel", S.EN_ROUTE, S.ON_SCENE),
    Interval("response", "Response", S.PSAP_CALL, S.ON_SCENE),
    Interval("at_patient", "Scene to patient", S.ON_SCENE, S.AT_PATIENT),
    Interval("on_scene", "On scene", S.ON_SCENE, S.LEFT_SCENE),
    Interval("transport", "Transport", S.LEFT_SCENE, S.AT_DESTINATION),
    Interval("offload", "Offload", S.AT_DESTINATION, S.TRANSFER_OF_CARE),
    Interval("back_in_service", "Back in service", S.TRANSFER_OF_CARE, S.BACK_IN_SERVICE),
)
BY_NAME = {interval.name: interval for interval in INTERVALS}
# The intervals a response-time report leads with; the cascade draws these in order.
RESPONSE_INTERVALS = ("call_processing", "turnout", "travel", "response")

CANCELLED = "cancelled"
NO_UNIT_ON_SCENE = "no unit on scene"
OUT_OF_ORDER = "out of order"


def codes_of(values: NDArray[np.str_]) -> NDArray[np.intp]:
    """``values`` as 0..k-1 in sorted order of the distinct values (one sort of the text)."""
    return np.unique(values, return_inverse=True)[1].reshape(-1).astype(np.intp)


def missing(stamp: Stamp) -> str:
    return f"missing {stamp.element.value} ({stamp.value})"


@dataclass(frozen=True)
class Responses:
    """Unit responses as columns: one row per unit on an incident.

    ``times`` maps a stamp to seconds since the epoch (NaN: not stamped); ``labels`` holds the
    text columns a report groups by (``zone``, ``priority``, ``unit``, a month, a shift).
    ``called_off`` marks responses cancelled without a cancel time (an old CAD that records
    only the call's disposition); a cancel stamp (eTimes.14) marks them too."""

    incident: NDArray[np.str_]
    unit: NDArray[np.str_]
    times: Mapping[Stamp, NDArray[np.float64]]
    labels: Mapping[str, NDArray[np.str_]]
    called_off: NDArray[np.bool_] | None = None

    def __len__(self) -> int:
        return len(self.incident)

    @cached_property
    def incident_codes(self) -> NDArray[np.intp]:
        """Each row's incident as a number 0..k-1 (sorting numbers beats sorting text)."""
        return codes_of(self.incident)

    @property
    def incidents(self) -> int:
        return int(self.incident_codes.max()) + 1 if len(self) else 0

    def stamp(self, stamp: Stamp) -> NDArray[np.float64]:
        found = self.times.get(stamp)
        return found if found is not None else np.full(len(self), np.nan)

    @property
    def cancelled(self) -> NDArray[np.bool_]:
        stamped = ~np.isnan(self.stamp(Stamp.CANCELLED))
        return stamped if self.called_off is None else stamped | self.called_off


@dataclass(frozen=True)
class Measured:
    """One interval: the measured rows and seconds, and every row left out with its reason."""

    interval: Interval
    rows: NDArray[np.intp]
    seconds: NDArray[np.float64]
    excluded_rows: NDArray[np.intp]
    excluded_reasons: NDArray[np.str_]

    def exclusions(self, responses: Responses) -> dict[str, object]:
        """Counts by reason and each excluded incident (and its unit), for the report."""
        reasons, counts = np.unique(self.excluded_reasons, return_counts=True)
        pairs = zip(self.excluded_rows.tolist(), self.excluded_reasons.tolist(), strict=True)
        listed = [
            {
                "incident": str(responses.incident[row]),
                "unit": str(responses.unit[row]),
                "reason": r,
            }
            for row, r in pairs
        ]
        return {
            "n": len(self.excluded_rows),
            "by_reason": {str(r): int(c) for r, c in zip(reasons, counts, strict=True)},
            "responses": listed,
        }


@dataclass(frozen=True)
class Measurable:
    """The rows an interval may be measured on, and those excluded from every interval."""

    rows: NDArray[np.intp]
    excluded_rows: NDArray[np.intp]
    excluded_reasons: NDArray[np.str_]


def first_on_scene(responses: Responses) -> Measurable:
    """Each incident's first unit on scene (earliest eTimes.06 among units not cancelled).

    An incident whose every unit was cancelled is excluded as cancelled; one that no unit
    reached as "no unit on scene" (its first row stands for it in the list)."""
    n = len(responses)
    if n == 0:
        empty = np.empty(0, dtype=np.intp)
        return Measurable(empty, empty, np.empty(0, dtype=np.str_))
    on_scene = responses.stamp(Stamp.ON_SCENE)
    cancelled = responses.cancelled
    candidate = ~cancelled & ~np.isnan(on_scene)
    # Rows that cannot be first sort last (infinite arrival); lexsort is stable, so among
    # equal arrivals the earlier row wins.
    arrival = np.where(candidate, on_scene, np.inf)
    order = np.lexsort((arrival, responses.incident_codes))
    sorted_incident = responses.incident_codes[order]
    starts = np.flatnonzero(np.r_[True, sorted_incident[1:] != sorted_incident[:-1]])
    first = order[starts]
    all_cancelled = np.logical_and.reduceat(cancelled[order], starts)
    reached = candidate[first]
    excluded = ~reached
    reasons = np.where(all_cancelled[excluded], CANCELLED, NO_UNIT_ON_SCENE)
    return Measurable(np.sort(first[reached]), first[excluded], reasons.astype(np.str_))


def every_unit(responses: Responses) -> Measurable:
    """Every unit response that was not cancelled."""
    cancelled = responses.cancelled
    rows = np.flatnonzero(~cancelled)
    excluded = np.flatnonzero(cancelled)
    return Measurable(rows, excluded, np.full(len(excluded), CANCELLED, dtype=np.str_))


def measure(responses: Responses, measurable: Measurable, interval: Interval) -> Measured:
    """``interval`` on the measurable rows; missing and out-of-order stamps are excluded."""
    rows = measurable.rows
    start = responses.stamp(interval.start)[rows]
    end = responses.stamp(interval.end)[rows]
    no_start, no_end = np.isnan(start), np.isnan(end)
    backwards = ~no_start & ~no_end & (end < start)
    bad = no_start | no_end | backwards
    reasons = np.where(
        no_start, missing(interval.start), np.where(no_end, missing(interval.end), OUT_OF_ORDER)
    )[bad]
    good = ~bad
    return Measured(
        interval=interval,
        rows=rows[good],
        seconds=(end - start)[good],
        excluded_rows=np.concatenate([measurable.excluded_rows, rows[bad]]),
        excluded_reasons=np.concatenate([measurable.excluded_reasons, reasons]).astype(np.str_),
    )


def measure_all(
    responses: Responses, per_unit: bool = False, names: Sequence[str] | None = None
) -> dict[str, Measured]:
    """Every named interval (all of them by default), first unit on scene unless ``per_unit``."""
    measurable = every_unit(responses) if per_unit else first_on_scene(responses)
    chosen = [BY_NAME[name] for name in names] if names else list(INTERVALS)
    return {interval.name: measure(responses, measurable, interval) for interval in chosen}
