"""Triage: dispatch reason + key-question answers -> priority, level of care, mode and plan.

Criteria-based dispatch: every rule of the protocol whose conditions hold is a reason to send
at least that response, so the most urgent matching rule decides (lowest priority number,
then highest level of care). A rule marked ``overrides`` (obvious death) decides alone when it
matches. The result cites the rule and its source, so a dispatcher can say why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from goldenhour.domain.dispatch.codes import dispatch_reason_code
from goldenhour.domain.shared.citations import Source
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput
from goldenhour.domain.triage.priority import Priority, ResponseMode
from goldenhour.domain.triage.protocol import Rule, TriageProtocol
from goldenhour.domain.triage.questions import Answer, answer_problem, typed_answer
from goldenhour.domain.triage.response_plan import Role
from goldenhour.domain.units.levels_of_care import CareLevel


@dataclass(frozen=True)
class TriageResult:
    dispatch_reason: str
    priority: Priority
    level: CareLevel
    mode: ResponseMode
    plan: str
    roles: tuple[Role, ...]
    instructions: tuple[str, ...]
    rule: Rule
    source: Source
    matched: tuple[Rule, ...]
    answers: Mapping[str, Answer]


def check_answers(protocol: TriageProtocol, answers: Mapping[str, object]) -> dict[str, Answer]:
    """Answers typed and consistent, unanswered (None) ones dropped; every problem reported."""
    problems: list[FieldProblem] = []
    checked: dict[str, Answer] = {}
    for key, value in answers.items():
        field = f"answers.{key}"
        question = protocol.questions.get(key)
        if question is None:
            problems.append(FieldProblem(field, "unknown question"))
        elif value is not None:
            answer = typed_answer(question, value)
            if answer is None:
                problems.append(FieldProblem(field, str(answer_problem(question, value))))
            else:
                checked[key] = answer
    if not problems:
        problems = _contradictions(protocol, checked)
    if problems:
        raise InvalidInput("; ".join(str(p) for p in problems), problems)
    return checked


def triage(
    protocol: TriageProtocol, dispatch_reason: str, answers: Mapping[str, object]
) -> TriageResult:
    """Triage one call. InvalidInput names ``dispatch_reason`` or each bad ``answers.<id>``."""
    reason = dispatch_reason_code(dispatch_reason, "dispatch_reason")
    checked = check_answers(protocol, answers)
    matched = tuple(r for r in protocol.rules if r.matches(reason, checked))
    deciding = tuple(r for r in matched if r.overrides) or matched
    rule = min(deciding, key=lambda r: (r.priority, -r.level, r.index))
    instructions: dict[str, None] = {}
    for r in deciding:
        instructions.update(dict.fromkeys(r.instructions))
    return TriageResult(
        dispatch_reason=reason,
        priority=rule.priority,
        level=rule.level,
        mode=rule.mode,
        plan=rule.plan,
        roles=rule.roles,
        instructions=tuple(instructions),
        rule=rule,
        source=protocol.sources[rule.source],
        matched=matched,
        answers=checked,
    )


def _contradictions(protocol: TriageProtocol, answers: Mapping[str, Answer]) -> list[FieldProblem]:
    problems = []
    for contradiction in protocol.contradictions:
        if all(c.holds(answers) for c in contradiction.conditions):
            fields = [c.question for c in contradiction.conditions]
            for field in fields:
                others = ", ".join(f"{o} = {_show(answers[o])}" for o in fields if o != field)
                problems.append(
                    FieldProblem(
                        f"answers.{field}",
                        f"contradicts {others}: {contradiction.problem}",
                    )
                )
    return problems


def _show(answer: Answer) -> str:
    """An answer as the caller sent it in JSON (true/false, numbers, quoted text)."""
    if isinstance(answer, bool):
        return "true" if answer else "false"
    return repr(answer) if isinstance(answer, str) else str(answer)
