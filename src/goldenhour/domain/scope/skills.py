"""The skills catalog: procedures (SNOMED CT) and medications (RxNorm, with routes).

A skill is the unit scope rules talk about. Its slug is stable (rules, protocols and records
refer to it); its code links it to NEMSIS eProcedures.03 / eMedications.03 and to the
dConfiguration / sConfiguration tables. One drug given by different routes is different skills
(naloxone intranasal is EMR scope, naloxone IV is AEMT scope) sharing one RxNorm code, so a
code can name several skills.

The catalog itself is data (``goldenhour/data/skills.toml``); this module turns the parsed
mapping into checked, frozen objects and never reads a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.shared.names import name_key, unknown_name

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class SkillKind(StrEnum):
    PROCEDURE = "procedure"
    MEDICATION = "medication"


class CodeSystem(StrEnum):
    SNOMED_CT = "SNOMED-CT"
    RXNORM = "RxNorm"


@dataclass(frozen=True)
class Skill:
    slug: str
    kind: SkillKind
    name: str
    code: str | None
    code_system: CodeSystem | None
    routes: tuple[str, ...] = ()
    names: tuple[str, ...] = ()


class SkillCatalog:
    """All known skills, looked up by slug, code or any common name. Immutable once built."""

    def __init__(self, skills: Iterable[Skill]) -> None:
        self.skills = tuple(skills)
        self._by_key: dict[str, Skill] = {}
        for skill in self.skills:
            for spelling in (skill.slug, skill.name, *skill.names):
                self._by_key.setdefault(name_key(spelling), skill)

    def __iter__(self) -> Iterator[Skill]:
        return iter(self.skills)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(skill.slug for skill in self.skills)

    def parse(self, text: str, field: str = "skill") -> Skill:
        """The skill named by a slug, name, common name or (when unambiguous) its code."""
        skill = self._by_key.get(name_key(text))
        if skill is not None:
            return skill
        by_code = self.with_code(text.strip())
        if len(by_code) == 1:
            return by_code[0]
        if by_code:
            options = ", ".join(s.slug for s in by_code)
            raise InvalidInput.for_field(field, f"code {text!r} names several skills: {options}")
        raise unknown_name(field, "skill", text, (*self.slugs, *(s.name for s in self.skills)))

    def with_code(self, code: str, kind: SkillKind | None = None) -> tuple[Skill, ...]:
        """Every skill carrying ``code`` (several routes of one drug share an RxNorm code)."""
        return tuple(
            skill
            for skill in self.skills
            if skill.code == code and (kind is None or skill.kind is kind)
        )


def catalog_from_mapping(data: Mapping[str, Any]) -> SkillCatalog:
    """Check a parsed catalog (``[[procedure]]`` and ``[[medication]]`` tables) and build it."""
    problems: list[str] = []
    skills: list[Skill] = []
    for kind in SkillKind:
        for index, row in enumerate(data.get(kind.value, [])):
            where = f"{kind.value}[{index}]"
            try:
                skills.append(_skill(kind, row, where))
            except InvalidInput as exc:
                problems.extend(str(problem) for problem in exc.errors)
    _check_unique(skills, problems)
    if problems:
        raise InvalidInput("skills catalog: " + "; ".join(problems))
    return SkillCatalog(tuple(skills))


def _skill(kind: SkillKind, row: Mapping[str, Any], where: str) -> Skill:
    slug = str(row.get("slug", ""))
    if not _SLUG.match(slug):
        raise InvalidInput.for_field(f"{where}.slug", f"{slug!r} is not a lower-case-slug")
    name = row.get("name")
    if not isinstance(name, str) or not name:
        raise InvalidInput.for_field(f"{where}.name", "is required")
    code, system = _code(kind, row, where)
    routes = _strings(row.get("routes", []), f"{where}.routes")
    if kind is SkillKind.MEDICATION and not routes:
        raise InvalidInput.for_field(f"{where}.routes", "a medication needs at least one route")
    names = _strings(row.get("names", []), f"{where}.names")
    return Skill(slug, kind, name, code, system, routes, names)


def _code(
    kind: SkillKind, row: Mapping[str, Any], where: str
) -> tuple[str | None, CodeSystem | None]:
    given = [(system, row[key]) for key, system in _CODE_KEYS.items() if key in row]
    if len(given) > 1:
        raise InvalidInput.for_field(where, "give one code (snomed or rxnorm), not both")
    if not given:
        return None, None
    system, code = given[0]
    if kind is SkillKind.PROCEDURE and system is not CodeSystem.SNOMED_CT:
        raise InvalidInput.for_field(f"{where}.rxnorm", "a procedure is coded in SNOMED CT")
    if not (isinstance(code, str) and code.isdigit()):
        raise InvalidInput.for_field(where, f"code {code!r} must be a string of digits")
    return code, system


_CODE_KEYS = {"snomed": CodeSystem.SNOMED_CT, "rxnorm": CodeSystem.RXNORM}


def _strings(value: object, field: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InvalidInput.for_field(field, "must be a list of non-empty strings")
    return tuple(value)


def _check_unique(skills: Iterable[Skill], problems: list[str]) -> None:
    seen: dict[str, str] = {}
    for skill in skills:
        for spelling in (skill.slug, skill.name, *skill.names):
            key = name_key(spelling)
            owner = seen.setdefault(key, skill.slug)
            if owner != skill.slug:
                problems.append(f"{skill.slug}: name {spelling!r} is already used by {owner}")
