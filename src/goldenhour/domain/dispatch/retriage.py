"""Upgrade and downgrade: when triage changes, which units stay, which roles open, who goes.

A caller calls back ("he stopped breathing"), or the first crew on scene reports a minor
injury: the plan changes while units are already moving. The units already assigned are
matched to the new plan's roles (a maximum matching, so no role is left open that a unit
already on the way could fill); roles no assigned unit fits are unfilled (recommend for them),
assigned units no role needs can be released, and kept units whose mode changed are told to
go emergent or to slow down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from goldenhour.domain.triage.priority import ResponseMode
from goldenhour.domain.triage.response_plan import Role, UnitType
from goldenhour.domain.units.levels_of_care import CareLevel


@dataclass(frozen=True)
class Assignment:
    unit_id: str
    role: str
    unit_type: UnitType
    level: CareLevel
    mode: ResponseMode


@dataclass(frozen=True)
class Kept:
    assignment: Assignment
    role: Role
    mode_change: ResponseMode | None  # the new mode when it differs from the unit's current one


@dataclass(frozen=True)
class Retriage:
    kept: tuple[Kept, ...]
    unfilled: tuple[Role, ...]
    releasable: tuple[Assignment, ...]


def retriage(assignments: Sequence[Assignment], new_roles: Sequence[Role]) -> Retriage:
    """Match current assignments to ``new_roles``; report kept, unfilled and releasable."""
    options = [_options(role, assignments) for role in new_roles]
    unit_of_role: dict[int, int] = {}  # role index -> assignment index
    role_of_unit: dict[int, int] = {}

    def augment(r: int, seen: set[int]) -> bool:
        # Kuhn's augmenting path: take a free unit, or move its holder to another unit.
        for a in options[r]:
            if a in seen:
                continue
            seen.add(a)
            if a not in role_of_unit or augment(role_of_unit[a], seen):
                unit_of_role[r], role_of_unit[a] = a, r
                return True
        return False

    for r in range(len(new_roles)):
        augment(r, set())
    kept = tuple(
        _kept(assignments[unit_of_role[r]], role)
        for r, role in enumerate(new_roles)
        if r in unit_of_role
    )
    unfilled = tuple(role for r, role in enumerate(new_roles) if r not in unit_of_role)
    releasable = tuple(a for i, a in enumerate(assignments) if i not in role_of_unit)
    return Retriage(kept, unfilled, releasable)


def fits_role(assignment: Assignment, role: Role) -> bool:
    return role.accepts_type(assignment.unit_type) and assignment.level >= role.min_level


def _options(role: Role, assignments: Sequence[Assignment]) -> list[int]:
    """Assignments that fit ``role``: the unit already in that role first, then lowest level,
    so the units left over for release are the higher-level ones."""
    fitting = [i for i, a in enumerate(assignments) if fits_role(a, role)]
    return sorted(fitting, key=lambda i: (assignments[i].role != role.name, assignments[i].level))


def _kept(assignment: Assignment, role: Role) -> Kept:
    change = role.mode if role.mode is not assignment.mode else None
    return Kept(assignment, role, change)
