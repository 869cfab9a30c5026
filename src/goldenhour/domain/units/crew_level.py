"""A unit's level of care, derived from the crew actually on it, never typed in.

The level follows from who is on duty on the unit *at a given time*, whether each of them
holds a certification in good standing in the jurisdiction at that time, the unit's type
(transport ambulance, non-transport first response, supervisor) and what its equipment
supports. Staffing rules are per jurisdiction data (``data/staffing``), tried from the highest
level down; the result carries the reasons, including why each higher level was not reached,
so a dispatcher sees "ALS: no paramedic in good standing (J. Doe's certification expired
2026-03-31)" rather than a silent downgrade.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from typing import Any

from goldenhour.domain.credentials.certification_levels import (
    BY_SLUG,
    LEVELS,
    Level,
    ladder_rank,
    parse_level,
)
from goldenhour.domain.credentials.certifications import Credentials, require_aware
from goldenhour.domain.scope.rules import Reason
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput
from goldenhour.domain.shared.events import Event
from goldenhour.domain.units.levels_of_care import (
    CareLevel,
    nemsis_capability_code,
    parse_care_level,
)


class UnitType(StrEnum):
    TRANSPORT = "transport"
    FIRST_RESPONSE = "first-response"
    SUPERVISOR = "supervisor"


@dataclass(frozen=True)
class Unit:
    unit_id: str
    unit_type: UnitType
    equipment: CareLevel  # the highest level of care its equipment supports


@dataclass(frozen=True)
class CrewAssignment:
    """A provider on a unit from ``start`` until ``end`` (None: until further notice)."""

    unit_id: str
    credentials: Credentials
    start: datetime
    end: datetime | None = None

    def on_duty(self, at: datetime) -> bool:
        return self.start <= at and (self.end is None or at < self.end)


@dataclass(frozen=True)
class StaffingRule:
    care_level: CareLevel
    unit_types: frozenset[UnitType]
    lead: str
    crew: int
    lead_count: int = 1
    crew_at_or_above: str | None = None
    citation: str = ""


@dataclass(frozen=True)
class StaffingRules:
    name: str
    rules: tuple[StaffingRule, ...]  # highest level of care first
    jurisdiction: str | None = None
    placement: Mapping[str, str] | None = None

    @cached_property
    def rank_of(self) -> dict[str, int | None]:
        """Each level's rung on the ladder under this jurisdiction's placement."""
        return {level.slug: ladder_rank(level, self.placement or {}) for level in LEVELS}


@dataclass(frozen=True)
class UnitLevel:
    unit_id: str
    care_level: CareLevel | None  # None: the crew on duty cannot staff the unit at any level
    reasons: tuple[Reason, ...]
    nemsis_capability: str | None  # eResponse.07, from the unit type and its equipment


@dataclass(frozen=True)
class UnitLevelChanged(Event):
    unit_id: str
    previous: str | None
    current: str | None
    reasons: tuple[str, ...]


def derive_unit_level(
    unit: Unit, crew: Iterable[CrewAssignment], rules: StaffingRules, at: datetime
) -> UnitLevel:
    """The level of care ``unit`` can give at ``at`` with the crew assigned to it."""
    require_aware(at)
    rank_of = rules.rank_of
    layer = f"staffing:{rules.name}"
    reasons: list[Reason] = []
    ranks: list[int] = []
    for member in crew:
        if member.unit_id != unit.unit_id or not member.on_duty(at):
            continue
        cert = member.credentials.highest_in_good_standing(at, rules.jurisdiction, rank_of)
        if cert is None:
            problems = [
                c.problem_at(at, rules.jurisdiction) or ""
                for c in member.credentials.certifications
            ]
            detail = (
                "; ".join(p for p in problems if p) or "no certification placed on the EMS ladder"
            )
            reasons.append(Reason("crew", member.credentials.provider, "not counted", detail))
            continue
        ranks.append(rank_of[cert.level.slug] or 0)
        reasons.append(Reason("crew", member.credentials.provider, "counted", cert.label))
        for other in member.credentials.certifications:
            lapsed = other.problem_at(at, rules.jurisdiction)
            if lapsed is not None and (rank_of.get(other.level.slug) or 0) > ranks[-1]:
                reasons.append(Reason("crew", member.credentials.provider, "not counted", lapsed))
    capability = nemsis_capability_code(unit.equipment, unit.unit_type is UnitType.TRANSPORT)
    for index, rule in enumerate(rules.rules):
        if unit.unit_type not in rule.unit_types:
            continue
        problem = _unmet(rule, unit, ranks)
        rule_id = f"{rule.care_level.name}#{index + 1}"
        if problem is None:
            met = Reason(layer, rule_id, "met", f"{rule.care_level.label}: {rule.citation}")
            return UnitLevel(unit.unit_id, rule.care_level, (*reasons, met), capability)
        reasons.append(Reason(layer, rule_id, "not met", f"{rule.care_level.label}: {problem}"))
    return UnitLevel(unit.unit_id, None, tuple(reasons), capability)


def _unmet(rule: StaffingRule, unit: Unit, ranks: Sequence[int]) -> str | None:
    if unit.equipment < rule.care_level:
        return f"equipment supports only {unit.equipment.label}"
    lead_rank = BY_SLUG[rule.lead].rank or 0
    leads = sum(1 for rank in ranks if rank >= lead_rank)
    if leads < rule.lead_count:
        who = BY_SLUG[rule.lead].abbreviation
        return f"needs {rule.lead_count} at {who} or above in good standing, has {leads}"
    floor = BY_SLUG[rule.crew_at_or_above].rank or 0 if rule.crew_at_or_above else 0
    crew = sum(1 for rank in ranks if rank >= floor)
    if crew < rule.crew:
        return f"needs a crew of {rule.crew} in good standing, has {crew}"
    return None


def derive_unit_levels(
    units: Iterable[Unit], crew: Iterable[CrewAssignment], rules: StaffingRules, at: datetime
) -> dict[str, UnitLevel]:
    """Every unit's level at ``at``, grouping the crew by unit once."""
    by_unit: dict[str, list[CrewAssignment]] = defaultdict(list)
    for member in crew:
        by_unit[member.unit_id].append(member)
    return {u.unit_id: derive_unit_level(u, by_unit[u.unit_id], rules, at) for u in units}


def level_change(before: UnitLevel, after: UnitLevel) -> UnitLevelChanged | None:
    """The event to publish when re-deriving a unit's level gives a different answer."""
    if before.care_level == after.care_level:
        return None
    return UnitLevelChanged(
        after.unit_id,
        before.care_level.name if before.care_level else None,
        after.care_level.name if after.care_level else None,
        tuple(reason.detail for reason in after.reasons),
    )


def double_assignments(assignments: Sequence[CrewAssignment]) -> list[FieldProblem]:
    """Every place where one provider would be on two units at once."""
    problems: list[FieldProblem] = []
    by_provider: dict[str, list[int]] = defaultdict(list)
    for index, assignment in enumerate(assignments):
        by_provider[assignment.credentials.provider].append(index)
    for provider, indexes in by_provider.items():
        for i, first in enumerate(indexes):
            for second in indexes[i + 1 :]:
                a, b = assignments[first], assignments[second]
                if a.unit_id != b.unit_id and _overlap(a, b):
                    problems.append(
                        FieldProblem(
                            f"crew[{second}].unit_id",
                            f"{provider} is already on unit {a.unit_id} (crew[{first}]) "
                            f"from {a.start.isoformat()}; cannot also be on {b.unit_id}",
                        )
                    )
    return problems


def check_single_assignment(assignments: Sequence[CrewAssignment]) -> None:
    """Raise InvalidInput listing every crew member placed on two units at once."""
    problems = double_assignments(assignments)
    if problems:
        raise InvalidInput("; ".join(str(p) for p in problems), problems)


def _overlap(a: CrewAssignment, b: CrewAssignment) -> bool:
    a_end_after_b_start = a.end is None or a.end > b.start
    b_end_after_a_start = b.end is None or b.end > a.start
    return a_end_after_b_start and b_end_after_a_start


def staffing_from_mapping(
    data: Mapping[str, Any], jurisdiction: str | None, placement: Mapping[str, str]
) -> StaffingRules:
    """Check parsed staffing rules (``[[rule]]`` tables) and order them highest level first."""
    rules: list[StaffingRule] = []
    problems: list[FieldProblem] = []
    for index, row in enumerate(data.get("rule", [])):
        where = f"rule[{index}]"
        try:
            rules.append(_staffing_rule(row, where))
        except InvalidInput as exc:
            problems.extend(exc.errors)
    if problems:
        raise InvalidInput("staffing rules: " + "; ".join(map(str, problems)), problems)
    rules.sort(key=lambda rule: -rule.care_level)
    name = str(data.get("staffing", {}).get("name", jurisdiction or "default"))
    return StaffingRules(name, tuple(rules), jurisdiction, dict(placement))


def _staffing_rule(row: Mapping[str, Any], where: str) -> StaffingRule:
    care_level = parse_care_level(row.get("care_level"), f"{where}.care_level")
    try:
        unit_types = frozenset(UnitType(str(t)) for t in row.get("unit_types", []))
    except ValueError:
        allowed = ", ".join(t.value for t in UnitType)
        raise InvalidInput.for_field(f"{where}.unit_types", f"expected {allowed}") from None
    lead = _ladder_level(row.get("lead", ""), f"{where}.lead")
    floor = row.get("crew_at_or_above")
    crew, lead_count = row.get("crew", 1), row.get("lead_count", 1)
    if not (isinstance(crew, int) and isinstance(lead_count, int) and 1 <= lead_count <= crew):
        raise InvalidInput.for_field(where, "needs 1 <= lead_count <= crew (integers)")
    return StaffingRule(
        care_level,
        unit_types,
        lead.slug,
        crew,
        lead_count,
        _ladder_level(floor, f"{where}.crew_at_or_above").slug if floor else None,
        str(row.get("cite", "")),
    )


def _ladder_level(text: object, field: str) -> Level:
    level = parse_level(str(text), field)
    if not level.on_ladder:
        raise InvalidInput.for_field(field, f"{level.name} is not on the EMS ladder")
    return level
