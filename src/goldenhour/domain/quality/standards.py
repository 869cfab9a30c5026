"""Response-time standards as data: targets per interval, optionally per priority and zone.

The shipped default is NFPA 1710's EMS objectives (``data/quality/nfpa1710.toml``, each value
with its section); an agency's contract (an ambulance franchise, a county ordinance) is a TOML
file of the same shape with its own targets, fractile and counting rules::

    name = "Metro County ambulance contract"
    fractile = 90
    round_up_minutes = true   # 10:01 counts as 11 minutes
    grace_s = 59              # "8:59" meets an 8-minute target

    [targets.response]
    seconds = 480
    source = "Contract 2024-17, exhibit B"

    [[targets.response.by]]   # most specific match wins: priority and zone, then either
    priority = "1"
    zone = "rural"
    seconds = 900
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from goldenhour.domain.quality.fractiles import ContractRules
from goldenhour.domain.quality.intervals import BY_NAME
from goldenhour.domain.shared.errors import InvalidInput


@dataclass(frozen=True)
class Override:
    """A target for calls of one priority and/or one zone (None: any)."""

    seconds: float
    priority: str | None = None
    zone: str | None = None

    def matches(self, priority: str, zone: str) -> bool:
        return (self.priority is None or self.priority == priority) and (
            self.zone is None or self.zone == zone
        )

    @property
    def specificity(self) -> int:
        return (self.priority is not None) + (self.zone is not None)


@dataclass(frozen=True)
class Target:
    seconds: float | None
    source: str
    fractile: float | None = None  # None: the standard's fractile
    note: str = ""
    overrides: tuple[Override, ...] = ()

    def for_call(self, priority: str, zone: str) -> float | None:
        """The target for a call of ``priority`` in ``zone``: the most specific override."""
        found = [o for o in self.overrides if o.matches(priority, zone)]
        if found:
            return max(found, key=lambda o: o.specificity).seconds
        return self.seconds


@dataclass(frozen=True)
class Standard:
    name: str
    fractile: float
    rules: ContractRules
    targets: Mapping[str, Target] = field(default_factory=dict)
    # Objectives a standard sets that NEMSIS times cannot measure (alarm answering needs the
    # ring time), kept so a report can say what it leaves out.
    unmeasured: Mapping[str, Target] = field(default_factory=dict)

    def target(self, interval: str) -> Target | None:
        return self.targets.get(interval)

    def fractile_for(self, interval: str) -> float:
        found = self.targets.get(interval)
        return found.fractile if found and found.fractile else self.fractile


def parse_standard(text: str, where: str = "standard") -> Standard:
    """A standard from TOML text; InvalidInput naming the key on anything malformed."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput.for_field(where, f"not valid TOML: {exc}") from None
    name = _text(doc, "name", where)
    fractile = _number(doc.get("fractile", 90), f"{where}.fractile")
    if not 0 < fractile <= 100:
        raise InvalidInput.for_field(f"{where}.fractile", "must be in (0, 100]")
    grace = doc.get("grace_s", 0)
    if not isinstance(grace, int) or isinstance(grace, bool) or not 0 <= grace < 60:
        raise InvalidInput.for_field(f"{where}.grace_s", "must be whole seconds, 0 to 59")
    rounding = doc.get("round_up_minutes", False)
    if not isinstance(rounding, bool):
        raise InvalidInput.for_field(f"{where}.round_up_minutes", "must be true or false")
    targets: dict[str, Target] = {}
    unmeasured: dict[str, Target] = {}
    for key, raw in _table(doc, "targets", where).items():
        here = f"{where}.targets.{key}"
        if not isinstance(raw, dict):
            raise InvalidInput.for_field(here, "must be a table")
        target = _target(raw, here)
        if key in BY_NAME:
            targets[key] = target
        elif raw.get("measured") is False:
            unmeasured[key] = target
        else:
            known = ", ".join(BY_NAME)
            raise InvalidInput.for_field(here, f"unknown interval; expected one of {known}")
    return Standard(name, fractile, ContractRules(rounding, grace), targets, unmeasured)


def _target(raw: Mapping[str, Any], where: str) -> Target:
    seconds = raw.get("seconds")
    if seconds is not None:
        seconds = _number(seconds, f"{where}.seconds")
    fractile = raw.get("fractile")
    overrides = []
    for i, item in enumerate(raw.get("by", [])):
        here = f"{where}.by[{i}]"
        if not isinstance(item, dict) or not ({"priority", "zone"} & item.keys()):
            raise InvalidInput.for_field(here, "needs a priority or a zone, and seconds")
        overrides.append(
            Override(
                _number(item.get("seconds"), f"{here}.seconds"),
                None if item.get("priority") is None else str(item["priority"]),
                None if item.get("zone") is None else str(item["zone"]),
            )
        )
    return Target(
        seconds=seconds,
        source=_text(raw, "source", where),
        fractile=None if fractile is None else _number(fractile, f"{where}.fractile"),
        note=str(raw.get("note", "")),
        overrides=tuple(overrides),
    )


def _table(doc: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    found = doc.get(key, {})
    if not isinstance(found, dict):
        raise InvalidInput.for_field(f"{where}.{key}", "must be a table")
    return found


def _text(doc: Mapping[str, Any], key: str, where: str) -> str:
    found = doc.get(key)
    if not isinstance(found, str) or not found.strip():
        raise InvalidInput.for_field(f"{where}.{key}", "required text")
    return found


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise InvalidInput.for_field(where, "must be a non-negative number")
    return float(value)
