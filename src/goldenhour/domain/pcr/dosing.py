"""Weight-based doses from the agency's protocol: dose = weight x dose per kg, capped.

Doses are the medical director's, not ours: the agency protocol document carries them as
``[[dose]]`` rows (``skill``, ``per_kg``, ``unit``, ``max``, optionally ``min`` and the
``concentration`` per mL it is drawn from, and ``cite``: the protocol section). GoldenHour
only does the arithmetic and shows its working, so the crew can check it; a skill the
protocol gives no weight-based dose for gets no number.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from goldenhour.domain.shared.errors import FieldProblem, InvalidInput

UNITS = {"mg": "3706021", "mcg": "3706015", "g": "3706001", "mEq": "3706019", "units": "3706005"}


@dataclass(frozen=True)
class DoseRule:
    skill: str
    per_kg: float
    unit: str
    max_dose: float
    min_dose: float = 0.0
    concentration: float | None = None  # ``unit`` per mL of what is drawn up
    cite: str = ""


@dataclass(frozen=True)
class DoseAdvice:
    rule: DoseRule
    weight_kg: float
    dose: float
    volume_ml: float | None
    capped: str | None  # "max" or "min" when the cap decided the dose
    working: str  # the arithmetic, in words

    @property
    def unit_code(self) -> str:
        return UNITS[self.rule.unit]


def dose_rules(document: Mapping[str, Any], skills: Collection[str]) -> tuple[DoseRule, ...]:
    """The ``dose`` rows of an agency protocol, each checked (422 naming ``dose[i].field``)."""
    rows = document.get("dose", [])
    if not isinstance(rows, list):
        raise InvalidInput.for_field("dose", "must be a list of dose rows")
    problems: list[FieldProblem] = []
    rules: list[DoseRule] = []
    for index, row in enumerate(rows):
        where = f"dose[{index}]"
        if not isinstance(row, Mapping):
            problems.append(FieldProblem(where, "must be a table"))
            continue
        skill = str(row.get("skill", ""))
        if skill not in skills:
            problems.append(FieldProblem(f"{where}.skill", f"{skill!r} is not a known skill"))
        unit = str(row.get("unit", ""))
        if unit not in UNITS:
            problems.append(FieldProblem(f"{where}.unit", f"must be one of {', '.join(UNITS)}"))
        numbers: dict[str, float | None] = {}
        for name in ("per_kg", "max", "min", "concentration"):
            value = row.get(name)
            if value is None:
                numbers[name] = None
            elif isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
                numbers[name] = float(value)
            else:
                problems.append(FieldProblem(f"{where}.{name}", "must be a positive number"))
        for name in ("per_kg", "max"):
            if row.get(name) is None:
                problems.append(FieldProblem(f"{where}.{name}", "is required"))
        if problems:
            continue
        per_kg, max_dose = numbers["per_kg"], numbers["max"]
        assert per_kg is not None and max_dose is not None
        rules.append(
            DoseRule(skill, per_kg, unit, max_dose, numbers["min"] or 0.0,
                     numbers["concentration"], str(row.get("cite", "")))
        )  # fmt: skip
    if problems:
        raise InvalidInput("; ".join(str(p) for p in problems), problems)
    return tuple(rules)


def weight_based_dose(rule: DoseRule, weight_kg: float) -> DoseAdvice:
    if not 0.3 <= weight_kg <= 350:
        raise InvalidInput.for_field("weight_kg", f"{weight_kg:g} kg is not a patient's weight")
    raw = weight_kg * rule.per_kg
    dose, capped = raw, None
    if raw > rule.max_dose:
        dose, capped = rule.max_dose, "max"
    elif raw < rule.min_dose:
        dose, capped = rule.min_dose, "min"
    dose = round(dose, 3)
    working = f"{weight_kg:g} kg x {rule.per_kg:g} {rule.unit}/kg = {raw:.3g} {rule.unit}"
    if capped:
        limit = rule.max_dose if capped == "max" else rule.min_dose
        working += f", {capped}imum {limit:g} {rule.unit}"
    volume = None
    if rule.concentration:
        volume = round(dose / rule.concentration, 2)
        working += f"; at {rule.concentration:g} {rule.unit}/mL: {volume:g} mL"
    return DoseAdvice(rule, weight_kg, dose, volume, capped, working)
