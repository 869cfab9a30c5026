"""The triage protocol as data: questions, response plans and cited rules, parsed from TOML.

An agency's medical director edits the protocol, not the code, so it lives in a TOML file
(the shipped default is ``goldenhour/data/triage/default.toml``). Parsing text is pure; the
adapter only reads the file. A protocol is refused at load, naming the path inside the file,
unless every rule cites a declared source and every NEMSIS dispatch reason has its base rule,
so a dispatcher can never meet a reason the protocol forgot.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass

from goldenhour.domain.dispatch.codes import DISPATCH_REASONS, dispatch_reason_code
from goldenhour.domain.shared.citations import Source
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.triage.priority import (
    Priority,
    ResponseMode,
    parse_priority,
    parse_response_mode,
)
from goldenhour.domain.triage.questions import (
    Answer,
    Condition,
    Question,
    QuestionType,
    answer_problem,
    is_int,
    typed_answer,
)
from goldenhour.domain.triage.response_plan import Role, parse_unit_type
from goldenhour.domain.units.levels_of_care import CareLevel, parse_care_level

EVERY_REASON = "*"


@dataclass(frozen=True)
class Rule:
    """When the call has one of ``reasons`` and every condition holds, the call gets this."""

    index: int
    reasons: frozenset[str] | None  # None: every reason except ``except_reasons``
    except_reasons: frozenset[str]
    conditions: tuple[Condition, ...]
    priority: Priority
    level: CareLevel
    mode: ResponseMode
    plan: str
    roles: tuple[Role, ...]
    instructions: tuple[str, ...]
    overrides: bool
    source: str
    why: str

    @property
    def is_base(self) -> bool:
        return self.reasons is not None and not self.conditions

    def applies_to(self, reason: str) -> bool:
        if self.reasons is None:
            return reason not in self.except_reasons
        return reason in self.reasons

    def matches(self, reason: str, answers: Mapping[str, Answer]) -> bool:
        return self.applies_to(reason) and all(c.holds(answers) for c in self.conditions)


@dataclass(frozen=True)
class Instruction:
    """What the call-taker tells the caller to do until help arrives: one sentence to read at
    a glance, the steps to coach one at a time, and the source they come from."""

    id: str
    text: str
    steps: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class Contradiction:
    conditions: tuple[Condition, ...]
    problem: str


@dataclass(frozen=True)
class TriageProtocol:
    name: str
    version: str
    questions: Mapping[str, Question]
    instructions: Mapping[str, Instruction]
    sources: Mapping[str, Source]
    rules: tuple[Rule, ...]
    contradictions: tuple[Contradiction, ...]

    def base_rule(self, reason: str) -> Rule:
        """The rule that decides for ``reason`` when no key question is answered."""
        code = dispatch_reason_code(reason)
        return next(r for r in self.rules if r.is_base and r.applies_to(code))

    def questions_for(self, reason: str) -> tuple[Question, ...]:
        """The questions any rule for ``reason`` asks about, in declaration order."""
        asked = {c.question for r in self.rules if r.applies_to(reason) for c in r.conditions}
        return tuple(q for q in self.questions.values() if q.id in asked)


def parse_protocol(text: str) -> TriageProtocol:
    """Parse and check a protocol from TOML text; InvalidInput names the path in the file."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput.for_field("protocol", f"not valid TOML: {exc}") from None
    meta = _table(doc, "protocol")
    questions = {
        qid: _question(qid, _as_table(raw, f"questions.{qid}"))
        for qid, raw in _table(doc, "questions").items()
    }
    sources = {
        sid: _source(sid, _as_table(raw, f"sources.{sid}"))
        for sid, raw in _table(doc, "sources").items()
    }
    instructions = {
        key: _instruction(key, _as_table(value, f"instructions.{key}"), sources)
        for key, value in _table(doc, "instructions").items()
    }
    modes = _table(doc, "modes")
    default_mode = {
        priority: parse_response_mode(
            _get(modes, _priority_key(priority), "modes"), f"modes.{_priority_key(priority)}"
        )
        for priority in Priority
    }
    plans = _table(doc, "plans")
    context = _Context(questions, instructions, sources, default_mode, plans)
    rules = tuple(
        context.rule(i, _as_table(raw, f"rules[{i}]"))
        for i, raw in enumerate(_as_list(_get(doc, "rules", ""), "rules"))
    )
    contradictions = tuple(
        context.contradiction(i, _as_table(raw, f"contradictions[{i}]"))
        for i, raw in enumerate(_as_list(doc.get("contradictions", []), "contradictions"))
    )
    _check_base_rules(rules)
    return TriageProtocol(
        name=_as_str(_get(meta, "name", "protocol"), "protocol.name"),
        version=_as_str(_get(meta, "version", "protocol"), "protocol.version"),
        questions=questions,
        instructions=instructions,
        sources=sources,
        rules=rules,
        contradictions=contradictions,
    )


@dataclass(frozen=True)
class _Context:
    """What rules refer to by name, to check every reference while parsing them."""

    questions: Mapping[str, Question]
    instructions: Mapping[str, Instruction]
    sources: Mapping[str, Source]
    default_mode: Mapping[Priority, ResponseMode]
    plans: Mapping[str, object]

    def rule(self, index: int, raw: Mapping[str, object]) -> Rule:
        path = f"rules[{index}]"
        _only(raw, _RULE_KEYS, path)
        reasons = _str_list(_get(raw, "reasons", path), f"{path}.reasons")
        for reason in reasons:
            if reason != EVERY_REASON and reason not in DISPATCH_REASONS:
                raise InvalidInput.for_field(f"{path}.reasons", f"unknown dispatch reason {reason}")
        except_reasons = _str_list(raw.get("except_reasons", []), f"{path}.except_reasons")
        for reason in except_reasons:
            if reason not in DISPATCH_REASONS:
                raise InvalidInput.for_field(
                    f"{path}.except_reasons", f"unknown dispatch reason {reason}"
                )
        every = reasons == [EVERY_REASON]
        conditions = self.conditions(raw.get("when", {}), f"{path}.when")
        if every and not conditions:
            raise InvalidInput.for_field(f"{path}.when", "a rule for every reason needs conditions")
        priority = parse_priority(_get(raw, "priority", path), f"{path}.priority")
        level = parse_care_level(_get(raw, "level", path), f"{path}.level")
        mode = (
            parse_response_mode(raw["mode"], f"{path}.mode")
            if "mode" in raw
            else self.default_mode[priority]
        )
        plan = _as_str(_get(raw, "plan", path), f"{path}.plan")
        source = _as_str(_get(raw, "source", path), f"{path}.source")
        if source not in self.sources:
            raise InvalidInput.for_field(f"{path}.source", f"undeclared source {source!r}")
        instructions = tuple(_str_list(raw.get("instructions", []), f"{path}.instructions"))
        for key in instructions:
            if key not in self.instructions:
                raise InvalidInput.for_field(f"{path}.instructions", f"undeclared {key!r}")
        return Rule(
            index=index,
            reasons=None if every else frozenset(reasons),
            except_reasons=frozenset(except_reasons),
            conditions=conditions,
            priority=priority,
            level=level,
            mode=mode,
            plan=plan,
            roles=self.roles(plan, level, mode, f"{path}.plan"),
            instructions=instructions,
            overrides=_as_bool(raw.get("overrides", False), f"{path}.overrides"),
            source=source,
            why=_as_str(_get(raw, "why", path), f"{path}.why"),
        )

    def roles(self, plan: str, level: CareLevel, mode: ResponseMode, path: str) -> tuple[Role, ...]:
        if plan not in self.plans:
            raise InvalidInput.for_field(path, f"undeclared plan {plan!r}")
        table = _as_table(self.plans[plan], f"plans.{plan}")
        roles = []
        for i, raw_role in enumerate(_as_list(_get(table, "roles", f"plans.{plan}"), path)):
            role_path = f"plans.{plan}.roles[{i}]"
            role = _as_table(raw_role, role_path)
            _only(role, {"name", "units", "level", "mode"}, role_path)
            level_text = role.get("level", "call")
            mode_text = role.get("mode", "call")
            roles.append(
                Role(
                    name=_as_str(_get(role, "name", role_path), f"{role_path}.name"),
                    unit_types=frozenset(
                        parse_unit_type(t, f"{role_path}.units")
                        for t in _str_list(_get(role, "units", role_path), f"{role_path}.units")
                    ),
                    min_level=level
                    if level_text == "call"
                    else parse_care_level(level_text, f"{role_path}.level"),
                    mode=mode
                    if mode_text == "call"
                    else parse_response_mode(mode_text, f"{role_path}.mode"),
                )
            )
        names = [role.name for role in roles]
        if len(set(names)) != len(names):
            raise InvalidInput.for_field(f"plans.{plan}.roles", "role names must be unique")
        return tuple(roles)

    def conditions(self, raw: object, path: str) -> tuple[Condition, ...]:
        return tuple(
            self.condition(qid, value, f"{path}.{qid}")
            for qid, value in _as_table(raw, path).items()
        )

    def condition(self, qid: str, value: object, path: str) -> Condition:
        question = self.questions.get(qid)
        if question is None:
            raise InvalidInput.for_field(path, f"undeclared question {qid!r}")
        if isinstance(value, dict) and question.type is QuestionType.INTEGER:
            low, high = value.get("min"), value.get("max")
            if not all(v is None or is_int(v) for v in (low, high)) or set(value) - {"min", "max"}:
                raise InvalidInput.for_field(path, "expected {min = N} and/or {max = N}")
            return Condition(qid, minimum=low, maximum=high)
        values: list[Answer] = []
        for item in value if isinstance(value, list) else [value]:
            answer = typed_answer(question, item)
            if answer is None:
                raise InvalidInput.for_field(path, str(answer_problem(question, item)))
            values.append(answer)
        return Condition(qid, values=tuple(values))

    def contradiction(self, index: int, raw: Mapping[str, object]) -> Contradiction:
        path = f"contradictions[{index}]"
        _only(raw, {"when", "problem"}, path)
        return Contradiction(
            conditions=self.conditions(_get(raw, "when", path), f"{path}.when"),
            problem=_as_str(_get(raw, "problem", path), f"{path}.problem"),
        )


def _question(qid: str, raw: Mapping[str, object]) -> Question:
    path = f"questions.{qid}"
    _only(raw, {"label", "type", "choices", "min", "max", "help"}, path)
    try:
        kind = QuestionType(_as_str(_get(raw, "type", path), f"{path}.type"))
    except ValueError:
        raise InvalidInput.for_field(
            f"{path}.type", "expected boolean, integer or choice"
        ) from None
    choices = tuple(_str_list(raw.get("choices", []), f"{path}.choices"))
    if (kind is QuestionType.CHOICE) != bool(choices):
        raise InvalidInput.for_field(f"{path}.choices", "required for choice questions only")
    low, high = raw.get("min"), raw.get("max")
    if not all(v is None or is_int(v) for v in (low, high)):
        raise InvalidInput.for_field(path, "min and max must be integers")
    return Question(
        id=qid,
        label=_as_str(_get(raw, "label", path), f"{path}.label"),
        type=kind,
        choices=choices,
        minimum=low if isinstance(low, int) else None,
        maximum=high if isinstance(high, int) else None,
        help=_as_str(raw["help"], f"{path}.help") if "help" in raw else "",
    )


def _source(sid: str, raw: Mapping[str, object]) -> Source:
    path = f"sources.{sid}"
    _only(raw, {"title", "url"}, path)
    title = _as_str(_get(raw, "title", path), f"{path}.title")
    return Source(sid, title, _as_str(raw.get("url", ""), f"{path}.url"))


def _instruction(key: str, raw: Mapping[str, object], sources: Mapping[str, Source]) -> Instruction:
    path = f"instructions.{key}"
    _only(raw, {"text", "steps", "source"}, path)
    source = _as_str(_get(raw, "source", path), f"{path}.source")
    if source not in sources:
        raise InvalidInput.for_field(f"{path}.source", f"undeclared source {source!r}")
    steps = tuple(_str_list(raw.get("steps", []), f"{path}.steps"))
    return Instruction(
        key, _as_str(_get(raw, "text", path), f"{path}.text"), steps, sources[source]
    )


def _check_base_rules(rules: tuple[Rule, ...]) -> None:
    for code, name in DISPATCH_REASONS.items():
        bases = [r.index for r in rules if r.is_base and r.applies_to(code)]
        if len(bases) != 1:
            problem = "no base rule" if not bases else f"several base rules {bases}"
            raise InvalidInput.for_field("rules", f"{problem} for dispatch reason {code} ({name})")


def _priority_key(priority: Priority) -> str:
    return "non_emergent" if priority is Priority.NON_EMERGENT else str(priority.value)


_RULE_KEYS = {
    "reasons",
    "except_reasons",
    "when",
    "priority",
    "level",
    "mode",
    "plan",
    "instructions",
    "overrides",
    "source",
    "why",
}


def _only(table: Mapping[str, object], allowed: set[str], path: str) -> None:
    """Refuse unknown keys: a misspelt ``levl`` must not silently fall back to a default."""
    for key in table:
        if key not in allowed:
            raise InvalidInput.for_field(f"{path}.{key}", "unknown key")


def _get(table: Mapping[str, object], key: str, path: str) -> object:
    if key not in table:
        raise InvalidInput.for_field(f"{path}.{key}" if path else key, "is required")
    return table[key]


def _table(doc: Mapping[str, object], key: str) -> Mapping[str, object]:
    """A top-level table of the protocol file."""
    return _as_table(_get(doc, key, ""), key)


def _as_table(value: object, path: str) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise InvalidInput.for_field(path, "expected a table")
    return value


def _as_list(value: object, path: str) -> list[object]:
    if not isinstance(value, list):
        raise InvalidInput.for_field(path, "expected a list")
    return value


def _as_bool(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput.for_field(path, "expected true or false")
    return value


def _as_str(value: object, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput.for_field(path, "expected non-empty text")
    return value


def _str_list(value: object, path: str) -> list[str]:
    return [_as_str(item, f"{path}[{i}]") for i, item in enumerate(_as_list(value, path))]
