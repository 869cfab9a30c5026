"""A response plan: the roles a call needs filled, each by one unit of a fitting type and level.

Triage produces the plan ("first response at EMR or above, emergent" + "ALS transport,
emergent"); recommendation fills each role. Keeping roles separate from units is what lets a
dispatcher send the nearest engine first and the ambulance behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.triage.priority import ResponseMode
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel

__all__ = ["Role", "UnitType", "parse_unit_type"]


@dataclass(frozen=True)
class Role:
    """One unit the call needs: its name in the plan, which unit types and level may fill it."""

    name: str
    unit_types: frozenset[UnitType]
    min_level: CareLevel
    mode: ResponseMode

    def accepts_type(self, unit_type: UnitType) -> bool:
        return unit_type in self.unit_types

    def describe(self) -> str:
        types = "/".join(sorted(t.value for t in self.unit_types))
        return f"{self.name}: {types} at {self.min_level.name} or above, {self.mode.value}"


def parse_unit_type(value: object, field: str) -> UnitType:
    """A unit type by value or name: ``first-response`` and ``first_response`` both work."""
    text = str(value).strip().lower().replace("-", "_")
    for unit_type in UnitType:
        if text == unit_type.name.lower():
            return unit_type
    known = ", ".join(t.value for t in UnitType)
    raise InvalidInput.for_field(field, f"unknown unit type {value!r}; expected one of {known}")
