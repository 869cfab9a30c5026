"""Recommendation: for each role of the response plan, the fitting units ranked by road ETA.

Beyond "nearest unit" this encodes what dispatch centres do:

* **Keep ALS for ALS calls.** A unit whose level is ALS or above and above what the call needs
  is *held back*: it is ranked as if it were ``als_preservation_margin_s`` farther, so a BLS
  call gets the BLS unit whenever that unit's ETA is within the margin of the nearest ALS unit.
* **ALS intercept.** When a transport role needs ALS, no ALS unit can make the priority's
  response-time target, but a lower-level transport can, the role also carries an intercept:
  send that transport now and the nearest ALS unit to meet it.
* **First responder plus transport.** Roles are filled by distinct units, the most demanding
  role first, so the nearest engine does not take the ambulance's place.
* Units returning from a call and available on the radio are candidates like units in quarters.

Every unit not recommended for a role is listed with why, so the dispatcher never wonders
where a unit went. ETAs are computed by the caller (routing adapter, emergency mode).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.triage.priority import Priority
from goldenhour.domain.triage.response_plan import Role, UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.domain.units.timeline import DISPATCHABLE, UnitStatus

INTERCEPT_ROLE = "intercept"


@dataclass(frozen=True)
class UnitCandidate:
    """A unit as recommendation sees it.

    ``level`` is the unit's derived level (``units.crew_level.derive_unit_level``), None when its
    crew on duty cannot staff it at any level; ``eta_s`` None means no route to the incident.
    """

    unit_id: str
    unit_type: UnitType
    level: CareLevel | None
    status: UnitStatus
    position_age_s: float | None
    eta_s: float | None


def _default_targets() -> Mapping[Priority, float]:
    # NFPA 1710: ALS within 480 s of travel for the most urgent calls; lower priorities looser.
    return {Priority.P1: 480.0, Priority.P2: 600.0, Priority.P3: 900.0, Priority.P4: 1800.0}


@dataclass(frozen=True)
class RecommendConfig:
    """Agency settings: how much slower a BLS unit may be before an ALS unit goes instead,
    how old a position may be, and the travel-time target per priority (none: no intercept)."""

    als_preservation_margin_s: float = 120.0
    stale_position_s: float = 300.0
    response_targets_s: Mapping[Priority, float] = field(default_factory=_default_targets)

    def __post_init__(self) -> None:
        if not self.als_preservation_margin_s >= 0:
            raise InvalidInput.for_field("als_preservation_margin_s", "must be 0 or more seconds")
        if not self.stale_position_s > 0:
            raise InvalidInput.for_field("stale_position_s", "must be more than 0 seconds")
        for priority, target in self.response_targets_s.items():
            if not target > 0:
                raise InvalidInput.for_field(
                    f"response_targets_s.{priority.name}", "must be more than 0 seconds"
                )


class Exclusion(StrEnum):
    OUT_OF_SERVICE = "out_of_service"
    BUSY = "busy"
    NOT_STAFFED = "not_staffed"
    NO_RECENT_POSITION = "no_recent_position"
    NO_ROUTE = "no_route"
    WRONG_TYPE = "wrong_type"
    LEVEL_TOO_LOW = "level_too_low"


@dataclass(frozen=True)
class Excluded:
    unit_id: str
    why: Exclusion
    detail: str


@dataclass(frozen=True)
class Ranked:
    unit_id: str
    unit_type: UnitType
    level: CareLevel
    eta_s: float
    held_back: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Intercept:
    """Send ``send_now`` (lower level, makes the target) and ``to_meet`` (the level needed)."""

    send_now: tuple[Ranked, ...]
    to_meet: tuple[Ranked, ...]
    reason: str


@dataclass(frozen=True)
class RoleRecommendation:
    role: Role
    candidates: tuple[Ranked, ...]
    excluded: tuple[Excluded, ...]
    intercept: Intercept | None


@dataclass(frozen=True)
class Suggestion:
    role: str
    unit_id: str
    note: str


@dataclass(frozen=True)
class Recommendation:
    roles: tuple[RoleRecommendation, ...]
    suggestions: tuple[Suggestion, ...]
    unfilled: tuple[str, ...]


def recommend(
    roles: Sequence[Role],
    priority: Priority,
    call_level: CareLevel,
    units: Iterable[UnitCandidate],
    config: RecommendConfig,
) -> Recommendation:
    """Rank units for every role, propose one distinct unit per role, say what is unfilled."""
    pool = list(units)
    unavailable = [_unavailable(u, config) for u in pool]  # the same for every role
    ready = [u for u, why in zip(pool, unavailable, strict=True) if why is None]
    target = config.response_targets_s.get(priority)
    per_role = tuple(
        _for_role(role, priority, call_level, pool, unavailable, ready, target, config)
        for role in roles
    )
    suggestions, unfilled = _suggest(per_role)
    return Recommendation(per_role, suggestions, unfilled)


def _for_role(
    role: Role,
    priority: Priority,
    call_level: CareLevel,
    pool: list[UnitCandidate],
    unavailable: list[Excluded | None],
    ready: list[UnitCandidate],
    target: float | None,
    config: RecommendConfig,
) -> RoleRecommendation:
    excluded = [why or _unfit(u, role) for u, why in zip(pool, unavailable, strict=True)]
    fitting = [u for u, why in zip(pool, excluded, strict=True) if why is None]
    candidates = _rank(fitting, role.min_level, call_level, priority, target, config)
    intercept = _intercept(role, priority, call_level, candidates, ready, target, config)
    return RoleRecommendation(role, candidates, tuple(e for e in excluded if e), intercept)


def _unavailable(unit: UnitCandidate, config: RecommendConfig) -> Excluded | None:
    """Why the unit cannot go to any call now, or None when it can."""
    if unit.status is UnitStatus.OUT_OF_SERVICE:
        return Excluded(unit.unit_id, Exclusion.OUT_OF_SERVICE, "out of service")
    if unit.status not in DISPATCHABLE:
        return Excluded(unit.unit_id, Exclusion.BUSY, f"busy: {unit.status.value}")
    if unit.level is None:
        detail = "the crew on duty cannot staff the unit at any level of care"
        return Excluded(unit.unit_id, Exclusion.NOT_STAFFED, detail)
    if unit.position_age_s is None or unit.position_age_s > config.stale_position_s:
        age = "none" if unit.position_age_s is None else f"{unit.position_age_s:.0f} s old"
        detail = f"no recent position (latest: {age}; limit {config.stale_position_s:.0f} s)"
        return Excluded(unit.unit_id, Exclusion.NO_RECENT_POSITION, detail)
    if unit.eta_s is None:
        return Excluded(unit.unit_id, Exclusion.NO_ROUTE, "no road route to the incident")
    return None


def _unfit(unit: UnitCandidate, role: Role) -> Excluded | None:
    """Why a unit that could go does not fit the role, or None when it does."""
    if not role.accepts_type(unit.unit_type):
        detail = f"{unit.unit_type.value} unit cannot fill the {role.name} role"
        return Excluded(unit.unit_id, Exclusion.WRONG_TYPE, detail)
    assert unit.level is not None  # checked by _unavailable
    if unit.level < role.min_level:
        detail = f"level {unit.level.name} is below the {role.min_level.name} the role needs"
        return Excluded(unit.unit_id, Exclusion.LEVEL_TOO_LOW, detail)
    return None


def held_back(unit_level: CareLevel, call_level: CareLevel) -> bool:
    """An ALS-or-above unit is kept for calls that need it when this call needs less."""
    return unit_level >= CareLevel.ALS and unit_level > call_level


def rank_key(
    eta_s: float, level: CareLevel, call_level: CareLevel, unit_id: str, margin_s: float
) -> tuple[float, bool, float, str]:
    """The order of units for a role: ETA, a held-back unit as if ``margin_s`` farther; ties go
    to the unit not held back, then the nearer, then the unit id (a total order)."""
    return _order(eta_s, held_back(level, call_level), unit_id, margin_s)


def _order(
    eta_s: float, keep: bool, unit_id: str, margin_s: float
) -> tuple[float, bool, float, str]:
    """``rank_key`` of a unit already known to be held back or not."""
    return (eta_s + (margin_s if keep else 0.0), keep, eta_s, unit_id)


def role_order(roles: Sequence[Role]) -> list[int]:
    """The order roles choose their units in: the most demanding level first, transport roles
    before others at the same level, then the plan's order."""
    return sorted(
        range(len(roles)),
        key=lambda i: (-roles[i].min_level, not roles[i].accepts_type(UnitType.TRANSPORT), i),
    )


def may_intercept(role: Role) -> bool:
    """Only a role that is purely an ALS-or-above transport can take a lower-level transport
    now and the level it needs to meet it; a role that is itself the unit to meet (the
    intercept) has nothing to intercept."""
    return role.min_level >= CareLevel.ALS and role.unit_types == {UnitType.TRANSPORT}


def _rank(
    units: Iterable[UnitCandidate],
    role_level: CareLevel,
    call_level: CareLevel,
    priority: Priority,
    target: float | None,
    config: RecommendConfig,
) -> tuple[Ranked, ...]:
    margin = config.als_preservation_margin_s
    # What every unit's reasons share, worked out once per role rather than once per unit.
    meets = f"meets {role_level.name}"
    held = f"unit held back for calls that need it: ranked as if {margin:.0f} s farther"
    goal = None if target is None else f"the {priority.label} target of {target:.0f} s"
    ranked = []
    for unit in units:
        assert unit.eta_s is not None and unit.position_age_s is not None
        assert unit.level is not None  # only ready units are ranked
        keep = held_back(unit.level, call_level)
        level = unit.level.name
        reasons = [
            f"ETA {unit.eta_s:.0f} s",
            f"level {level} {meets}",
            f"position {unit.position_age_s:.0f} s old",
        ]
        if unit.status is UnitStatus.RETURNING:
            reasons.append("available on the radio while returning")
        if keep:
            reasons.append(f"{level} {held}")
        if target is not None:
            side = "within" if unit.eta_s <= target else "beyond"
            reasons.append(f"{side} {goal}")
        ranked.append(
            Ranked(unit.unit_id, unit.unit_type, unit.level, unit.eta_s, keep, tuple(reasons))
        )
    ranked.sort(key=lambda r: _order(r.eta_s, r.held_back, r.unit_id, margin))
    return tuple(ranked)


def _intercept(
    role: Role,
    priority: Priority,
    call_level: CareLevel,
    candidates: tuple[Ranked, ...],
    ready: list[UnitCandidate],
    target: float | None,
    config: RecommendConfig,
) -> Intercept | None:
    """BLS now + ALS to meet, when only a lower-level transport can make the target."""
    if target is None or not may_intercept(role) or any(c.eta_s <= target for c in candidates):
        return None
    lower = [
        u
        for u in ready
        if u.unit_type is UnitType.TRANSPORT
        and u.level is not None
        and CareLevel.BLS <= u.level < role.min_level
        and u.eta_s is not None
        and u.eta_s <= target
    ]
    if not lower:
        return None
    meeting = [
        u
        for u in ready
        if u.unit_type in (UnitType.TRANSPORT, UnitType.FIRST_RESPONSE)
        and u.level is not None
        and u.level >= role.min_level
    ]
    return Intercept(
        send_now=_rank(lower, CareLevel.BLS, call_level, priority, target, config),
        to_meet=_rank(meeting, role.min_level, call_level, priority, target, config),
        reason=(
            f"no {role.min_level.name} unit can arrive within the {priority.label} target of "
            f"{target:.0f} s: send a transport now and {role.min_level.name} to meet it"
        ),
    )


def _suggest(
    per_role: tuple[RoleRecommendation, ...],
) -> tuple[tuple[Suggestion, ...], tuple[str, ...]]:
    """One distinct unit per role, the most demanding roles choosing first."""
    order = role_order([r.role for r in per_role])
    taken: set[str] = set()
    chosen: dict[int, list[Suggestion]] = {}
    for i in order:
        rec = per_role[i]
        picks = _pick(rec, taken)
        taken.update(s.unit_id for s in picks)
        chosen[i] = picks
    suggestions = tuple(s for i in range(len(per_role)) for s in chosen[i])
    filled = {s.role for s in suggestions}
    unfilled = tuple(r.role.name for r in per_role if r.role.name not in filled)
    return suggestions, unfilled


def _pick(rec: RoleRecommendation, taken: set[str]) -> list[Suggestion]:
    if rec.intercept is not None:
        now = _first_free(rec.intercept.send_now, taken)
        if now is not None:
            picks = [Suggestion(rec.role.name, now.unit_id, rec.intercept.reason)]
            meet = _first_free(rec.intercept.to_meet, taken | {now.unit_id})
            if meet is not None:
                picks.append(Suggestion(INTERCEPT_ROLE, meet.unit_id, "to meet the transport"))
            return picks
    best = _first_free(rec.candidates, taken)
    return [] if best is None else [Suggestion(rec.role.name, best.unit_id, best.reasons[0])]


def _first_free(ranked: tuple[Ranked, ...], taken: set[str]) -> Ranked | None:
    return next((r for r in ranked if r.unit_id not in taken), None)
