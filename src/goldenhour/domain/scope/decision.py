"""The scope decision: may this provider perform this skill here, now?

``decide`` answers ``allowed``, ``requires_medical_control`` or ``denied`` with the chain of
reasons: which certification counted (or why none did), which rule of which layer permitted,
denied or conditioned the skill, and which endorsement was missing or expired.

Levels are cumulative (NSOPM): a level may also do whatever a rung below it may, so a rule
that removes a skill from one level but not from the levels below it does not bind that level;
a state removes a skill from a level and up with ``at_or_above``.

The layers (national model, state overlay, agency protocol) do not change between calls, so
``compile_scope`` resolves every skill x level once; a decision is then one dictionary look-up
plus the provider's own dates. ``LayeredScope`` answers the same questions by walking the
layers each time: the reference the compiled table is checked against, and the benchmark's
baseline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Protocol

from goldenhour.domain.credentials.certification_levels import (
    EMS_LADDER,
    LEVELS,
    Level,
    ladder_rank,
)
from goldenhour.domain.credentials.certifications import Certification, Credentials, require_aware
from goldenhour.domain.scope.rules import (
    Reason,
    Resolution,
    ScopeLayer,
    check_layer_order,
    merged_placement,
    resolve,
)
from goldenhour.domain.shared.names import name_key, unknown_name


class Decision(StrEnum):
    DENIED = "denied"
    REQUIRES_MEDICAL_CONTROL = "requires_medical_control"
    ALLOWED = "allowed"


_PREFERENCE = {Decision.DENIED: 0, Decision.REQUIRES_MEDICAL_CONTROL: 1, Decision.ALLOWED: 2}


@dataclass(frozen=True)
class ScopeDecision:
    decision: Decision
    reasons: tuple[Reason, ...]
    certification: Certification | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"decision": self.decision.value, "reasons": [r.as_dict() for r in self.reasons]}


class ScopeTable(Protocol):
    """Anything that says what the layers allow one level for one skill."""

    @property
    def jurisdiction(self) -> str | None: ...

    @property
    def skills(self) -> frozenset[str]: ...

    def options(self, skill: str, level: Level) -> tuple[Option, ...]: ...


@dataclass(frozen=True)
class Option:
    """One way a level may come to perform a skill: its own rules, or a lower rung's."""

    via: Level
    resolution: Resolution


def cumulative_options(
    resolution: Callable[[str, Level], Resolution],
    skill: str,
    level: Level,
    placement: Mapping[str, str],
) -> tuple[Option, ...]:
    """Levels are cumulative: a level may do what any rung below it (or at its placement) may.

    The level's own resolution comes first; a lower rung's is kept when it is permitted and
    no kept option already asks for a subset of its conditions. A level with no permitted
    option gets its own (denying) resolution, whose reasons say why.
    """
    own = resolution(skill, level)
    kept = [Option(level, own)] if own.permitted else []
    rank = ladder_rank(level, placement)
    for rung in reversed(EMS_LADDER):
        if rank is None or rung is level or (rung.rank or 0) > rank:
            continue
        candidate = resolution(skill, rung)
        if candidate.permitted and not any(_dominates(k.resolution, candidate) for k in kept):
            kept.append(Option(rung, candidate))
    return tuple(kept) or (Option(level, own),)


def _dominates(a: Resolution, b: Resolution) -> bool:
    return a.endorsements <= b.endorsements and (b.medical_control or not a.medical_control)


def most_permissive(options: Sequence[Option]) -> Resolution:
    """The option with the fewest conditions (for tables meant for people, not decisions)."""
    return min(
        (o.resolution for o in options),
        key=lambda r: (not r.permitted, bool(r.endorsements), r.medical_control),
    )


class LayeredScope:
    """Walks the layers on every question: simple, slow, and the reference for the table."""

    def __init__(self, layers: Sequence[ScopeLayer], skills: Iterable[str]) -> None:
        check_layer_order(layers)
        self.layers = tuple(layers)
        self.skills = frozenset(skills)
        self.placement = merged_placement(layers)
        self.jurisdiction = next((la.jurisdiction for la in layers if la.jurisdiction), None)

    def resolution(self, skill: str, level: Level) -> Resolution:
        return resolve(self.layers, skill, level, self.placement)

    def options(self, skill: str, level: Level) -> tuple[Option, ...]:
        return cumulative_options(self.resolution, skill, level, self.placement)


class CompiledScope:
    """Every skill x level resolved once; raises at build time if the agency layer widens."""

    def __init__(self, layered: LayeredScope) -> None:
        self.layers = layered.layers
        self.skills = layered.skills
        self.placement = layered.placement
        self.jurisdiction = layered.jurisdiction
        raw = {
            (skill, level.slug): layered.resolution(skill, level)
            for skill in sorted(self.skills)
            for level in LEVELS
        }
        self.table: Mapping[tuple[str, str], tuple[Option, ...]] = {
            (skill, level.slug): cumulative_options(
                lambda sk, lv: raw[sk, lv.slug], skill, level, self.placement
            )
            for skill in sorted(self.skills)
            for level in LEVELS
        }

    def options(self, skill: str, level: Level) -> tuple[Option, ...]:
        return self.table[skill, level.slug]

    def summary(self, skill: str, level: Level) -> Resolution:
        """The least conditional way ``level`` may perform ``skill`` (for tables and exports)."""
        return most_permissive(self.table[skill, level.slug])

    def permitted_levels(self, skill: str) -> frozenset[str]:
        """Level slugs that may perform ``skill`` (with or without conditions)."""
        return frozenset(
            lv.slug for lv in LEVELS if self.table[skill, lv.slug][0].resolution.permitted
        )


def compile_scope(layers: Sequence[ScopeLayer], skills: Iterable[str]) -> CompiledScope:
    return CompiledScope(LayeredScope(layers, skills))


def decide(scope: ScopeTable, credentials: Credentials, skill: str, at: datetime) -> ScopeDecision:
    """May ``credentials``' holder perform ``skill`` in ``scope``'s jurisdiction at ``at``?

    Every certification in good standing in the jurisdiction is tried and the most permissive
    answer wins; certifications that do not count are listed among the reasons.
    """
    if skill not in scope.skills:
        raise unknown_name("skill", "skill", skill, scope.skills)
    require_aware(at)
    rejected: list[Reason] = []
    best: ScopeDecision | None = None
    for cert in credentials.certifications:
        problem = cert.problem_at(at, scope.jurisdiction)
        if problem is not None:
            rejected.append(Reason("certification", cert.number, "not counted", problem))
            continue
        for option in scope.options(skill, cert.level):
            candidate = _for_certification(option, cert, credentials, at)
            if best is None or _PREFERENCE[candidate.decision] > _PREFERENCE[best.decision]:
                best = candidate
    if best is None:
        none = Reason("certification", "", "deny", "no certification in good standing")
        return ScopeDecision(Decision.DENIED, (*rejected, none))
    return ScopeDecision(best.decision, (*best.reasons, *rejected), best.certification)


def _for_certification(
    option: Option, cert: Certification, credentials: Credentials, at: datetime
) -> ScopeDecision:
    resolution = option.resolution
    counted = Reason("certification", cert.number, "counted", f"{cert.label} in good standing")
    reasons = [counted]
    if option.via is not cert.level:
        detail = f"{option.via.name} may; levels are cumulative"
        reasons.append(Reason("scope", "cumulative", "inherit", detail))
    reasons += resolution.reasons
    if not resolution.permitted:
        if not resolution.reasons:
            reasons.append(Reason("scope", "", "deny", f"no rule permits it for {cert.level.name}"))
        return ScopeDecision(Decision.DENIED, tuple(reasons), cert)
    day = at.date()
    missing = False
    for required in sorted(resolution.endorsements):
        problem = _endorsement_problem(required, credentials, day)
        outcome = "missing" if problem else "held"
        reasons.append(Reason("endorsement", required, outcome, problem or f"holds {required!r}"))
        missing = missing or problem is not None
    if missing:
        return ScopeDecision(Decision.DENIED, tuple(reasons), cert)
    if resolution.medical_control:
        return ScopeDecision(Decision.REQUIRES_MEDICAL_CONTROL, tuple(reasons), cert)
    return ScopeDecision(Decision.ALLOWED, tuple(reasons), cert)


def _endorsement_problem(required: str, credentials: Credentials, day: date) -> str | None:
    key = name_key(required)
    problems = [e.problem_on(day) for e in credentials.endorsements if e.key == key]
    if not problems:
        return f"endorsement {required!r} is required and not held"
    return None if None in problems else problems[0]
