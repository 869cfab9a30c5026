"""The unit status state machine: where a unit is in its timeline, and what each step stamps.

Only the transitions listed in ``TRANSITIONS`` exist; anything else (a jump from en route to
transporting, a second "on scene") is refused with the from/to named, because a skipped step
is a missing NEMSIS time and a hole in the response-time report. Each transition returns the
NEMSIS eTimes elements it stamps on the incident the unit is serving.

    available ─► dispatched ─► en_route ─► on_scene ─► at_patient ─► transporting ─► at_destination
        ▲  │          │            │          │             │                            │
        │  ▼          └── cancel ──┴─► returning ◄─ no patient / no transport ◄──────────┘ clear
        │ out_of_service               │  (available on the radio: may be dispatched again)
        └──────────── back at home ◄───┘
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from goldenhour.domain.dispatch.codes import TimeElement
from goldenhour.domain.shared.errors import Conflict, InvalidInput
from goldenhour.domain.triage.priority import Priority, parse_priority


class UnitStatus(StrEnum):
    AVAILABLE = "available"
    DISPATCHED = "dispatched"
    EN_ROUTE = "en_route"
    ON_SCENE = "on_scene"
    AT_PATIENT = "at_patient"
    TRANSPORTING = "transporting"
    AT_DESTINATION = "at_destination"
    RETURNING = "returning"
    OUT_OF_SERVICE = "out_of_service"


S = UnitStatus
T = TimeElement

# Every allowed (from, to) pair and the NEMSIS times it stamps, in order.
TRANSITIONS: Mapping[tuple[UnitStatus, UnitStatus], tuple[TimeElement, ...]] = {
    (S.AVAILABLE, S.DISPATCHED): (T.UNIT_NOTIFIED,),
    (S.RETURNING, S.DISPATCHED): (T.UNIT_NOTIFIED,),
    (S.DISPATCHED, S.EN_ROUTE): (T.EN_ROUTE,),
    (S.EN_ROUTE, S.ON_SCENE): (T.ON_SCENE,),
    (S.ON_SCENE, S.AT_PATIENT): (T.AT_PATIENT,),
    (S.AT_PATIENT, S.TRANSPORTING): (T.LEFT_SCENE,),
    (S.TRANSPORTING, S.AT_DESTINATION): (T.AT_DESTINATION,),
    (S.AT_DESTINATION, S.RETURNING): (T.BACK_IN_SERVICE,),
    # Cancelled before arrival: NEMSIS still requires the back-in-service time (eTimes.13).
    (S.DISPATCHED, S.RETURNING): (T.CANCELED, T.BACK_IN_SERVICE),
    (S.EN_ROUTE, S.RETURNING): (T.CANCELED, T.BACK_IN_SERVICE),
    # Cleared from the scene without transport (no patient found, treated and released).
    (S.ON_SCENE, S.RETURNING): (T.LEFT_SCENE, T.BACK_IN_SERVICE),
    (S.AT_PATIENT, S.RETURNING): (T.LEFT_SCENE, T.BACK_IN_SERVICE),
    (S.RETURNING, S.AVAILABLE): (T.BACK_AT_HOME,),
    # Out of service is only entered free of an incident, and left by going back in service.
    (S.AVAILABLE, S.OUT_OF_SERVICE): (),
    (S.RETURNING, S.OUT_OF_SERVICE): (),
    (S.OUT_OF_SERVICE, S.AVAILABLE): (),
}

DISPATCHABLE = frozenset({S.AVAILABLE, S.RETURNING})
ON_INCIDENT = frozenset(
    {S.DISPATCHED, S.EN_ROUTE, S.ON_SCENE, S.AT_PATIENT, S.TRANSPORTING, S.AT_DESTINATION}
)
DIVERTABLE = frozenset({S.DISPATCHED, S.EN_ROUTE})


@dataclass(frozen=True)
class Transition:
    from_status: UnitStatus
    to_status: UnitStatus
    stamps: tuple[TimeElement, ...]


def allowed_next(current: UnitStatus) -> tuple[UnitStatus, ...]:
    return tuple(to for (frm, to) in TRANSITIONS if frm is current)


def transition(current: UnitStatus, new: UnitStatus) -> Transition:
    """The transition ``current`` -> ``new``, or InvalidInput on ``status`` naming both."""
    stamps = TRANSITIONS.get((current, new))
    if stamps is None:
        options = ", ".join(allowed_next(current)) or "nothing"
        raise InvalidInput.for_field(
            "status",
            f"a unit cannot go from {current.value} to {new.value}; "
            f"from {current.value} it may go to {options}",
        )
    return Transition(current, new, stamps)


@dataclass(frozen=True)
class DivertPolicy:
    """Which (current call priority, new call priority) pairs allow diverting a unit."""

    allowed: frozenset[tuple[Priority, Priority]]

    @classmethod
    def higher_priority_only(cls) -> DivertPolicy:
        """Default: divert only to a strictly more urgent call, never away from priority 1."""
        return cls(
            frozenset(
                (current, new)
                for current in Priority
                for new in Priority
                if new < current and current is not Priority.P1
            )
        )

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[object, object]]) -> DivertPolicy:
        """Build from configuration pairs such as ``[(3, 1), ("non_emergent", 2)]``."""
        return cls(
            frozenset(
                (
                    parse_priority(current, f"divert_policy[{i}].from"),
                    parse_priority(new, f"divert_policy[{i}].to"),
                )
                for i, (current, new) in enumerate(pairs)
            )
        )

    def permits(self, current: Priority, new: Priority) -> bool:
        return (current, new) in self.allowed


@dataclass(frozen=True)
class Divert:
    """Stamps for both incidents when a unit is diverted; the unit ends up dispatched."""

    old_incident_stamps: tuple[TimeElement, ...]
    new_incident_stamps: tuple[TimeElement, ...]
    new_status: UnitStatus


def divert(status: UnitStatus, current: Priority, new: Priority, policy: DivertPolicy) -> Divert:
    """Divert a unit responding to a ``current``-priority call to a ``new``-priority call.

    Only a unit not yet on scene may be diverted: one that has reached a patient stays with
    them. The agency's policy decides which priority pairs allow it (Conflict when not).
    """
    if status not in DIVERTABLE:
        allowed = ", ".join(sorted(DIVERTABLE))
        raise InvalidInput.for_field(
            "status", f"a unit that is {status.value} cannot be diverted (only when {allowed})"
        )
    if not policy.permits(current, new):
        raise Conflict(
            f"divert policy does not allow taking a unit from a {current.label} call "
            f"to a {new.label} call"
        )
    return Divert(
        old_incident_stamps=(T.CANCELED, T.BACK_IN_SERVICE),
        new_incident_stamps=(T.UNIT_NOTIFIED,),
        new_status=S.DISPATCHED,
    )
