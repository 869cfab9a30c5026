"""Reading scope layers from their data form (parsed TOML mappings), checking every field.

The national model is written per skill (``minimum`` level, citation, whether the model leaves
the skill to the states); state overlays and agency protocols are written as rules. Both are
checked against the skills catalog and the level vocabulary, and every problem names its place
in the file (``rule[3].levels``), so a state administrator can fix an overlay without reading
Python.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from goldenhour.domain.credentials.certification_levels import check_placement, parse_level
from goldenhour.domain.scope.rules import Effect, LayerKind, ScopeLayer, ScopeRule
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput
from goldenhour.domain.shared.names import unknown_name


def national_layer_from_mapping(data: Mapping[str, Any], skills: Collection[str]) -> ScopeLayer:
    """The national model: one cumulative ``permit`` rule per catalog skill, each cited."""
    model = _table(data, "model")
    model_id = str(model.get("id", "national"))
    reference = str(model.get("reference", ""))
    problems: list[FieldProblem] = []
    rules: list[ScopeRule] = []
    entries = _table(data, "skills")
    for slug, entry in entries.items():
        where = f"skills.{slug}"
        try:
            _known_skill(slug, skills, where)
            minimum = parse_level(str(entry.get("minimum", "")), f"{where}.minimum")
            if not minimum.on_ladder:
                raise InvalidInput.for_field(f"{where}.minimum", "must be an EMS ladder level")
            cite = str(entry.get("cite", ""))
            rules.append(
                ScopeRule(
                    f"{model_id}/{slug}",
                    slug,
                    Effect.PERMIT,
                    at_or_above=minimum.slug,
                    citation=f"{reference}, {cite}" if reference else cite,
                    state_option=bool(entry.get("state_option", False)),
                )
            )
        except InvalidInput as exc:
            problems.extend(exc.errors)
    problems += [
        FieldProblem(f"skills.{s}", "missing from the national model")
        for s in skills
        if s not in entries
    ]
    placement = _placement(data, problems)
    _raise_if(problems, "national scope model")
    return ScopeLayer(LayerKind.NATIONAL, model_id, tuple(rules), placement)


def overlay_from_mapping(
    data: Mapping[str, Any], kind: LayerKind, skills: Collection[str]
) -> ScopeLayer:
    """A state overlay (``[jurisdiction]``) or agency protocol (``[agency]``) and its rules."""
    if kind is LayerKind.NATIONAL:
        raise InvalidInput.for_field("kind", "use national_layer_from_mapping for the model")
    header_name = "jurisdiction" if kind is LayerKind.STATE else "agency"
    header = _table(data, header_name)
    name = str(header.get("code") or header.get("name") or "")
    if not name:
        raise InvalidInput.for_field(f"{header_name}.code", "is required")
    problems: list[FieldProblem] = []
    rules: list[ScopeRule] = []
    for index, row in enumerate(data.get("rule", [])):
        try:
            rules.append(_rule(row, f"rule[{index}]", f"{name}#{index + 1}", skills))
        except InvalidInput as exc:
            problems.extend(exc.errors)
    placement: dict[str, str] = {}
    if kind is LayerKind.AGENCY and "placement" in data:
        problems.append(FieldProblem("placement", "an agency protocol cannot place professions"))
    elif kind is LayerKind.STATE:
        placement = _placement(data, problems)
    _raise_if(problems, f"{header_name} {name}")
    return ScopeLayer(
        kind,
        name,
        tuple(rules),
        placement,
        exclusive=bool(header.get("exclusive", False)),
        jurisdiction=name if kind is LayerKind.STATE else None,
        example=bool(header.get("example", False)),
    )


def _rule(
    row: Mapping[str, Any], where: str, default_id: str, skills: Collection[str]
) -> ScopeRule:
    skill = str(row.get("skill", ""))
    _known_skill(skill, skills, f"{where}.skill")
    try:
        effect = Effect(str(row.get("effect", "")))
    except ValueError:
        allowed = ", ".join(e.value for e in Effect)
        raise InvalidInput.for_field(f"{where}.effect", f"must be one of {allowed}") from None
    levels = row.get("levels")
    at_or_above = row.get("at_or_above")
    if (levels is None) == (at_or_above is None):
        raise InvalidInput.for_field(where, "give exactly one of levels or at_or_above")
    level_slugs = frozenset(
        parse_level(str(text), f"{where}.levels").slug for text in (levels or [])
    )
    floor = parse_level(str(at_or_above), f"{where}.at_or_above") if at_or_above else None
    if floor is not None and not floor.on_ladder:
        raise InvalidInput.for_field(f"{where}.at_or_above", "must be an EMS ladder level")
    endorsement = row.get("endorsement")
    medical_control = bool(row.get("medical_control", False))
    if effect is Effect.CONDITION and not (endorsement or medical_control):
        raise InvalidInput.for_field(where, "a condition needs an endorsement or medical_control")
    if effect is Effect.DENY and (endorsement or medical_control):
        raise InvalidInput.for_field(where, "a deny rule takes no endorsement or medical control")
    return ScopeRule(
        str(row.get("id", default_id)),
        skill,
        effect,
        levels=level_slugs,
        at_or_above=floor.slug if floor else None,
        endorsement=str(endorsement) if endorsement else None,
        medical_control=medical_control,
        citation=str(row.get("cite", "")),
    )


def _known_skill(slug: str, skills: Collection[str], field: str) -> None:
    if slug not in skills:
        raise unknown_name(field, "skill", slug, skills)


def _placement(data: Mapping[str, Any], problems: list[FieldProblem]) -> dict[str, str]:
    try:
        return check_placement(_table(data, "placement"), "placement")
    except InvalidInput as exc:
        problems.extend(exc.errors)
        return {}


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise InvalidInput.for_field(key, "must be a table")
    return value


def _raise_if(problems: list[FieldProblem], what: str) -> None:
    if problems:
        raise InvalidInput(f"{what}: " + "; ".join(str(p) for p in problems), problems)
