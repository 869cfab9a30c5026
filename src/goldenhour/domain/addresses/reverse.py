"""From a point (a map click, a unit's GPS) to what a dispatcher would say: an address, or the
street with its nearest cross street and block."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from goldenhour.domain.addresses.gazetteer import CELL_DEG, AddressPoint, Gazetteer, cell_of
from goldenhour.domain.addresses.geometry import LonLat, distance_m, nearest_on_segment
from goldenhour.domain.addresses.numbering import BLOCK, axis

ADDRESS_WITHIN_M = 60.0


@dataclass(frozen=True)
class Located:
    """The words for a point: ``label`` is what to show, ``kind`` address or street."""

    label: str
    kind: str
    lon: float
    lat: float
    distance_m: float
    street: str
    cross_street: str | None = None
    block: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "kind": self.kind,
            "lon": round(self.lon, 7),
            "lat": round(self.lat, 7),
            "distance_m": round(self.distance_m, 1),
            "street": self.street,
            "cross_street": self.cross_street,
            "block": self.block,
        }


def reverse(gazetteer: Gazetteer, point: LonLat, within_m: float = 1000.0) -> Located | None:
    """The nearest mapped address within 60 m, else the nearest street within ``within_m``."""
    address = _nearest_address(gazetteer, point)
    if address is not None:
        d, a = address
        return Located(f"{a.number} {a.street}", "address", a.lon, a.lat, d, a.street)
    nearest = _nearest_segment(gazetteer, point, within_m)
    if nearest is None:
        return None
    d, key, on_street = nearest
    name = gazetteer.street_keys[key][0].name
    cross = _nearest_cross_street(gazetteer, key, on_street)
    layout = axis(gazetteer, key)
    t = layout.t(on_street)
    inside = [k for k, b in enumerate(layout.boundaries[:-1]) if b <= t]
    block = (inside[-1] if inside else 0) * BLOCK
    label = f"{block} Block of {name}" + (f" near {cross}" if cross else "")
    return Located(label, "street", on_street[0], on_street[1], d, name, cross, block)


def _cells_around(point: LonLat, within_m: float) -> list[tuple[int, int]]:
    reach = math.ceil(within_m / 111_000 / CELL_DEG / max(math.cos(math.radians(point[1])), 0.1))
    i, j = cell_of(point)
    return [(i + di, j + dj) for di in range(-reach, reach + 1) for dj in range(-reach, reach + 1)]


def _nearest_address(gazetteer: Gazetteer, point: LonLat) -> tuple[float, AddressPoint] | None:
    best: tuple[float, AddressPoint] | None = None
    for cell in _cells_around(point, ADDRESS_WITHIN_M):
        for a in gazetteer.address_grid.get(cell, ()):
            d = distance_m(point, (a.lon, a.lat))
            if d <= ADDRESS_WITHIN_M and (best is None or d < best[0]):
                best = (d, a)
    return best


def _nearest_segment(
    gazetteer: Gazetteer, point: LonLat, within_m: float
) -> tuple[float, str, LonLat] | None:
    best: tuple[float, str, LonLat] | None = None
    for cell in _cells_around(point, within_m):
        for key, a, b in gazetteer.segment_grid.get(cell, ()):
            on, _, d = nearest_on_segment(point, a, b)
            if d <= within_m and (best is None or d < best[0]):
                best = (d, key, on)
    return best


def _nearest_cross_street(gazetteer: Gazetteer, key: str, on_street: LonLat) -> str | None:
    best: tuple[float, str] | None = None
    for n in gazetteer.key_nodes[key]:
        others = gazetteer.node_keys.get(n, frozenset()) - {key}
        if not others:
            continue
        d = distance_m(on_street, gazetteer.node_position[n])
        if best is None or d < best[0]:
            best = (d, gazetteer.street_keys[sorted(others)[0]][0].name)
    return best[1] if best else None
