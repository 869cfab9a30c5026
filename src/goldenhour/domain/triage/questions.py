"""Key questions of the triage protocol, their typed answers and the conditions rules test.

Questions are declared in the protocol with a type (boolean, integer with a range, choice) so
the call-taking screen can render the form and an answer of the wrong kind is refused before
any rule sees it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

Answer = bool | int | str


class QuestionType(StrEnum):
    BOOLEAN = "boolean"
    INTEGER = "integer"
    CHOICE = "choice"


@dataclass(frozen=True)
class Question:
    """A key question the call-taker asks; typed so a screen can render the form."""

    id: str
    label: str
    type: QuestionType
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    help: str = ""


@dataclass(frozen=True)
class Condition:
    """``question`` answered with one of ``values``, or (integers) within minimum..maximum."""

    question: str
    values: tuple[Answer, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def holds(self, answers: Mapping[str, Answer]) -> bool:
        value = answers.get(self.question)
        if value is None:
            return False  # an unanswered question never triggers a rule
        if self.values:
            return value in self.values
        number = int(value)
        low_ok = self.minimum is None or number >= self.minimum
        return low_ok and (self.maximum is None or number <= self.maximum)


def answer_problem(question: Question, value: object) -> str | None:
    """Why ``value`` is not a valid answer to ``question``, or None when it is."""
    if not fits(question, value):
        if question.type is QuestionType.CHOICE:
            return f"expected one of {', '.join(question.choices)}, got {value!r}"
        if question.type is QuestionType.INTEGER:
            low = "" if question.minimum is None else f", at least {question.minimum}"
            high = "" if question.maximum is None else f", at most {question.maximum}"
            return f"expected a whole number{low}{high}; got {value!r}"
        return f"expected true or false, got {value!r}"
    return None


def typed_answer(question: Question, value: object) -> Answer | None:
    """``value`` as an answer when it is a valid answer to ``question``, else None."""
    if fits(question, value) and isinstance(value, bool | int | str):
        return value
    return None


def fits(question: Question, value: object) -> bool:
    if question.type is QuestionType.BOOLEAN:
        return isinstance(value, bool)
    if question.type is QuestionType.CHOICE:
        return isinstance(value, str) and value in question.choices
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    low_ok = question.minimum is None or value >= question.minimum
    return low_ok and (question.maximum is None or value <= question.maximum)


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
