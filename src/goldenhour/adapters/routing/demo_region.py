"""A deterministic, made-up county for demos, tests and benchmarks (no download needed).

The same ``size`` and ``seed`` always give the same roads and places. About ``size`` nodes:

* **the town** (~40 %): a jittered street grid of 100 m blocks in the middle, two-way 50 km/h
  arterials every eighth street, 40 km/h local streets of which every fourth is one-way
  (alternating direction), and a few missing blocks (dead ends, detours);
* **rural roads** (~58 %): a one-mile (1.6 km) grid of winding 80 km/h roads over the whole
  county, shape points every 100 m, joining the town's edge streets;
* **a highway**: two one-way carriageways (110 km/h) across the county, 20 m apart, with
  interchange ramps every 8 km onto the rural grid or town streets.

Stations are spread over town and countryside, hospitals sit mostly in town, and named places
(Central Square, Fairgrounds, ...) where a dispatcher expects them. Every place is on a road.
The graph's ``source_id`` holds each node's road kind: 0 town, 1 rural, 2 highway.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy.spatial import cKDTree

from goldenhour.adapters.routing.graph import EARTH_RADIUS_M, RoadGraph, finalize, haversine_m
from goldenhour.adapters.routing.progress import Progress, silent
from goldenhour.adapters.routing.region import Place
from goldenhour.adapters.routing.speeds import emergency_speed
from goldenhour.domain.shared.errors import InvalidInput

CENTER = (-98.5795, 39.8283)
TOWN_BLOCK_M, RURAL_STEP_M, RURAL_EVERY, HIGHWAY_STEP_M = 100.0, 100.0, 16, 200.0
TOWN_SHARE, RURAL_SHARE = 0.40, 0.595
ARTERIAL_EVERY, ONEWAY_EVERY, MISSING_BLOCKS = 8, 4, 0.05
KMH = {"arterial": 50.0, "local": 40.0, "rural": 80.0, "highway": 110.0, "ramp": 60.0}
MIN_SIZE, MAX_SIZE = 500, 5_000_000

HOSPITAL_NAMES = (
    "County General Hospital",
    "St. Luke's Medical Center",
    "Valley Medical Center",
    "Mercy Regional Medical Center",
    "University Hospital",
    "Lakeview Hospital",
    "Northside Community Hospital",
    "Children's Hospital",
    "Good Samaritan Hospital",
    "Riverside Hospital",
)
TOWN_PLACES = {  # fractions of the town square from its centre
    "Central Square": (0.0, 0.0),
    "City Hall": (0.06, 0.04),
    "Old Town": (-0.2, 0.15),
    "Union Station": (0.25, -0.1),
    "Market Street": (-0.1, -0.25),
    "Hilltop School": (0.3, 0.3),
    "Westfield Mall": (-0.35, -0.3),
    "Memorial Stadium": (0.38, -0.38),
}
COUNTY_PLACES = {  # fractions of the county square from its centre
    "Fairgrounds": (0.3, 0.3),
    "Pine Ridge": (-0.4, 0.35),
    "Lakeside Beach": (0.4, -0.35),
    "Industrial Park": (-0.3, -0.4),
    "Airport Road": (0.25, -0.05),
}
Array = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


class _Builder:
    """Nodes in metres from the county centre and arcs with a speed, then one RoadGraph."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.x: list[Array] = []
        self.y: list[Array] = []
        self.kind: list[Ints] = []
        self.arcs: list[tuple[Ints, Ints, Array]] = []
        self.count = 0

    def nodes(self, x: Array, y: Array, kind: int) -> Ints:
        ids = np.arange(self.count, self.count + x.size)
        self.x.append(x)
        self.y.append(y)
        self.kind.append(np.full(x.size, kind))
        self.count += x.size
        return ids

    def roads(self, a: Ints, b: Ints, kmh: Array | float, oneway: bool = False) -> None:
        speed = np.broadcast_to(np.asarray(kmh, dtype=np.float64), a.shape)
        speed = speed * self.rng.uniform(0.92, 1.08, a.size)
        self.arcs.append((a, b, speed))
        if not oneway:
            self.arcs.append((b, a, speed))


def generate_demo(
    size: int = 20_000, seed: int = 1, progress: Progress = silent
) -> tuple[RoadGraph, list[Place]]:
    """The demo county's road graph and its places."""
    if not MIN_SIZE <= size <= MAX_SIZE:
        raise InvalidInput.for_field("size", f"must be between {MIN_SIZE:,} and {MAX_SIZE:,}")
    b = _Builder(np.random.default_rng(seed))
    progress("laying out the town", 0.1)
    town_half = _town(b, math.ceil(math.sqrt(TOWN_SHARE * size)))
    progress("laying out rural roads", 0.3)
    # Rural nodes ~= 2 * (side / 100 m)^2 / 16 lines, less the town's square: solve for side.
    skipped = 2 * (2 * town_half / RURAL_STEP_M) ** 2 / RURAL_EVERY
    wanted = RURAL_SHARE * size + skipped
    lattice = max(RURAL_EVERY * 3, math.ceil(math.sqrt(wanted * RURAL_EVERY / 2)))
    lattice = max(RURAL_EVERY * 3, round(lattice / RURAL_EVERY) * RURAL_EVERY)
    county_half = lattice * RURAL_STEP_M / 2
    _rural(b, lattice, town_half)
    _highway(b, county_half, town_half)
    progress("building graph", 0.6)
    x, y = np.concatenate(b.x), np.concatenate(b.y)
    lat = CENTER[1] + np.degrees(y / EARTH_RADIUS_M)
    lon = CENTER[0] + np.degrees(x / (EARTH_RADIUS_M * math.cos(math.radians(CENTER[1]))))
    tail = np.concatenate([a for a, _, _ in b.arcs])
    head = np.concatenate([h for _, h, _ in b.arcs])
    kmh = np.concatenate([s for _, _, s in b.arcs])
    length = haversine_m(lon[tail], lat[tail], lon[head], lat[head])
    graph = finalize(
        lon,
        lat,
        tail,
        head,
        length,
        {"normal": length * 3.6 / kmh, "emergency": length * 3.6 / emergency_speed(kmh)},
        np.concatenate(b.kind),
        what="demo region",
    )
    progress("placing stations and hospitals", 0.8)
    places = _places(graph, b.rng, size, town_half, county_half)
    return graph, places


def _town(b: _Builder, side: int) -> float:
    r, c = np.divmod(np.arange(side * side), side)
    jitter = b.rng.uniform(-0.15, 0.15, size=(2, side * side)) * TOWN_BLOCK_M
    half = (side - 1) / 2
    ids = b.nodes((c - half) * TOWN_BLOCK_M + jitter[0], (r - half) * TOWN_BLOCK_M + jitter[1], 0)
    grid = ids.reshape(side, side)
    for across in (True, False):
        a = (grid[:, :-1] if across else grid[:-1, :]).ravel()
        z = (grid[:, 1:] if across else grid[1:, :]).ravel()
        line = (r.reshape(side, side)[:, :-1] if across else c.reshape(side, side)[:-1, :]).ravel()
        arterial = line % ARTERIAL_EVERY == 0
        present = arterial | (b.rng.random(a.size) >= MISSING_BLOCKS)
        oneway = present & ~arterial & (line % ONEWAY_EVERY == 2)
        forward = (line // ONEWAY_EVERY) % 2 == 0
        two = present & ~oneway
        b.roads(a[two], z[two], np.where(arterial[two], KMH["arterial"], KMH["local"]))
        b.roads(a[oneway & forward], z[oneway & forward], KMH["local"], oneway=True)
        b.roads(z[oneway & ~forward], a[oneway & ~forward], KMH["local"], oneway=True)
    return half * TOWN_BLOCK_M + TOWN_BLOCK_M / 2


def _rural(b: _Builder, lattice: int, town_half: float) -> None:
    """Winding roads along every 16th lattice line, skipping the town, joined to its edge."""
    i, j = np.divmod(np.arange((lattice + 1) ** 2), lattice + 1)
    on_line = (i % RURAL_EVERY == 0) | (j % RURAL_EVERY == 0)
    x0 = j * RURAL_STEP_M - lattice * RURAL_STEP_M / 2
    y0 = i * RURAL_STEP_M - lattice * RURAL_STEP_M / 2
    in_town = (np.abs(x0) < town_half + RURAL_STEP_M) & (np.abs(y0) < town_half + RURAL_STEP_M)
    keep = on_line & ~in_town
    crossing = (i % RURAL_EVERY == 0) & (j % RURAL_EVERY == 0)
    wiggle = np.where(crossing, 0.0, 30.0 * np.sin(2 * np.pi * (i + j) / 9.0 + (i * j) % 7))
    along_x = (i % RURAL_EVERY == 0) & ~crossing  # on an east-west road: wiggle north-south
    ids = np.full(i.size, -1)
    ids[keep] = b.nodes(
        (x0 + np.where(along_x, 0.0, wiggle))[keep], (y0 + np.where(along_x, wiggle, 0.0))[keep], 1
    )
    grid = ids.reshape(lattice + 1, lattice + 1)
    rows = (np.arange(lattice + 1) % RURAL_EVERY == 0)[:, None]
    cols = (np.arange(lattice + 1) % RURAL_EVERY == 0)[None, :]
    for a, z, line in ((grid[:, :-1], grid[:, 1:], rows), (grid[:-1, :], grid[1:, :], cols)):
        mask = np.broadcast_to(line, a.shape) & (a >= 0) & (z >= 0)
        b.roads(a[mask], z[mask], KMH["rural"])
    # Rural roads that stop at the town's edge continue to the nearest town street.
    stubs = _stubs(grid)
    town = np.flatnonzero(np.concatenate(b.kind) == 0)
    tree = cKDTree(np.column_stack([np.concatenate(b.x)[town], np.concatenate(b.y)[town]]))
    xs, ys = np.concatenate(b.x), np.concatenate(b.y)
    _, nearest = tree.query(np.column_stack([xs[stubs], ys[stubs]]))
    b.roads(stubs, town[nearest], KMH["arterial"])


def _stubs(grid: Ints) -> Ints:
    """Rural nodes on a road line whose next lattice cell towards the centre was skipped."""
    found: list[Ints] = []
    lines = np.flatnonzero(np.arange(grid.shape[0]) % RURAL_EVERY == 0)
    for k in lines:
        for line in (grid[k, :], grid[:, k]):
            present = line >= 0
            ends = np.flatnonzero(present[:-1] != present[1:])
            for e in ends:
                found.append(np.array([line[e] if present[e] else line[e + 1]]))
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def _highway(b: _Builder, county_half: float, town_half: float) -> None:
    """Two carriageways east-west, north of the town, with ramps every 8 km."""
    y = town_half + 2_000.0
    x = np.arange(-county_half + 500, county_half - 500, HIGHWAY_STEP_M)
    east = b.nodes(x, np.full(x.size, y - 10.0), 2)
    west = b.nodes(x, np.full(x.size, y + 10.0), 2)
    b.roads(east[:-1], east[1:], KMH["highway"], oneway=True)
    b.roads(west[1:], west[:-1], KMH["highway"], oneway=True)
    local = np.flatnonzero(np.concatenate(b.kind) != 2)
    xs, ys = np.concatenate(b.x), np.concatenate(b.y)
    tree = cKDTree(np.column_stack([xs[local], ys[local]]))
    exits = np.unique(np.r_[1, np.arange(1, x.size - 1, 40), x.size - 2])
    _, nearest = tree.query(np.column_stack([x[exits], np.full(exits.size, y)]))
    ground = local[nearest]
    b.roads(east[exits - 1], ground, KMH["ramp"], oneway=True)
    b.roads(ground, east[exits + 1], KMH["ramp"], oneway=True)
    b.roads(west[exits + 1], ground, KMH["ramp"], oneway=True)
    b.roads(ground, west[exits - 1], KMH["ramp"], oneway=True)


def _places(
    graph: RoadGraph, rng: np.random.Generator, size: int, town_half: float, county_half: float
) -> list[Place]:
    streets = np.flatnonzero(graph.source_id != 2)  # nobody is stationed on a highway
    kx = EARTH_RADIUS_M * math.cos(math.radians(CENTER[1])) * math.pi / 180
    ky = EARTH_RADIUS_M * math.pi / 180
    xy = np.column_stack([(graph.lon - CENTER[0]) * kx, (graph.lat - CENTER[1]) * ky])
    tree = cKDTree(xy[streets])
    places: list[Place] = []

    def add(kind: str, prefix: str, names: list[str], points: Array) -> None:
        _, found = tree.query(points)
        for k, (name, n) in enumerate(zip(names, streets[found], strict=True), start=1):
            places.append(
                Place(kind, f"{prefix}{k}", name, float(graph.lon[n]), float(graph.lat[n]))
            )

    n_stations = max(4, round(math.sqrt(size) / 6))
    n_town = max(2, n_stations // 2)
    add(
        "station",
        "S",
        [f"Station {k}" for k in range(1, n_stations + 1)],
        np.r_[
            _lattice(n_town, town_half * 0.9),
            _outside(n_stations - n_town, county_half * 0.9, town_half * 1.2),
        ],
    )
    n_hospitals = max(2, n_stations // 6)
    in_town = max(1, n_hospitals - max(1, n_hospitals // 3))
    names = [
        HOSPITAL_NAMES[k] if k < len(HOSPITAL_NAMES) else f"Hospital {k + 1}"
        for k in range(n_hospitals)
    ]
    points = np.r_[
        _lattice(in_town, town_half * 0.6),
        _outside(n_hospitals - in_town, county_half * 0.7, town_half * 1.5),
    ]
    add("hospital", "H", names, points)
    spots = [(n, (fx * town_half * 2, fy * town_half * 2)) for n, (fx, fy) in TOWN_PLACES.items()]
    spots += [
        (n, (fx * county_half * 2, fy * county_half * 2)) for n, (fx, fy) in COUNTY_PLACES.items()
    ]
    jitter = rng.uniform(-50, 50, size=(len(spots), 2))
    add("place", "P", [n for n, _ in spots], np.array([p for _, p in spots]) + jitter)
    return places


def _lattice(count: int, half: float) -> Array:
    """``count`` points spread evenly over the square [-half, half]^2."""
    side = math.ceil(math.sqrt(max(count, 1)))
    i, j = np.divmod(np.arange(side * side), side)
    fx, fy = (j + 0.5) / side * 2 - 1, (i + 0.5) / side * 2 - 1
    return np.column_stack([fx * half, fy * half])[: max(count, 0)]


def _outside(count: int, half: float, town_half: float) -> Array:
    """``count`` evenly spread points of [-half, half]^2 that are not in the town."""
    for spread in range(count, 8 * count + 16):
        lattice = _lattice(spread, half)
        points: Array = lattice[np.abs(lattice).max(axis=1) > town_half]
        if len(points) >= count:
            return points[:count]
    return _lattice(count, half)
