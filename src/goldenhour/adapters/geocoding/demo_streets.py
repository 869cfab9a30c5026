"""Street names and house numbers for the generated demo county, so a dispatcher can type
"12th St / Oak Ave" or "450 Maple Ave" in ``make run``.

Read from the demo graph itself (its ``source_id`` tells town, rural and highway nodes): the
town's east-west streets are numbered ("1st St" from the south), its north-south streets are
named avenues ("Main St" in the middle); rural roads on the one-mile grid are "County Road N"
(north-south) and "County Road A".. (east-west); the highway is "I-70". House numbers run in
hundreds per block from the town's west and south edges, mapped as one range per block.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from goldenhour.adapters.routing.demo_region import CENTER, RURAL_EVERY, RURAL_STEP_M, TOWN_BLOCK_M
from goldenhour.adapters.routing.graph import EARTH_RADIUS_M, RoadGraph
from goldenhour.adapters.routing.region import Place
from goldenhour.domain.addresses import AddressRange, Gazetteer, NamedPlace, Street
from goldenhour.domain.addresses.normalize import ordinal

_AVENUE_WORDS = (
    "Oak Maple Pine Cedar Elm Walnut Chestnut Spruce Birch Ash Willow Hickory Poplar Sycamore "
    "Magnolia Juniper Laurel Cherry Aspen Cypress Redwood Hawthorn Linden Alder Beech Holly "
    "Dogwood Hemlock Locust Mulberry Olive Palm Peach Pecan Plum Sequoia Tamarack Yew Acacia "
    "Buckeye Catalpa Fir Ginkgo Hazel Larch Mesquite Myrtle Orchard Persimmon Quince Sassafras "
    "Tupelo Washington Adams Jefferson Madison Monroe Jackson Van-Buren Harrison Tyler Polk "
    "Taylor Fillmore Pierce Buchanan Lincoln Johnson Grant Hayes Garfield Arthur Cleveland "
    "McKinley Roosevelt Wilson Harding Coolidge Hoover Truman Kennedy James Franklin Hamilton "
    "Clay Webster Calhoun Marshall Story Chase Warren Sherman Custer Lee Bell Edison Ford Lake "
    "River Hill Park Ridge Valley Forest Meadow Spring Summit Highland Prospect Church School"
)
AVENUES = tuple(_AVENUE_WORDS.split())
HIGHWAY_NAME = "I-70"


def _metres(graph: RoadGraph) -> tuple[np.ndarray, np.ndarray]:
    kx = EARTH_RADIUS_M * math.cos(math.radians(CENTER[1])) * math.pi / 180
    ky = EARTH_RADIUS_M * math.pi / 180
    return (graph.lon - CENTER[0]) * kx, (graph.lat - CENTER[1]) * ky


def _avenue(column: int, middle: int) -> str:
    if column == middle:
        return "Main St"
    k = column if column < middle else column - 1
    return f"{AVENUES[k % len(AVENUES)].replace('-', ' ')} Ave" + (
        f" {k // len(AVENUES) + 1}" if k >= len(AVENUES) else ""
    )


def _county_road(index: int, east_west: bool) -> str:
    if east_west:
        letters = ""
        index = abs(index)
        while True:
            letters = chr(ord("A") + index % 26) + letters
            index = index // 26 - 1
            if index < 0:
                break
        return f"County Road {letters}"
    return f"County Road {abs(index) + 1}"


def demo_gazetteer(graph: RoadGraph, places: tuple[Place, ...]) -> Gazetteer:
    """Name the demo county's streets and number its town blocks."""
    x, y = _metres(graph)
    kind = graph.source_id
    town = kind == 0
    west, south = float(x[town].min()), float(y[town].min())
    col = np.rint((x - west) / TOWN_BLOCK_M).astype(np.int64)
    row = np.rint((y - south) / TOWN_BLOCK_M).astype(np.int64)
    middle = int(col[town].max()) // 2
    rural_step = RURAL_STEP_M * RURAL_EVERY
    rx = np.rint((x - x[kind == 1].min()) / rural_step).astype(np.int64)
    ry = np.rint((y - y[kind == 1].min()) / rural_step).astype(np.int64)
    ways: dict[str, list[tuple[int, int]]] = defaultdict(list)
    ranges: list[AddressRange] = []
    seen: set[tuple[int, int]] = set()
    for a, b in zip(graph.tail.tolist(), graph.head.tolist(), strict=True):
        pair = (min(a, b), max(a, b))
        if pair in seen or kind[a] != kind[b]:
            continue
        seen.add(pair)
        if kind[a] == 0 and (row[a] == row[b]) != (col[a] == col[b]):
            if row[a] == row[b]:
                name = f"{ordinal(int(row[a]) + 1).lower().capitalize()} St"
                lo = min(a, b, key=lambda n: col[n])
                hi = b if lo == a else a
                block = int(col[lo])
            else:
                name = _avenue(int(col[a]), middle)
                lo = min(a, b, key=lambda n: row[n])
                hi = b if lo == a else a
                block = int(row[lo])
            ways[name].append(pair)
            points = (
                (float(graph.lon[lo]), float(graph.lat[lo])),
                (float(graph.lon[hi]), float(graph.lat[hi])),
            )
            ranges.append(AddressRange(name, block * 100, block * 100 + 98, points))
        elif kind[a] == 1 and (rx[a] == rx[b] or ry[a] == ry[b]):
            east_west = ry[a] == ry[b] and abs(y[a] - y[b]) < abs(x[a] - x[b])
            name = _county_road(int(ry[a] if east_west else rx[a]), east_west)
            ways[name].append(pair)
        elif kind[a] == 2:
            ways[HIGHWAY_NAME].append(pair)
    streets = [
        Street(
            name,
            (a, b),
            (
                (float(graph.lon[a]), float(graph.lat[a])),
                (float(graph.lon[b]), float(graph.lat[b])),
            ),
        )
        for name, pairs in ways.items()
        for a, b in pairs
    ]
    named = [NamedPlace(p.name, p.kind, p.lon, p.lat) for p in places]
    origin = (float(graph.lon[town].min()), float(graph.lat[town].min()))
    return Gazetteer(streets, [], ranges, named, origin)
