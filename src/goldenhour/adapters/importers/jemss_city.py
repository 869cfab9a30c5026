"""Read a JEMSS city model (the Julia EMS simulator's file layout) into plain values.

A model folder (``.../models/1``) holds tables in JEMSS's CSV form (a name line, a header,
rows, a blank line; :func:`~goldenhour.adapters.routing.jemss_import.read_tables`):
``stations/stations_1.csv`` (x = lon, y = lat, capacity), ``ambulances/ambulances_1.csv``
(station of each ambulance), ``hospitals/hospitals_1.csv``, ``misc/call priorities/
priorities_1.csv`` (target response time per priority, in days), ``travel/travel/
travel_1.csv`` (off-road speed per travel mode in km/day, and which mode each priority
drives), ``maps/map_1.csv`` (km per degree), and the call generator's
``calls/reps/<set>/gen_config.xml`` (Julia ``Distributions`` in days). Optional:
``travel/roads/roads.zip`` (the road network; read by the routing adapter) and a population
density GeoTIFF zipped beside the model (the call-density raster).
"""

from __future__ import annotations

import re
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
from numpy.typing import NDArray

from goldenhour.adapters.routing.jemss_import import Table, read_tables
from goldenhour.domain.shared.errors import InvalidInput

DAY_S = 86_400.0
FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class JuliaDistribution:
    """``Exponential(θ)``, ``Normal(μ, σ)``, ``Weibull(α, θ)``, ``Bernoulli(p)`` or
    ``Categorical([p...])`` with its parameters evaluated (JEMSS writes ``7.6/60/24``)."""

    kind: str
    params: tuple[float, ...]


@dataclass(frozen=True)
class Raster:
    """A single-band grid: ``values[row, col]``, row 0 at the top (``north``)."""

    values: FloatArray
    west: float
    north: float
    dx: float
    dy: float

    def at(self, lon: FloatArray, lat: FloatArray) -> FloatArray:
        """The cell value under each point (0 outside the grid or where no data)."""
        col = np.floor((lon - self.west) / self.dx).astype(np.int64)
        row = np.floor((self.north - lat) / self.dy).astype(np.int64)
        rows, cols = self.values.shape
        inside = (row >= 0) & (row < rows) & (col >= 0) & (col < cols)
        out = np.zeros(len(lon))
        out[inside] = self.values[row[inside], col[inside]]
        return np.where(np.isfinite(out) & (out > 0), out, 0.0)


@dataclass(frozen=True)
class JemssCity:
    name: str
    station_lonlat: FloatArray
    station_capacity: tuple[int, ...]
    ambulance_station: tuple[int, ...]
    hospital_lonlat: FloatArray
    hospital_names: tuple[str, ...]
    targets_s: dict[str, float]
    offroad_kmh: dict[str, float]
    km_per_degree: tuple[float, float]
    bbox: tuple[float, float, float, float]
    calls: dict[str, JuliaDistribution]
    priority_names: tuple[str, ...]
    roads: Path | None
    density: Raster | None


def _table(folder: Path, relative: str, name: str) -> Table:
    path = folder / relative
    try:
        tables = read_tables(path.read_text("utf-8-sig"))
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read ({exc.strerror})") from None
    if name not in tables:
        raise InvalidInput(f"{path}: no {name!r} table")
    return tables[name]


def _col(table: Table, column: str, where: str) -> list[str]:
    header, rows = table
    if column not in header:
        raise InvalidInput(f"{where}: missing column {column!r}")
    i = header.index(column)
    return [r[i] for r in rows if i < len(r) and r[i] != ""]


def _number(text: str, where: str) -> float:
    """A JEMSS cell or parameter: a number or simple arithmetic such as ``1/(18.8*24)``."""
    if not re.fullmatch(r"[0-9eE.+\-*/() ]+", text):
        raise InvalidInput(f"{where}: {text!r} is not a number")
    try:
        value = float(eval(text, {"__builtins__": {}}, {}))  # noqa: S307 - digits and + - * / only
    except (SyntaxError, ZeroDivisionError, TypeError) as exc:
        raise InvalidInput(f"{where}: {text!r} is not a number ({exc})") from None
    return value


def parse_distribution(text: str, where: str) -> JuliaDistribution:
    match = re.fullmatch(r"\s*(\w+)\((.*)\)\s*", text)
    if not match:
        raise InvalidInput(f"{where}: cannot read distribution {text!r}")
    kind, inner = match.groups()
    inner = inner.strip()
    if inner.startswith("["):
        parts = [p for p in re.split(r"[,;\s]+", inner.strip("[]")) if p]
    else:
        parts = [p for p in inner.split(",") if p.strip()]
    params = tuple(_number(p.strip(), where) for p in parts)
    if kind not in ("Exponential", "Normal", "Weibull", "Bernoulli", "Categorical"):
        raise InvalidInput(f"{where}: distribution {kind} is not supported")
    return JuliaDistribution(kind, params)


def read_geotiff(data: bytes, where: str) -> Raster:
    """An uncompressed single-band float GeoTIFF in degrees (what JEMSS's rasters are)."""
    endian = {b"II": "<", b"MM": ">"}.get(data[:2])
    if endian is None or struct.unpack(endian + "H", data[2:4])[0] != 42:
        raise InvalidInput(f"{where}: not a TIFF file")
    start = struct.unpack(endian + "I", data[4:8])[0]
    count = struct.unpack(endian + "H", data[start : start + 2])[0]
    sizes = {3: ("H", 2), 4: ("I", 4), 12: ("d", 8)}
    tags: dict[int, tuple[float, ...]] = {}
    for k in range(count):
        tag, kind, n, raw = struct.unpack(
            endian + "HHI4s", data[start + 2 + 12 * k : start + 14 + 12 * k]
        )
        if kind not in sizes:
            continue
        code, size = sizes[kind]
        blob = (
            raw
            if n * size <= 4
            else data[(o := struct.unpack(endian + "I", raw)[0]) : o + n * size]
        )
        tags[tag] = struct.unpack(endian + code * n, blob[: n * size])
    width, height = int(tags[256][0]), int(tags[257][0])
    if tags.get(259, (1,))[0] != 1 or tags.get(258, (0,))[0] not in (32, 64):
        raise InvalidInput(f"{where}: only uncompressed 32/64-bit float rasters are read")
    dtype = np.dtype(("<" if endian == "<" else ">") + ("f8" if tags[258][0] == 64 else "f4"))
    strips = b"".join(
        data[int(o) : int(o) + int(n)] for o, n in zip(tags[273], tags[279], strict=True)
    )
    values = np.frombuffer(strips, dtype=dtype, count=width * height).reshape(height, width)
    scale, tie = tags[33550], tags[33922]
    return Raster(values.astype(np.float64), tie[3], tie[4], scale[0], scale[1])


def _density(folder: Path) -> Raster | None:
    for archive in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(archive) as z:
            for member in z.namelist():
                if member.lower().endswith((".tif", ".tiff")):
                    return read_geotiff(z.read(member), f"{archive.name}:{member}")
    return None


def read_city(folder: Path, calls_set: str = "train") -> JemssCity:
    """The JEMSS model in ``folder`` (``<city>/models/1``); InvalidInput naming the file."""
    if not folder.is_dir():
        raise InvalidInput(f"{folder}: no such JEMSS model folder")
    stations = _table(folder, "stations/stations_1.csv", "stations")
    ambulances = _table(folder, "ambulances/ambulances_1.csv", "ambulances")
    hospitals = _table(folder, "hospitals/hospitals_1.csv", "hospitals")
    priorities = _table(folder, "misc/call priorities/priorities_1.csv", "priorities")
    modes = _table(folder, "travel/travel/travel_1.csv", "travelModes")
    sets = _table(folder, "travel/travel/travel_1.csv", "travelSets")
    area = _table(folder, "maps/map_1.csv", "map")
    w = "stations_1.csv"
    lonlat = np.column_stack(
        [
            [_number(v, w) for v in _col(stations, "x", w)],
            [_number(v, w) for v in _col(stations, "y", w)],
        ]
    )
    capacity = tuple(int(_number(v, w)) for v in _col(stations, "capacity", w))
    station_of = tuple(
        int(_number(v, "ambulances_1.csv")) - 1
        for v in _col(ambulances, "stationIndex", "ambulances_1.csv")
    )
    h = "hospitals_1.csv"
    hospital_lonlat = np.column_stack(
        [
            [_number(v, h) for v in _col(hospitals, "x", h)],
            [_number(v, h) for v in _col(hospitals, "y", h)],
        ]
    )
    names = _col(hospitals, "name", h) if "name" in hospitals[0] else []
    p = "priorities_1.csv"
    priority_names = tuple(_col(priorities, "name", p))
    targets = {
        n: _number(t, p) * DAY_S
        for n, t in zip(priority_names, _col(priorities, "targetResponseTime", p), strict=True)
    }
    speeds = {
        i: _number(s, "travel_1.csv") / 24.0
        for i, s in zip(
            _col(modes, "travelModeIndex", "travel_1.csv"),
            _col(modes, "offRoadSpeed", "travel_1.csv"),
            strict=True,
        )
    }
    mode_of = dict(
        zip(
            _col(sets, "priority", "travel_1.csv"),
            _col(sets, "travelModeIndex", "travel_1.csv"),
            strict=False,
        )
    )
    m = "map_1.csv"
    box = [
        _number(_col(area, k, m)[0], m)
        for k in ("xMin", "xMax", "yMin", "yMax", "xScale", "yScale")
    ]
    config = folder / "calls" / "reps" / calls_set / "gen_config.xml"
    try:
        root = ElementTree.parse(config).getroot()
    except (OSError, ElementTree.ParseError) as exc:
        raise InvalidInput(f"{config}: cannot read the call generator ({exc})") from None
    distributions = {
        element.tag: parse_distribution(element.text or "", f"{config.name}: {element.tag}")
        for element in root.iterfind("./sim/callDistributions/*")
    }
    roads = folder / "travel" / "roads" / "roads.zip"
    return JemssCity(
        name=folder.parent.parent.name if folder.parent.name == "models" else folder.name,
        station_lonlat=lonlat,
        station_capacity=capacity,
        ambulance_station=station_of,
        hospital_lonlat=hospital_lonlat,
        hospital_names=tuple(names) or tuple(f"H{k + 1}" for k in range(len(hospital_lonlat))),
        targets_s=targets,
        offroad_kmh={name: speeds[mode_of[name]] for name in priority_names if name in mode_of},
        km_per_degree=(box[4], box[5]),
        bbox=(box[0], box[2], box[1], box[3]),
        calls=distributions,
        priority_names=priority_names,
        roads=roads if roads.is_file() else None,
        density=_density(folder),
    )
