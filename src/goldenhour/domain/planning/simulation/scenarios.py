"""Scenarios: named changes to a plan, compared with the base on the same calls.

Written the way a planner says them, separated by ``;`` after an optional ``name:``::

    "night cover: add A13@S3 BLS; move A2@S5; remove A4; shift A5=7-19; level A3=BLS; demand +10%"

``add ID@STATION [LEVEL] [TYPE]`` (default ALS transport), ``remove ID``, ``move ID@STATION``,
``shift ID=START-END`` (hours of the day on duty, e.g. ``19-7`` for nights), ``level ID=LEVEL``
and ``demand ±X%``. Unknown units and stations are refused with the clause named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from goldenhour.domain.planning.simulation.model import FleetUnit, SimModel
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.triage.response_plan import parse_unit_type
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel, parse_care_level


@dataclass(frozen=True)
class Scenario:
    name: str
    clauses: tuple[str, ...] = ()

    @property
    def demand(self) -> float:
        """The call-rate factor (1.0 unchanged)."""
        factor = 1.0
        for clause in self.clauses:
            match = re.fullmatch(r"demand\s*([+-]\s*\d+(?:\.\d+)?)\s*%", clause)
            if match:
                factor *= 1.0 + float(match.group(1).replace(" ", "")) / 100.0
        return factor

    def apply(self, model: SimModel) -> SimModel:
        """The model with this scenario's fleet changes made."""
        fleet = list(model.fleet)
        for clause in self.clauses:
            fleet = _change(fleet, clause, model, self.name)
        return replace(model, fleet=tuple(fleet))


BASE = Scenario("base")


def parse_scenario(text: str, number: int = 1) -> Scenario:
    name, _, body = text.partition(":") if ":" in text else ("", "", text)
    clauses = tuple(c.strip() for c in body.split(";") if c.strip())
    scenario = Scenario(name.strip() or f"scenario {number}", clauses)
    for clause in clauses:
        if not re.match(r"(add|remove|move|shift|level|demand)\b", clause):
            raise InvalidInput.for_field(
                f"scenario {scenario.name}",
                f"cannot read {clause!r} (add, remove, move, shift, level or demand)",
            )
    return scenario


def _station(model: SimModel, name: str, where: str) -> int:
    if name not in model.stations:
        raise InvalidInput.for_field(where, f"no station {name!r} ({', '.join(model.stations)})")
    return list(model.stations).index(name)


def _unit(fleet: list[FleetUnit], unit_id: str, where: str) -> int:
    for k, unit in enumerate(fleet):
        if unit.id == unit_id:
            return k
    raise InvalidInput.for_field(where, f"no unit {unit_id!r}")


def _change(fleet: list[FleetUnit], clause: str, model: SimModel, name: str) -> list[FleetUnit]:
    where = f"scenario {name}: {clause}"
    verb, _, rest = clause.partition(" ")
    rest = rest.strip()
    if verb == "demand":
        return fleet
    if verb == "add":
        match = re.fullmatch(r"(\S+)@(\S+)(?:\s+(\S+))?(?:\s+(\S+))?", rest)
        if not match:
            raise InvalidInput.for_field(where, "write add ID@STATION [LEVEL] [TYPE]")
        unit_id, station, level, kind = match.groups()
        if any(u.id == unit_id for u in fleet):
            raise InvalidInput.for_field(where, f"unit {unit_id!r} already exists")
        return [
            *fleet,
            FleetUnit(
                unit_id,
                parse_unit_type(kind, where) if kind else UnitType.TRANSPORT,
                parse_care_level(level, where) if level else CareLevel.ALS,
                _station(model, station, where),
            ),
        ]
    if verb == "remove":
        k = _unit(fleet, rest, where)
        return fleet[:k] + fleet[k + 1 :]
    target, _, value = rest.replace("@", "=").partition("=")
    k = _unit(fleet, target.strip(), where)
    value = value.strip()
    if verb == "move":
        fleet[k] = replace(fleet[k], station=_station(model, value, where))
    elif verb == "level":
        fleet[k] = replace(fleet[k], level=parse_care_level(value, where))
    else:
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)", value)
        if not match or not all(0 <= float(h) <= 24 for h in match.groups()):
            raise InvalidInput.for_field(where, "write shift ID=START-END in hours, e.g. 7-19")
        fleet[k] = replace(fleet[k], shift=(float(match.group(1)), float(match.group(2))))
    return fleet
