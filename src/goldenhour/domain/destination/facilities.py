"""Facilities: where an ambulance may take a patient, and what each one can treat.

A facility's capabilities are what destination choice asks about: an emergency department,
trauma center verification (adult and pediatric separately, Level I highest .. IV), a PCI lab
for STEMI, a stroke center tier, a burn center, pediatric emergency and critical care,
obstetrics, psychiatric care, hyperbaric oxygen and a helipad.

Capabilities travel as **names** (``"trauma_adult_I"``, ``"stroke_comprehensive"``,
``"stemi_pci"``), so an import file, the API and the rules file all speak the same words; an
unknown name is refused with the closest known names. A requirement name means *at least*:
``trauma_adult_II`` is met by a Level I or II center, ``stroke_thrombectomy_capable`` by a
thrombectomy-capable or comprehensive stroke center, because a higher tier offers everything
a lower one does (Joint Commission stroke certification tiers; ACS trauma verification levels).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import IntEnum, StrEnum

from goldenhour.domain.destination.facility_status import Service, ServiceStatus
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput
from goldenhour.domain.shared.names import closest, name_key


class FacilityKind(StrEnum):
    HOSPITAL = "hospital"
    FREESTANDING_ED = "freestanding_ed"
    OTHER = "other"


class TraumaLevel(IntEnum):
    """ACS / state trauma center level: a lower number is a higher level of care."""

    I = 1  # noqa: E741 - the level's name
    II = 2
    III = 3
    IV = 4


class StrokeTier(IntEnum):
    """Stroke center certification tiers, lowest first (a higher tier compares greater)."""

    ACUTE_STROKE_READY = 1
    PRIMARY = 2
    THROMBECTOMY_CAPABLE = 3
    COMPREHENSIVE = 4


_STROKE_NAMES = {
    StrokeTier.ACUTE_STROKE_READY: "stroke_acute_ready",
    StrokeTier.PRIMARY: "stroke_primary",
    StrokeTier.THROMBECTOMY_CAPABLE: "stroke_thrombectomy_capable",
    StrokeTier.COMPREHENSIVE: "stroke_comprehensive",
}
# Yes/no capabilities: canonical name -> Capabilities field.
_FLAGS = {
    "emergency_department": "emergency_department",
    "stemi_pci": "pci",
    "burn_center": "burn",
    "pediatric_emergency": "pediatric_emergency",
    "pediatric_critical_care": "pediatric_critical_care",
    "obstetrics": "obstetrics",
    "psychiatric": "psychiatric",
    "hyperbaric_oxygen": "hyperbaric",
    "helipad": "helipad",
}
_ALIASES = {
    "ed": "emergency_department",
    "emergency": "emergency_department",
    "pci": "stemi_pci",
    "stemi": "stemi_pci",
    "burn": "burn_center",
    "picu": "pediatric_critical_care",
    "ob": "obstetrics",
    "labor_and_delivery": "obstetrics",
    "hyperbaric": "hyperbaric_oxygen",
    "hbo": "hyperbaric_oxygen",
    "acute_stroke_ready": "stroke_acute_ready",
    "asr": "stroke_acute_ready",
    "psc": "stroke_primary",
    "primary_stroke_center": "stroke_primary",
    "tsc": "stroke_thrombectomy_capable",
    "csc": "stroke_comprehensive",
    "comprehensive_stroke_center": "stroke_comprehensive",
}


def _trauma_name(population: str, level: TraumaLevel) -> str:
    return f"trauma_{population}_{level.name}"


@dataclass(frozen=True)
class Capabilities:
    emergency_department: bool = False
    trauma_adult: TraumaLevel | None = None
    trauma_pediatric: TraumaLevel | None = None
    pci: bool = False
    stroke: StrokeTier | None = None
    burn: bool = False
    pediatric_emergency: bool = False
    pediatric_critical_care: bool = False
    obstetrics: bool = False
    psychiatric: bool = False
    hyperbaric: bool = False
    helipad: bool = False

    def names(self) -> tuple[str, ...]:
        """The canonical names of what this facility offers (storage and API form)."""
        out = [name for name, attr in _FLAGS.items() if getattr(self, attr)]
        if self.trauma_adult is not None:
            out.append(_trauma_name("adult", self.trauma_adult))
        if self.trauma_pediatric is not None:
            out.append(_trauma_name("pediatric", self.trauma_pediatric))
        if self.stroke is not None:
            out.append(_STROKE_NAMES[self.stroke])
        return tuple(sorted(out))

    def meets(self, requirement: str) -> bool:
        """Whether this facility offers at least ``requirement`` (a canonical name)."""
        return _REQUIREMENTS[requirement](self)


def _trauma_requirement(population: str, level: TraumaLevel) -> Callable[[Capabilities], bool]:
    def check(c: Capabilities) -> bool:
        have = c.trauma_adult if population == "adult" else c.trauma_pediatric
        return have is not None and have <= level

    return check


def _stroke_requirement(tier: StrokeTier) -> Callable[[Capabilities], bool]:
    return lambda c: c.stroke is not None and c.stroke >= tier


def _flag_requirement(attr: str) -> Callable[[Capabilities], bool]:
    return lambda c: bool(getattr(c, attr))


_REQUIREMENTS: dict[str, Callable[[Capabilities], bool]] = {
    **{name: _flag_requirement(attr) for name, attr in _FLAGS.items()},
    **{name: _stroke_requirement(tier) for tier, name in _STROKE_NAMES.items()},
    **{
        _trauma_name(population, level): _trauma_requirement(population, level)
        for population in ("adult", "pediatric")
        for level in TraumaLevel
    },
}
CAPABILITY_NAMES: tuple[str, ...] = tuple(sorted(_REQUIREMENTS))
_BY_KEY = {name_key(n): n for n in CAPABILITY_NAMES} | {
    name_key(alias): name for alias, name in _ALIASES.items()
}
# Level numbers are accepted too: trauma_adult_1 .. trauma_pediatric_4.
_BY_KEY |= {
    name_key(f"trauma_{p}_{level.value}"): _trauma_name(p, level)
    for p in ("adult", "pediatric")
    for level in TraumaLevel
}


def capability_name(text: str, field: str = "capability") -> str:
    """The canonical name for ``text``; InvalidInput with "did you mean" when unknown."""
    name = _BY_KEY.get(name_key(text))
    if name is None:
        suggestions = closest(text, list(CAPABILITY_NAMES) + list(_ALIASES))
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        raise InvalidInput.for_field(field, f"unknown capability {text!r}{hint}")
    return name


def parse_capabilities(names: Iterable[str], field: str = "capabilities") -> Capabilities:
    """Capabilities from names; every unknown name is reported (``field[i]``), nothing kept.

    Two trauma levels for the same population keep the higher one, two stroke tiers the
    higher tier: a listing that repeats a lower designation does not downgrade the facility.
    """
    flags: dict[str, bool] = {}
    trauma: dict[str, TraumaLevel] = {}
    strokes: list[StrokeTier] = []
    problems: list[FieldProblem] = []
    for i, text in enumerate(names):
        try:
            name = capability_name(str(text), f"{field}[{i}]")
        except InvalidInput as exc:
            problems.extend(exc.errors)
            continue
        if name in _FLAGS:
            flags[_FLAGS[name]] = True
        elif name.startswith("stroke_"):
            strokes.append(next(t for t, n in _STROKE_NAMES.items() if n == name))
        else:
            _, population, roman = name.split("_")
            level = TraumaLevel[roman]
            key = f"trauma_{population}"
            trauma[key] = min(level, trauma.get(key, level))
    if problems:
        raise InvalidInput("; ".join(str(p) for p in problems), problems)
    return Capabilities(
        **flags,
        trauma_adult=trauma.get("trauma_adult"),
        trauma_pediatric=trauma.get("trauma_pediatric"),
        stroke=max(strokes, default=None),
    )


@dataclass(frozen=True)
class Facility:
    """A destination. ``statuses`` holds only services that are not plainly open."""

    id: str
    name: str
    lon: float
    lat: float
    kind: FacilityKind = FacilityKind.HOSPITAL
    capabilities: Capabilities = field(default_factory=Capabilities)
    statuses: Mapping[Service, ServiceStatus] = field(default_factory=dict, hash=False)
    city: str = ""
    state: str = ""

    def __post_init__(self) -> None:
        if not self.id.strip():
            raise InvalidInput.for_field("id", "must not be empty")
        if not self.name.strip():
            raise InvalidInput.for_field("name", "must not be empty")
        if not (math.isfinite(self.lon) and -180.0 <= self.lon <= 180.0):
            raise InvalidInput.for_field("lon", f"{self.lon} is not a longitude (-180..180)")
        if not (math.isfinite(self.lat) and -90.0 <= self.lat <= 90.0):
            raise InvalidInput.for_field("lat", f"{self.lat} is not a latitude (-90..90)")

    @property
    def lonlat(self) -> tuple[float, float]:
        return (self.lon, self.lat)

    def with_status(self, service: Service, status: ServiceStatus) -> Facility:
        """A copy with ``service`` set to ``status`` (validate with ``change_status`` first)."""
        return replace(self, statuses={**self.statuses, service: status})
