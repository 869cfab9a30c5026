"""A region's addresses: named streets, house numbers, interpolation lines and named places.

Built once from the region's map (see ``adapters/geocoding``) and queried in memory. Streets
are the map's named ways with their node ids, so two streets *intersect* where they share a
node, as they do in OpenStreetMap and in TIGER converted to OSM.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from goldenhour.domain.addresses.geometry import LonLat, centroid, distance_m
from goldenhour.domain.addresses.normalize import place_key, street_core, street_key

MERGE_CROSSING_M = 80.0  # shared nodes closer than this are one intersection (dual roads)
NEAR_CROSSING_M = 40.0  # streets passing this close without a shared node still "cross"
MINOR_TYPES = frozenset({"ALY", "CT", "PL", "LN", "TER", "WALK", "PATH", "ROW", "RMP", "RAMP"})
CELL_DEG = 0.002  # grid cell of the reverse look-up, about 200 m


@dataclass(frozen=True)
class Street:
    """One named way: its name as mapped, its node ids and their positions."""

    name: str
    nodes: tuple[int, ...]
    points: tuple[LonLat, ...]


@dataclass(frozen=True)
class AddressPoint:
    """A mapped house number (``addr:housenumber`` on a node or building)."""

    number: int
    street: str
    lon: float
    lat: float
    label: str = ""


@dataclass(frozen=True)
class AddressRange:
    """A line along which house numbers run evenly from ``first`` to ``last``.

    From an OSM ``addr:interpolation`` way, or from a map's address ranges; any point found on
    it is approximate.
    """

    street: str
    first: int
    last: int
    points: tuple[LonLat, ...]

    def covers(self, number: int) -> bool:
        low, high = sorted((self.first, self.last))
        return low <= number <= high


@dataclass(frozen=True)
class NamedPlace:
    """A hospital, school, station or other place people call by name."""

    name: str
    kind: str
    lon: float
    lat: float


@dataclass
class Gazetteer:
    """Everything the geocoder knows about a region, with indexes built on first use.

    ``origin`` is where house numbering starts when a street has no numbers of its own (the
    street's end nearer to it is its zero block); by default the middle of the streets.
    """

    streets: list[Street]
    addresses: list[AddressPoint] = field(default_factory=list)
    ranges: list[AddressRange] = field(default_factory=list)
    places: list[NamedPlace] = field(default_factory=list)
    origin: LonLat | None = None

    @cached_property
    def street_keys(self) -> dict[str, list[Street]]:
        found: dict[str, list[Street]] = defaultdict(list)
        for street in self.streets:
            key = street_key(street.name)
            if key:
                found[key].append(street)
        return dict(found)

    @cached_property
    def cores(self) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        for key in self.street_keys:
            found[street_core(key)].add(key)
        return dict(found)

    @cached_property
    def node_position(self) -> dict[int, LonLat]:
        return {n: p for s in self.streets for n, p in zip(s.nodes, s.points, strict=True)}

    @cached_property
    def key_nodes(self) -> dict[str, frozenset[int]]:
        return {k: frozenset(n for s in ss for n in s.nodes) for k, ss in self.street_keys.items()}

    @cached_property
    def node_keys(self) -> dict[int, frozenset[str]]:
        found: dict[int, set[str]] = defaultdict(set)
        for key, nodes in self.key_nodes.items():
            for n in nodes:
                found[n].add(key)
        return {n: frozenset(keys) for n, keys in found.items() if len(keys) > 1}

    @cached_property
    def addresses_by_street(self) -> dict[str, list[AddressPoint]]:
        found: dict[str, list[AddressPoint]] = defaultdict(list)
        for a in self.addresses:
            found[street_key(a.street)].append(a)
        return dict(found)

    @cached_property
    def ranges_by_street(self) -> dict[str, list[AddressRange]]:
        found: dict[str, list[AddressRange]] = defaultdict(list)
        for r in self.ranges:
            found[street_key(r.street)].append(r)
        return dict(found)

    @cached_property
    def place_keys(self) -> list[tuple[str, NamedPlace]]:
        return [(place_key(p.name), p) for p in self.places]

    @cached_property
    def numbering_origin(self) -> LonLat:
        if self.origin is not None:
            return self.origin
        return centroid([p for s in self.streets for p in s.points] or [(0.0, 0.0)])

    @cached_property
    def segment_grid(self) -> dict[tuple[int, int], list[tuple[str, LonLat, LonLat]]]:
        """Street segments by the grid cells (:data:`CELL_DEG`) their ends fall in."""
        grid: dict[tuple[int, int], list[tuple[str, LonLat, LonLat]]] = defaultdict(list)
        for key, streets in self.street_keys.items():
            for s in streets:
                for a, b in zip(s.points, s.points[1:], strict=False):
                    for cell in {cell_of(a), cell_of(b)}:
                        grid[cell].append((key, a, b))
        return dict(grid)

    @cached_property
    def address_grid(self) -> dict[tuple[int, int], list[AddressPoint]]:
        grid: dict[tuple[int, int], list[AddressPoint]] = defaultdict(list)
        for a in self.addresses:
            grid[cell_of((a.lon, a.lat))].append(a)
        return dict(grid)

    @staticmethod
    def begins_block(key: str) -> bool:
        """Whether crossing ``key`` starts a new hundred: not an alley, court, place, ramp..."""
        return key.split()[-1] not in MINOR_TYPES

    def resolve(self, key: str) -> list[tuple[str, float]]:
        """Mapped street keys a typed key may mean, each with how sure we are (0..1).

        The exact key first; then the same street with another type or directional
        ("MISSION" for "MISSION ST"); then close spellings ("HARRISSON ST").
        """
        if not key:
            return []
        if key in self.street_keys:
            return [(key, 1.0)]
        same_core = sorted(self.cores.get(street_core(key), ()))
        if same_core:
            return [(k, 0.85) for k in same_core]
        close = difflib.get_close_matches(key, self.street_keys.keys(), n=3, cutoff=0.85)
        digits = _digits(key)  # "15TH ST" is never a typo of "16TH ST"
        return [
            (k, 0.8 * difflib.SequenceMatcher(None, key, k).ratio())
            for k in close
            if _digits(k) == digits
        ]

    def crossings(self, first: str, second: str) -> list[tuple[LonLat, bool]]:
        """Where two mapped streets meet: (point, exact) per separate meeting place.

        Shared nodes within :data:`MERGE_CROSSING_M` of each other are one intersection (both
        carriageways of a divided road); streets that share no node but pass within
        :data:`NEAR_CROSSING_M` meet approximately (``exact`` is False).
        """
        shared = self.key_nodes[first] & self.key_nodes[second]
        if shared:
            points = [self.node_position[n] for n in sorted(shared)]
            return [(centroid(group), True) for group in cluster(points, MERGE_CROSSING_M)]
        best: tuple[float, LonLat] | None = None
        for a in self.key_nodes[first]:
            pa = self.node_position[a]
            for b in self.key_nodes[second]:
                pb = self.node_position[b]
                if abs(pa[0] - pb[0]) > 0.001 or abs(pa[1] - pb[1]) > 0.001:
                    continue
                d = distance_m(pa, pb)
                if best is None or d < best[0]:
                    best = (d, ((pa[0] + pb[0]) / 2, (pa[1] + pb[1]) / 2))
        if best is not None and best[0] <= NEAR_CROSSING_M:
            return [(best[1], False)]
        return []


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def cell_of(point: LonLat) -> tuple[int, int]:
    return int(point[0] // CELL_DEG), int(point[1] // CELL_DEG)


def cluster(points: Iterable[LonLat], within_m: float) -> list[list[LonLat]]:
    """Group points chained by gaps of at most ``within_m`` (single linkage)."""
    groups: list[list[LonLat]] = []
    for p in points:
        near = [g for g in groups if any(distance_m(p, q) <= within_m for q in g)]
        merged = [p] + [q for g in near for q in g]
        groups = [g for g in groups if g not in near] + [merged]
    return groups
