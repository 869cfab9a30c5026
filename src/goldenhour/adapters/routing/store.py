"""Regions on disk: ``<data_dir>/regions/NAME.npz`` (arrays) + ``NAME.json`` (header).

The header is small, human-readable JSON (source, counts, bounding box, places) so ``network
info`` never touches the arrays. Both files are written to temporary names in the same folder
and renamed into place only after the whole import succeeded, so a failed import leaves the
region that was there before untouched. Each header carries a ``graph_id`` also stored inside
the ``.npz``; a mismatch (a crash between the two renames) is reported, not silently used.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import uuid
from collections.abc import Mapping
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from goldenhour.adapters.routing.graph import RoadGraph
from goldenhour.adapters.routing.speeds import MODES
from goldenhour.config import Settings
from goldenhour.domain.shared.errors import InvalidInput, NotFound

FORMAT = "goldenhour-road-region"
VERSION = 1
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def regions_dir(settings: Settings | None = None) -> Path:
    return (settings or Settings.from_env()).data_dir / "regions"


def check_name(name: str) -> str:
    if not _NAME.match(name) or ".." in name:
        raise InvalidInput.for_field(
            "name", f"{name!r} is not a region name (letters, digits, '_', '-', '.'; 1-64)"
        )
    return name


def region_paths(name: str, directory: Path) -> tuple[Path, Path]:
    check_name(name)
    return directory / f"{name}.npz", directory / f"{name}.json"


def save_region(
    graph: RoadGraph, name: str, directory: Path, header: Mapping[str, Any]
) -> dict[str, Any]:
    """Write a region atomically; return the header as stored."""
    npz_path, json_path = region_paths(name, directory)
    directory.mkdir(parents=True, exist_ok=True)
    graph_id = uuid.uuid4().hex
    full = {
        "format": FORMAT,
        "version": VERSION,
        "name": name,
        "graph_id": graph_id,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "nodes": graph.node_count,
        "arcs": graph.arc_count,
        "dropped_nodes": graph.dropped_nodes,
        "bbox": list(graph.bbox),
        "modes": list(MODES),
        "places": {},
        **header,
    }
    arrays: dict[str, npt.NDArray[Any]] = {
        "lon": graph.lon,
        "lat": graph.lat,
        "tail": graph.tail,
        "head": graph.head,
        "length_m": graph.length_m,
        "source_id": graph.source_id,
        "graph_id": np.array(graph_id),
        **{f"time_{m}": graph.times[m] for m in MODES},
    }
    temps: list[Path] = []
    try:
        temps.append(_temp(directory, name, ".npz"))
        with temps[-1].open("wb") as f:
            np.savez(f, allow_pickle=False, **arrays)
            _sync(f)
        temps.append(_temp(directory, name, ".json"))
        with temps[-1].open("w", encoding="utf-8") as f:
            json.dump(full, f, indent=2, sort_keys=True)
            _sync(f)
        os.replace(temps[0], npz_path)
        os.replace(temps[1], json_path)
    finally:
        for temp in temps:
            with suppress(FileNotFoundError):
                temp.unlink()
    return full


def _temp(directory: Path, name: str, suffix: str) -> Path:
    fd, raw = tempfile.mkstemp(prefix=f".{name}.", suffix=f"{suffix}.tmp", dir=directory)
    os.close(fd)
    return Path(raw)


def _sync(f: Any) -> None:
    f.flush()
    os.fsync(f.fileno())


def read_header(name: str, directory: Path) -> dict[str, Any]:
    npz_path, json_path = region_paths(name, directory)
    if not json_path.is_file() or not npz_path.is_file():
        known = ", ".join(list_regions(directory)) or "none"
        raise NotFound(
            f"no road network named {name!r} (known: {known}); "
            "create one with `goldenhour network import` or `goldenhour network demo`"
        )
    try:
        header: dict[str, Any] = json.loads(json_path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"region {name!r}: unreadable header {json_path.name} ({exc})") from None
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise InvalidInput(f"region {name!r}: not a version {VERSION} region; import it again")
    return header


def read_graph(name: str, directory: Path, header: Mapping[str, Any]) -> RoadGraph:
    npz_path, _ = region_paths(name, directory)
    try:
        with np.load(npz_path, allow_pickle=False) as data:
            if str(data["graph_id"]) != header["graph_id"]:
                raise InvalidInput(
                    f"region {name!r}: arrays and header do not match; import it again"
                )
            return RoadGraph(
                lon=data["lon"],
                lat=data["lat"],
                tail=data["tail"],
                head=data["head"],
                length_m=data["length_m"],
                times={m: data[f"time_{m}"] for m in MODES},
                source_id=data["source_id"],
                dropped_nodes=int(header.get("dropped_nodes", 0)),
            )
    except (OSError, ValueError, KeyError) as exc:
        raise InvalidInput(f"region {name!r}: unreadable {npz_path.name} ({exc})") from None


def list_regions(directory: Path) -> list[str]:
    if not directory.is_dir():
        return []
    return sorted(
        p.stem
        for p in directory.glob("*.json")
        if not p.name.startswith(".") and p.with_suffix(".npz").is_file()
    )


def delete_region(name: str, directory: Path) -> None:
    for path in region_paths(name, directory):
        with suppress(FileNotFoundError):
            path.unlink()
