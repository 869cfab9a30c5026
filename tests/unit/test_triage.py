"""Triage of every NEMSIS dispatch reason under the shipped criteria-based protocol.

The tables are built from the protocol data itself (each reason's base rule, each rule's
conditions), so an agency that edits the protocol keeps these tests meaningful; a handful of
clinical scenarios are also written out with their source.
"""

from __future__ import annotations

import pytest

from goldenhour.adapters.refdata.triage_protocol import default_protocol
from goldenhour.domain.dispatch.codes import DISPATCH_REASONS
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.triage.decision import triage
from goldenhour.domain.triage.priority import Priority, ResponseMode
from goldenhour.domain.triage.protocol import Rule
from goldenhour.domain.triage.questions import Answer, Condition, QuestionType
from goldenhour.domain.triage.response_plan import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel

PROTOCOL = default_protocol()


def _satisfying(condition: Condition) -> Answer:
    """The simplest answer that makes ``condition`` hold."""
    if condition.values:
        return condition.values[0]
    return condition.minimum if condition.minimum is not None else condition.maximum or 0


def _answers_for(rule: Rule) -> dict[str, Answer]:
    return {c.question: _satisfying(c) for c in rule.conditions}


def _reason_rule_pairs() -> list[tuple[str, Rule]]:
    return [
        (reason, rule)
        for rule in PROTOCOL.rules
        if rule.conditions
        for reason in sorted(DISPATCH_REASONS)
        if rule.applies_to(reason)
    ]


@pytest.mark.parametrize("reason", sorted(DISPATCH_REASONS))
def test_every_dispatch_reason_without_answers_gets_its_base_rule(reason):
    """Each of the 50 eDispatch.01 reasons has one cited base rule that decides when no key
    question is answered (criteria-based dispatch: the reason alone sets the floor)."""
    base = PROTOCOL.base_rule(reason)
    result = triage(PROTOCOL, reason, {})
    assert result.rule is base
    assert (result.priority, result.level, result.mode, result.roles) == (
        base.priority,
        base.level,
        base.mode,
        base.roles,
    )
    assert result.roles, "every call needs at least one unit"
    assert result.source.title and base.why


@pytest.mark.parametrize(
    ("reason", "rule"),
    _reason_rule_pairs(),
    ids=lambda v: v if isinstance(v, str) else f"rule{v.index}",
)
def test_an_answer_that_meets_a_rule_gives_at_least_that_rules_response(reason, rule):
    """Criteria-based dispatch: any criterion met is a reason to send at least its response,
    so the result is never less urgent, nor a lower level of care, than a matched rule."""
    result = triage(PROTOCOL, reason, _answers_for(rule))
    assert rule in result.matched
    if not result.rule.overrides:
        assert (result.priority, -result.level) <= (rule.priority, -rule.level)
        assert set(rule.instructions) <= set(result.instructions)


def test_unconscious_and_not_breathing_is_priority_one_als_with_cpr_instructions():
    """AHA telecommunicator CPR: unresponsive with absent or abnormal breathing is cardiac
    arrest; give compression-only CPR instructions and send the highest response."""
    for reason in ("2301061", "2301077", "2301079", "2301033"):
        result = triage(PROTOCOL, reason, {"conscious": False, "breathing": "not_breathing"})
        assert result.priority is Priority.P1
        assert result.level is CareLevel.ALS
        assert result.mode is ResponseMode.EMERGENT
        assert "telecommunicator_cpr" in result.instructions


def test_cardiac_arrest_sends_a_first_responder_and_an_als_transport_both_emergent():
    """King County CBD / AHA: nearest responder with an AED plus paramedics, lights and sirens."""
    result = triage(PROTOCOL, "2301019", {})
    roles = {r.name: r for r in result.roles}
    assert roles["first_response"].min_level is CareLevel.EMR
    assert UnitType.FIRST_RESPONSE in roles["first_response"].unit_types
    assert roles["transport"].min_level is CareLevel.ALS
    assert roles["transport"].unit_types == {UnitType.TRANSPORT}
    assert all(r.mode is ResponseMode.EMERGENT for r in result.roles)


def test_chest_pain_depends_on_age_thirty_five():
    """King County CBD: non-traumatic chest pain at 35 or over is ALS; younger without a heart
    history is BLS."""
    young = triage(PROTOCOL, "2301021", {"age": 34, "chest_pain": True})
    older = triage(PROTOCOL, "2301021", {"age": 35, "chest_pain": True})
    assert young.level < CareLevel.ALS <= older.level
    assert older.priority < young.priority


def test_obvious_death_overrides_cpr_and_emergent_driving():
    """King County CBD: with obvious death there is no resuscitation and no emergent response."""
    result = triage(PROTOCOL, "2301019", {"obvious_death": True, "breathing": "not_breathing"})
    assert result.mode is ResponseMode.NON_EMERGENT
    assert "telecommunicator_cpr" not in result.instructions
    assert result.rule.overrides


def test_a_scheduled_transfer_of_an_unconscious_patient_stays_non_emergent():
    """A sedated transfer patient is not an emergency: the every-reason criteria skip transfers."""
    result = triage(PROTOCOL, "2301071", {"conscious": False, "transfer_level": "CRITICAL_CARE"})
    assert result.priority is Priority.NON_EMERGENT
    assert result.level is CareLevel.CRITICAL_CARE


def test_five_or_more_patients_bring_a_supervisor_and_several_transports():
    """Mass-casualty: more patients than one crew can handle need coordination (NHTSA EMD)."""
    result = triage(PROTOCOL, "2301069", {"patients": 6})
    types = [next(iter(r.unit_types)) for r in result.roles if len(r.unit_types) == 1]
    assert types.count(UnitType.TRANSPORT) >= 2 and UnitType.SUPERVISOR in types


@pytest.mark.parametrize(
    "answers",
    [
        {"breathing": "not_breathing", "conscious": True},
        {"breathing": "not_breathing", "talking": True},
        {"conscious": False, "talking": True},
        {"obvious_death": True, "breathing": "normal"},
    ],
)
def test_contradictory_answers_are_refused_naming_every_field_involved(answers):
    with pytest.raises(InvalidInput) as caught:
        triage(PROTOCOL, "2301061", answers)
    fields = {p.field for p in caught.value.errors}
    assert fields == {f"answers.{k}" for k in answers}


@pytest.mark.parametrize("contradiction", PROTOCOL.contradictions)
def test_every_declared_contradiction_is_refused(contradiction):
    answers = {c.question: _satisfying(c) for c in contradiction.conditions}
    with pytest.raises(InvalidInput) as caught:
        triage(PROTOCOL, "2301079", answers)
    assert contradiction.problem in caught.value.detail


def test_not_breathing_but_conscious_and_talking_names_all_three_fields():
    with pytest.raises(InvalidInput) as caught:
        triage(
            PROTOCOL, "2301013", {"breathing": "not_breathing", "conscious": True, "talking": True}
        )
    assert {p.field for p in caught.value.errors} == {
        "answers.breathing",
        "answers.conscious",
        "answers.talking",
    }


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"conscious": "yes"}, "answers.conscious"),
        ({"age": -1}, "answers.age"),
        ({"age": 200}, "answers.age"),
        ({"age": True}, "answers.age"),
        ({"age": 4.5}, "answers.age"),
        ({"breathing": "maybe"}, "answers.breathing"),
        ({"favourite_colour": "red"}, "answers.favourite_colour"),
    ],
)
def test_a_wrong_or_unknown_answer_is_refused_naming_the_field(answers, field):
    with pytest.raises(InvalidInput) as caught:
        triage(PROTOCOL, "2301061", answers)
    assert [p.field for p in caught.value.errors] == [field]


def test_an_unknown_dispatch_reason_is_refused_naming_the_field():
    with pytest.raises(InvalidInput) as caught:
        triage(PROTOCOL, "2301999", {})
    assert caught.value.errors[0].field == "dispatch_reason"


def test_an_unanswered_question_counts_as_unknown_not_as_no():
    """``None`` means the caller does not know: no criterion is triggered by it."""
    assert triage(PROTOCOL, "2301061", {"conscious": None}).rule is PROTOCOL.base_rule("2301061")


@pytest.mark.parametrize("reason", sorted(DISPATCH_REASONS))
def test_the_form_for_a_reason_lists_typed_questions_its_rules_ask(reason):
    questions = PROTOCOL.questions_for(reason)
    asked = {c.question for r in PROTOCOL.rules if r.applies_to(reason) for c in r.conditions}
    assert {q.id for q in questions} == asked
    for q in questions:
        assert q.label
        assert (q.type is QuestionType.CHOICE) == bool(q.choices)
