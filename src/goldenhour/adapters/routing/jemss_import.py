"""Read a road graph in the JEMSS format (``nodes.csv`` + ``arcs.csv``).

JEMSS (the Julia EMS simulator) writes each file as one or more *tables*: a line whose first
cell is the table name (``nodes``, ``miscData``, ``arcs``), a header line, rows, and a blank
line. ``nodes`` has ``index,x,y`` with x = longitude, y = latitude. ``miscData`` says whether
arcs are ``directed`` or ``undirected`` and how many travel modes there are. ``arcs`` has
``index,fromNode,toNode,mode_1[,mode_2...]`` with travel times in **days**. Mode 1 is taken as
``emergency`` (JEMSS's own models give it to high-priority calls, lights and sirens) and mode 2
as ``normal``; a single-mode file uses its one time for both.

Accepted inputs: a ``.zip`` holding both files, a folder holding both, or either CSV file with
its sibling beside it.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from goldenhour.adapters.routing.graph import RoadGraph, finalize, haversine_m
from goldenhour.adapters.routing.progress import Progress, silent
from goldenhour.domain.shared.errors import InvalidInput

SECONDS_PER_DAY = 86_400.0
Table = tuple[list[str], list[list[str]]]


def is_jemss_input(path: Path) -> bool:
    if path.is_dir():
        return (path / "nodes.csv").is_file() and (path / "arcs.csv").is_file()
    if path.suffix.lower() == ".zip":
        return True
    return path.name.lower() in ("nodes.csv", "arcs.csv")


def _texts(path: Path) -> tuple[str, str]:
    label = path.name
    if path.suffix.lower() == ".zip":
        try:
            with zipfile.ZipFile(path) as archive:
                found = {Path(n).name.lower(): n for n in archive.namelist()}
                if "nodes.csv" not in found or "arcs.csv" not in found:
                    raise InvalidInput(f"{label}: the archive holds no nodes.csv and arcs.csv")
                return tuple(  # type: ignore[return-value]
                    archive.read(found[f]).decode("utf-8-sig") for f in ("nodes.csv", "arcs.csv")
                )
        except (zipfile.BadZipFile, OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"{label}: not a readable JEMSS archive ({exc})") from None
    folder = path if path.is_dir() else path.parent
    files = [folder / "nodes.csv", folder / "arcs.csv"]
    for f in files:
        if not f.is_file():
            raise InvalidInput(f"{label}: JEMSS network needs {f.name} beside it")
    try:
        return files[0].read_text("utf-8-sig"), files[1].read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{label}: cannot read JEMSS files ({exc})") from None


def read_tables(text: str) -> dict[str, Table]:
    """Split a JEMSS CSV into its named tables: name -> (header, rows)."""
    tables: dict[str, Table] = {}
    lines: Iterable[list[str]] = csv.reader(io.StringIO(text))
    name: str | None = None
    header: list[str] | None = None
    for row in lines:
        cells = [c.strip() for c in row]
        while cells and cells[-1] == "":
            cells.pop()
        if not cells:
            name, header = None, None
            continue
        if name is None:
            name = cells[0]
        elif header is None:
            header = cells
            tables[name] = (header, [])
        else:
            tables[name][1].append(cells)
    return tables


def _column(table: Table, column: str, what: str) -> list[str]:
    header, rows = table
    if column not in header:
        raise InvalidInput(f"{what}: missing column {column!r}")
    i = header.index(column)
    return [row[i] if i < len(row) else "" for row in rows]


def _floats(values: list[str], what: str) -> np.ndarray:
    try:
        return np.array([float(v) for v in values], dtype=np.float64)
    except ValueError as exc:
        raise InvalidInput(f"{what}: {exc}") from None


def read_jemss(path: Path, progress: Progress = silent) -> RoadGraph:
    """Build a :class:`RoadGraph` from a JEMSS network; raise InvalidInput with one line."""
    label = path.name
    if not path.exists():
        raise InvalidInput(f"{label}: no such file")
    progress("reading JEMSS files", 0.05)
    nodes_text, arcs_text = _texts(path)
    nodes = read_tables(nodes_text).get("nodes")
    arc_tables = read_tables(arcs_text)
    arcs = arc_tables.get("arcs")
    if nodes is None or not nodes[1]:
        raise InvalidInput(f"{label}: nodes.csv has no 'nodes' table")
    if arcs is None or not arcs[1]:
        raise InvalidInput(f"{label}: no drivable roads found (arcs.csv has no 'arcs' rows)")
    progress("parsing", 0.3)
    node_ids = _floats(_column(nodes, "index", "nodes.csv"), "nodes.csv index").astype(np.int64)
    lon = _floats(_column(nodes, "x", "nodes.csv"), "nodes.csv x")
    lat = _floats(_column(nodes, "y", "nodes.csv"), "nodes.csv y")
    position = {int(i): k for k, i in enumerate(node_ids)}
    if len(position) != len(node_ids):
        raise InvalidInput(f"{label}: nodes.csv repeats a node index")
    try:
        tail = np.array([position[int(float(v))] for v in _column(arcs, "fromNode", "arcs.csv")])
        head = np.array([position[int(float(v))] for v in _column(arcs, "toNode", "arcs.csv")])
    except KeyError as exc:
        raise InvalidInput(f"{label}: arcs.csv refers to unknown node {exc.args[0]}") from None
    except ValueError as exc:
        raise InvalidInput(f"{label}: arcs.csv: {exc}") from None
    mode_columns = sorted(c for c in arcs[0] if c.startswith("mode_"))
    if not mode_columns:
        raise InvalidInput(f"{label}: arcs.csv has no mode_1 travel-time column")
    days = [_floats(_column(arcs, c, "arcs.csv"), f"arcs.csv {c}") for c in mode_columns]
    emergency = days[0] * SECONDS_PER_DAY
    normal = (days[1] if len(days) > 1 else days[0]) * SECONDS_PER_DAY
    misc = arc_tables.get("miscData")
    form = _column(misc, "arcForm", "arcs.csv")[0].lower() if misc and misc[1] else "directed"
    if form not in ("directed", "undirected"):
        raise InvalidInput(f"{label}: arcForm must be directed or undirected, not {form!r}")
    if form == "undirected":
        tail, head = np.r_[tail, head], np.r_[head, tail]
        emergency, normal = np.r_[emergency, emergency], np.r_[normal, normal]
    progress("building graph", 0.8)
    length = haversine_m(lon[tail], lat[tail], lon[head], lat[head])
    graph = finalize(
        lon,
        lat,
        tail,
        head,
        length,
        {"emergency": emergency, "normal": normal},
        node_ids,
        what=label,
    )
    progress("building graph", 1.0)
    return graph
