"""Scope-of-practice rules as layers: national model, state overlay, agency protocol.

Each layer is a list of rules about one skill each: ``permit`` (levels may perform it),
``deny`` (they may not) and ``condition`` (they may, but only with an endorsement or with
online medical control). A rule names its levels explicitly or cumulatively (``at_or_above``
a rung of the EMS ladder; professions off the ladder are reached through ``placement``).
An ``exclusive`` layer is a whitelist (the NEMSIS tables are): what it does not permit is
denied.

``resolve`` applies the layers in order and records every rule that decided, so a refusal
can always say which rule of which layer refused. The agency layer may only narrow: an agency
rule that would permit what the state does not is an error naming the rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from goldenhour.domain.credentials.certification_levels import BY_SLUG, Level, ladder_rank
from goldenhour.domain.shared.errors import InvalidInput


class LayerKind(IntEnum):
    """Layers in the order they apply."""

    NATIONAL = 1
    STATE = 2
    AGENCY = 3

    @property
    def label(self) -> str:
        return self.name.lower()


class Effect(StrEnum):
    PERMIT = "permit"
    DENY = "deny"
    CONDITION = "condition"


@dataclass(frozen=True)
class ScopeRule:
    id: str
    skill: str
    effect: Effect
    levels: frozenset[str] = frozenset()
    at_or_above: str | None = None
    endorsement: str | None = None
    medical_control: bool = False
    citation: str = ""
    state_option: bool = False  # national model: the skill is left to the states
    keep_only: bool = False  # permit: keeps what earlier layers permit, grants nothing new

    def who(self) -> str:
        if self.at_or_above is not None:
            return f"{BY_SLUG[self.at_or_above].abbreviation} and above"
        return ", ".join(BY_SLUG[slug].abbreviation for slug in sorted(self.levels))

    def describe(self) -> str:
        verb = {Effect.PERMIT: "permits", Effect.DENY: "denies", Effect.CONDITION: "conditions"}
        if self.keep_only:
            verb[Effect.PERMIT] = "keeps (grants nothing new)"
        needs = [f"endorsement {self.endorsement!r}"] if self.endorsement else []
        needs += ["online medical control"] if self.medical_control else []
        text = f"{verb[self.effect]} {self.skill} for {self.who()}"
        text += f", requiring {' and '.join(needs)}" if needs else ""
        if self.state_option:
            text += " (left to the states by the national model; default applied)"
        return text + (f" [{self.citation}]" if self.citation else "")


@dataclass(frozen=True)
class ScopeLayer:
    kind: LayerKind
    name: str
    rules: tuple[ScopeRule, ...]
    placement: Mapping[str, str] = field(default_factory=dict)
    exclusive: bool = False
    jurisdiction: str | None = None
    example: bool = False  # illustrative data, not a real state's rule

    @property
    def label(self) -> str:
        return f"{self.kind.label}:{self.name}"


@dataclass(frozen=True)
class Reason:
    """One link in the chain behind a decision: which layer/rule (or credential) said what."""

    layer: str
    rule: str
    outcome: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {
            "layer": self.layer,
            "rule": self.rule,
            "outcome": self.outcome,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Resolution:
    """What the layers say about one skill for one level, before any provider is considered."""

    permitted: bool
    endorsements: frozenset[str]
    medical_control: bool
    reasons: tuple[Reason, ...]


def check_layer_order(layers: Sequence[ScopeLayer]) -> None:
    kinds = [layer.kind for layer in layers]
    if not kinds or kinds[0] is not LayerKind.NATIONAL or kinds != sorted(set(kinds)):
        raise InvalidInput.for_field(
            "layers", "expected one national layer, then at most one state and one agency layer"
        )


def merged_placement(layers: Sequence[ScopeLayer]) -> dict[str, str]:
    """Placement of off-ladder professions: the state's overrides the national default."""
    placement: dict[str, str] = {}
    for layer in layers:
        placement.update(layer.placement)
    return placement


def resolve(
    layers: Sequence[ScopeLayer], skill: str, level: Level, placement: Mapping[str, str]
) -> Resolution:
    """Apply every layer's rules about ``skill`` to ``level``, in order, keeping the reasons."""
    rank = ladder_rank(level, placement)
    permitted = False
    endorsements: set[str] = set()
    medical_control = False
    reasons: list[Reason] = []
    for layer in layers:
        before, listed = permitted, False
        before_conditions = (frozenset(endorsements), medical_control)
        for rule in layer.rules:
            if rule.skill != skill or not _reaches(rule, level, rank):
                continue
            reasons.append(Reason(layer.label, rule.id, rule.effect.value, rule.describe()))
            if rule.effect is Effect.DENY:
                permitted, medical_control = False, False
                endorsements.clear()
                continue
            if rule.effect is Effect.PERMIT and rule.keep_only and not before:
                continue
            if rule.effect is Effect.PERMIT:
                listed = True
                if layer.kind is LayerKind.AGENCY or rule.keep_only:
                    if not before:
                        raise _widening(layer, rule, level)
                    # Re-permitting after its own denial restores the state's conditions.
                    endorsements |= before_conditions[0]
                    medical_control = medical_control or before_conditions[1]
                permitted = True
            if rule.endorsement:
                endorsements.add(rule.endorsement)
            medical_control = medical_control or rule.medical_control
        if layer.exclusive and permitted and not listed:
            permitted = False
            reasons.append(Reason(layer.label, "list", "deny", f"{skill} is not on its list"))
    if not permitted:
        endorsements.clear()
        medical_control = False
    return Resolution(permitted, frozenset(endorsements), medical_control, tuple(reasons))


def _reaches(rule: ScopeRule, level: Level, rank: int | None) -> bool:
    if level.slug in rule.levels:
        return True
    if rule.at_or_above is None or rank is None:
        return False
    floor = BY_SLUG[rule.at_or_above].rank
    return floor is not None and rank >= floor


def _widening(layer: ScopeLayer, rule: ScopeRule, level: Level) -> InvalidInput:
    return InvalidInput.for_field(
        f"{layer.label} rule {rule.id}",
        f"permits {rule.skill} for {level.name}, which the state scope does not allow; "
        "an agency protocol may only narrow the state's scope",
    )


def whitelist_layer(
    kind: LayerKind,
    name: str,
    permitted: Mapping[str, frozenset[str]],
    jurisdiction: str | None = None,
    keep_only: frozenset[str] = frozenset(),
) -> ScopeLayer:
    """An exclusive layer from a table of skill -> level slugs (the NEMSIS configuration form).

    Skills in ``keep_only`` were listed under a code shared with other skills, so the table
    cannot say which of them it meant: for those it keeps what earlier layers permit and
    grants nothing (importing "naloxone" for EMRs must not grant them IV naloxone).
    """
    rules = tuple(
        ScopeRule(
            f"{name}/{skill}",
            skill,
            Effect.PERMIT,
            levels=levels,
            citation=name,
            keep_only=skill in keep_only,
        )
        for skill, levels in sorted(permitted.items())
        if levels
    )
    return ScopeLayer(kind, name, rules, exclusive=True, jurisdiction=jurisdiction)
