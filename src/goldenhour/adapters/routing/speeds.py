"""Which OSM ways an ambulance may drive, in which direction, and how fast.

The rules are deliberately few and written down here, because every ETA the dispatcher sees
rests on them:

* only ``highway`` classes in the profile's speed table (:data:`DEFAULT_SPEEDS_KMH`) are
  roads (footways, cycleways, steps, tracks, construction sites and areas are not);
* ``normal`` speed is the posted ``maxspeed`` when it can be read, else the class default;
* ``emergency`` (lights and sirens) speed is the normal speed times a per-class factor
  (:data:`EMERGENCY_FACTORS`, 1.3 where not listed), capped at :data:`EMERGENCY_CAP_KMH` (a
  road already faster than the cap is not slowed); JEMSS's Manhattan model uses a similar
  ratio (14.7 vs 11 km/h). Town streets gain most (traffic yields), motorways least;
* one-way streets are one-way in both modes (``oneway=yes|true|1|-1|reverse``, roundabouts and
  motorways), and a way closed to motor vehicles is closed in ``normal`` mode but open in
  ``emergency`` mode when tagged ``emergency=yes|designated`` (and ``highway=busway``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from goldenhour.domain.shared.errors import InvalidInput

MODES: tuple[str, ...] = ("emergency", "normal")

DEFAULT_SPEEDS_KMH: dict[str, float] = {
    "motorway": 100.0,
    "motorway_link": 60.0,
    "trunk": 80.0,
    "trunk_link": 50.0,
    "primary": 60.0,
    "primary_link": 45.0,
    "secondary": 50.0,
    "secondary_link": 40.0,
    "tertiary": 40.0,
    "tertiary_link": 35.0,
    "unclassified": 35.0,
    "residential": 30.0,
    "living_street": 10.0,
    "service": 20.0,
    "road": 30.0,
    "busway": 40.0,
}
EMERGENCY_ONLY_CLASSES = frozenset({"busway"})
EMERGENCY_FACTOR = 1.3
EMERGENCY_FACTORS: dict[str, float] = {
    "motorway": 1.15,
    "motorway_link": 1.2,
    "trunk": 1.2,
    "trunk_link": 1.2,
    "living_street": 1.5,
    "service": 1.2,
}
EMERGENCY_CAP_KMH = 130.0
MPH = 1.609344

# Country-coded implicit limits (``maxspeed=FI:urban``); unknown codes fall back to the class.
_IMPLICIT_KMH = {"urban": 50.0, "rural": 80.0, "motorway": 120.0, "living_street": 10.0}
_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(mph|km/h|kmh|kph)?\s*$")
_YES = frozenset({"yes", "true", "1"})
_CLOSED = frozenset({"no", "private"})
_EMERGENCY_OPEN = frozenset({"yes", "designated", "permissive"})


def parse_maxspeed(raw: str | None) -> float | None:
    """Kilometres per hour for an OSM ``maxspeed`` value, or None when it gives no number."""
    if not raw:
        return None
    speeds: list[float] = []
    for part in raw.split(";"):
        part = part.strip().lower()
        match = _NUMBER.match(part)
        if match:
            value = float(match.group(1)) * (MPH if match.group(2) == "mph" else 1.0)
            if value > 0:
                speeds.append(value)
        elif part == "walk":
            speeds.append(7.0)
        elif ":" in part and part.split(":", 1)[1] in _IMPLICIT_KMH:
            speeds.append(_IMPLICIT_KMH[part.split(":", 1)[1]])
    return min(speeds) if speeds else None


def emergency_speed(
    normal_kmh: Any, factor: float = EMERGENCY_FACTOR, cap_kmh: float = EMERGENCY_CAP_KMH
) -> Any:
    """Lights-and-sirens speed for a normal speed (a number or a numpy array), in km/h."""
    return np.minimum(normal_kmh * factor, np.maximum(cap_kmh, normal_kmh))


@dataclass(frozen=True)
class SpeedProfile:
    """Speeds per road class, configurable per import (``--speed-profile FILE.toml``).

    The TOML file may set any of::

        emergency_cap_kmh = 130
        [kmh]                 # normal speed where no maxspeed tag is readable
        residential = 25
        [emergency_factor]    # lights-and-sirens multiplier; "default" for unlisted classes
        default = 1.3
        motorway = 1.1
    """

    kmh: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_SPEEDS_KMH))
    emergency_factor: Mapping[str, float] = field(
        default_factory=lambda: {"default": EMERGENCY_FACTOR, **EMERGENCY_FACTORS}
    )
    emergency_cap_kmh: float = EMERGENCY_CAP_KMH

    def factor(self, highway: str) -> float:
        return self.emergency_factor.get(highway, self.emergency_factor.get("default", 1.0))

    def as_dict(self) -> dict[str, Any]:
        return {
            "kmh": dict(self.kmh),
            "emergency_factor": dict(self.emergency_factor),
            "emergency_cap_kmh": self.emergency_cap_kmh,
        }

    @classmethod
    def from_toml(cls, path: Path) -> SpeedProfile:
        label = path.name
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InvalidInput(f"{label}: not a readable speed profile ({exc})") from None
        unknown = set(data) - {"kmh", "emergency_factor", "emergency_cap_kmh"}
        if unknown:
            raise InvalidInput(f"{label}: unknown speed profile key {sorted(unknown)[0]!r}")
        base = cls()
        kmh = {**base.kmh, **_positive(data.get("kmh", {}), f"{label} [kmh]")}
        factors = {
            **base.emergency_factor,
            **_positive(data.get("emergency_factor", {}), f"{label} [emergency_factor]"),
        }
        cap = _positive(
            {"cap": data.get("emergency_cap_kmh", base.emergency_cap_kmh)},
            f"{label} emergency_cap_kmh",
        )["cap"]
        return cls(kmh=kmh, emergency_factor=factors, emergency_cap_kmh=cap)


def _positive(table: Any, what: str) -> dict[str, float]:
    if not isinstance(table, dict):
        raise InvalidInput(f"{what}: must be a table of numbers")
    out: dict[str, float] = {}
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            raise InvalidInput(f"{what}: {key} must be a positive number, got {value!r}")
        out[key] = float(value)
    return out


DEFAULT_PROFILE = SpeedProfile()


class Tags(Protocol):
    """A way's tags: a plain mapping in tests, pyosmium's ``TagList`` when reading a file."""

    def get(self, key: str, default: str | None = None, /) -> str | None: ...


def way_speeds(
    tags: Tags, profile: SpeedProfile = DEFAULT_PROFILE
) -> tuple[float | None, float] | None:
    """(normal, emergency) km/h for a way; a None normal speed means closed to normal traffic.

    None when the way is not a road an ambulance may drive at all.
    """
    highway = tags.get("highway")
    if highway is None or highway not in profile.kmh or tags.get("area") == "yes":
        return None
    posted = parse_maxspeed(tags.get("maxspeed"))
    normal = posted if posted is not None else profile.kmh[highway]
    fast = float(emergency_speed(normal, profile.factor(highway), profile.emergency_cap_kmh))
    closed = highway in EMERGENCY_ONLY_CLASSES or any(
        tags.get(key) in _CLOSED for key in ("access", "vehicle", "motor_vehicle", "motorcar")
    )
    emergency_ok = tags.get("emergency") in _EMERGENCY_OPEN or (
        highway in EMERGENCY_ONLY_CLASSES and tags.get("emergency") not in _CLOSED
    )
    if closed and not emergency_ok:
        return None
    return (None if closed else normal), fast


def oneway_direction(tags: Tags) -> int:
    """+1: only along the way's node order; -1: only against it; 0: both directions."""
    value = (tags.get("oneway") or "").lower()
    if value in _YES:
        return 1
    if value in ("-1", "reverse"):
        return -1
    if value == "no":
        return 0
    if tags.get("junction") in ("roundabout", "circular"):
        return 1
    if tags.get("highway") == "motorway":
        return 1
    return 0
