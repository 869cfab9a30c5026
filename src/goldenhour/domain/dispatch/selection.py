"""The units recommendation proposes, without the explanations: for the planning simulation.

A dispatcher's screen needs every unit ranked per role with its reasons and every excluded
unit with why (:func:`~goldenhour.domain.dispatch.recommendation.recommend`). A simulated year
dispatches some 160,000 calls and needs only the answer: which unit fills which role. This
computes exactly the suggestions ``recommend`` makes for units that are all ready (available
or returning, staffed, positioned, routed) — the same order (:func:`rank_key`), the same role
order, the same intercept rule — with one sort per call instead of one per role and no
objects per unit. A property test holds the two to the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from goldenhour.domain.dispatch.recommendation import (
    INTERCEPT_ROLE,
    RecommendConfig,
    may_intercept,
    rank_key,
    role_order,
)
from goldenhour.domain.triage.priority import Priority
from goldenhour.domain.triage.response_plan import Role
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel

TRANSPORT, FIRST_RESPONSE = UnitType.TRANSPORT, UnitType.FIRST_RESPONSE


class ReadyUnit(NamedTuple):
    """A unit ready for this call; ``ref`` is the caller's own handle on it (e.g. an index)."""

    eta_s: float
    unit_id: str
    unit_type: UnitType
    level: CareLevel
    ref: int


class Pick(NamedTuple):
    role: str
    ref: int


def select_units(
    roles: Sequence[Role],
    priority: Priority,
    call_level: CareLevel,
    units: Sequence[ReadyUnit],
    config: RecommendConfig,
) -> list[Pick]:
    """One distinct unit per role (plus the unit to meet an intercept), in the plan's order."""
    margin = config.als_preservation_margin_s
    target = config.response_targets_s.get(priority)
    ranked = sorted(units, key=lambda u: rank_key(u.eta_s, u.level, call_level, u.unit_id, margin))
    taken: set[int] = set()
    chosen: dict[int, list[Pick]] = {}
    for i, role, intercepts in _in_role_order(tuple(roles)):
        fitting = [
            u for u in ranked if u.unit_type in role.unit_types and u.level >= role.min_level
        ]
        picks = _intercept(role, fitting, ranked, target, taken) if intercepts else []
        if not picks:
            best = next((u for u in fitting if u.ref not in taken), None)
            picks = [] if best is None else [Pick(role.name, best.ref)]
        taken.update(p.ref for p in picks)
        chosen[i] = picks
    return [p for i in range(len(roles)) for p in chosen[i]]


@cache
def _in_role_order(roles: tuple[Role, ...]) -> tuple[tuple[int, Role, bool], ...]:
    """Each role's index, the role and whether it may intercept, in :func:`role_order`: the
    same few plans come back call after call, so this is worked out once per plan."""
    return tuple((i, roles[i], may_intercept(roles[i])) for i in role_order(roles))


def _intercept(
    role: Role,
    fitting: list[ReadyUnit],
    ranked: list[ReadyUnit],
    target: float | None,
    taken: set[int],
) -> list[Pick]:
    """A lower-level transport now and the level the role needs to meet it, when only a
    lower-level transport makes the target (empty when the rule does not apply); only for a
    role that :func:`may_intercept`."""
    if target is None or any(u.eta_s <= target for u in fitting):
        return []
    now = next(
        (
            u
            for u in ranked
            if u.unit_type is TRANSPORT
            and CareLevel.BLS <= u.level < role.min_level
            and u.eta_s <= target
            and u.ref not in taken
        ),
        None,
    )
    if now is None:
        return []
    meet = next(
        (
            u
            for u in ranked
            if u.unit_type in (TRANSPORT, FIRST_RESPONSE)
            and u.level >= role.min_level
            and u.ref not in taken
        ),
        None,
    )
    picks = [Pick(role.name, now.ref)]
    return picks if meet is None else [*picks, Pick(INTERCEPT_ROLE, meet.ref)]
