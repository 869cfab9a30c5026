"""Properties of the scope rules that must hold for any rule set, not just the shipped ones."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from goldenhour.domain.credentials.certification_levels import (
    BY_SLUG,
    EMS_LADDER,
    LEVELS,
    ladder_rank,
)
from goldenhour.domain.credentials.certifications import Certification, Credentials, Endorsement
from goldenhour.domain.scope.decision import (
    Decision,
    LayeredScope,
    ScopeTable,
    compile_scope,
    decide,
)
from goldenhour.domain.scope.rules import Effect, LayerKind, ScopeLayer, ScopeRule, merged_placement
from goldenhour.domain.shared.errors import InvalidInput

SKILLS = ("s1", "s2", "s3")
LADDER = [level.slug for level in EMS_LADDER]
OFF_LADDER = [level.slug for level in LEVELS if not level.on_ladder]
ENDORSEMENTS = ("e1", "e2")
AT = datetime(2026, 6, 1, tzinfo=UTC)
ORDER = {Decision.DENIED: 0, Decision.REQUIRES_MEDICAL_CONTROL: 1, Decision.ALLOWED: 2}


@st.composite
def rules(draw: st.DrawFn, effects: tuple[Effect, ...]) -> ScopeRule:
    effect = draw(st.sampled_from(effects))
    explicit = draw(st.booleans())
    levels = (
        draw(st.frozensets(st.sampled_from([lv.slug for lv in LEVELS]), min_size=1))
        if (explicit)
        else frozenset()
    )
    endorsement = draw(st.sampled_from((None, *ENDORSEMENTS)))
    medical_control = draw(st.booleans())
    if effect is Effect.DENY:
        endorsement, medical_control = None, False
    if effect is Effect.CONDITION and not endorsement:
        medical_control = True
    return ScopeRule(
        draw(st.uuids()).hex[:8],
        draw(st.sampled_from(SKILLS)),
        effect,
        levels=levels,
        at_or_above=None if explicit else draw(st.sampled_from(LADDER)),
        endorsement=endorsement,
        medical_control=medical_control,
        keep_only=effect is Effect.PERMIT and draw(st.booleans()),
    )


national_layers = st.builds(
    lambda minimums, placement: ScopeLayer(
        LayerKind.NATIONAL,
        "model",
        tuple(
            ScopeRule(f"n/{s}", s, Effect.PERMIT, at_or_above=m)
            for s, m in zip(SKILLS, minimums, strict=True)
        ),
        placement,
    ),
    st.lists(st.sampled_from(LADDER), min_size=len(SKILLS), max_size=len(SKILLS)),
    st.dictionaries(st.sampled_from(OFF_LADDER), st.sampled_from(LADDER), max_size=3),
)
state_layers = st.builds(
    lambda rs, placement, exclusive: ScopeLayer(
        LayerKind.STATE, "XA", tuple(rs), placement, exclusive, jurisdiction="XA"
    ),
    st.lists(rules(tuple(Effect)), max_size=8),
    st.dictionaries(st.sampled_from(OFF_LADDER), st.sampled_from(LADDER), max_size=3),
    st.booleans(),
)
agency_layers = st.builds(
    lambda rs, exclusive: ScopeLayer(LayerKind.AGENCY, "agency", tuple(rs), exclusive=exclusive),
    st.lists(rules(tuple(Effect)), max_size=6),
    st.booleans(),
)
held_endorsements = st.frozensets(st.sampled_from(ENDORSEMENTS))


def decision(scope: ScopeTable, level: str, skill: str, held: frozenset[str]) -> Decision:
    cert = Certification(BY_SLUG[level], "C", "XA")
    credentials = Credentials("p", (cert,), tuple(Endorsement(name) for name in sorted(held)))
    return decide(scope, credentials, skill, AT).decision


@settings(max_examples=150, deadline=None)
@given(national_layers, state_layers, held_endorsements)
def test_a_higher_ems_level_is_never_allowed_less_than_a_lower_one(
    national: ScopeLayer, state: ScopeLayer, held: frozenset[str]
) -> None:
    """NSOPM: scope is cumulative along the ladder, whatever the state overlay says."""
    scope = compile_scope([national, state], SKILLS)
    for skill in SKILLS:
        answers = [ORDER[decision(scope, level, skill, held)] for level in LADDER]
        assert answers == sorted(answers), (skill, list(zip(LADDER, answers, strict=True)))


@settings(max_examples=150, deadline=None)
@given(national_layers, state_layers, agency_layers, held_endorsements)
def test_an_agency_layer_never_widens_the_state_layer(
    national: ScopeLayer, state: ScopeLayer, agency: ScopeLayer, held: frozenset[str]
) -> None:
    """Issue 3: agency protocols may only narrow; a widening rule is refused, not applied."""
    state_only = LayeredScope([national, state], SKILLS)
    try:
        with_agency = compile_scope([national, state, agency], SKILLS)
    except InvalidInput:
        assert _some_permit_widens(state_only, agency)
        return
    state_scope = compile_scope([national, state], SKILLS)
    for skill in SKILLS:
        for level in (lv.slug for lv in LEVELS):
            narrowed = ORDER[decision(with_agency, level, skill, held)]
            assert narrowed <= ORDER[decision(state_scope, level, skill, held)]


def _some_permit_widens(state_only: LayeredScope, agency: ScopeLayer) -> bool:
    placement = merged_placement(state_only.layers)
    for rule in agency.rules:
        if rule.effect is not Effect.PERMIT or rule.keep_only:
            continue
        for level in LEVELS:
            rank = ladder_rank(level, placement)
            floor = BY_SLUG[rule.at_or_above].rank if rule.at_or_above else None
            reached = level.slug in rule.levels or (
                floor is not None and rank is not None and rank >= floor
            )
            if reached and not state_only.resolution(rule.skill, level).permitted:
                return True
    return False


@settings(max_examples=100, deadline=None)
@given(national_layers, state_layers, held_endorsements)
def test_the_compiled_scope_decides_exactly_as_walking_the_layers(
    national: ScopeLayer, state: ScopeLayer, held: frozenset[str]
) -> None:
    layered = LayeredScope([national, state], SKILLS)
    compiled = compile_scope([national, state], SKILLS)
    for skill in SKILLS:
        for level in (lv.slug for lv in LEVELS):
            assert decision(compiled, level, skill, held) == decision(layered, level, skill, held)
