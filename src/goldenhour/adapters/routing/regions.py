"""Create, describe and load named regions: the entry points the CLI and services use.

Loading is cached per process, keyed by the files' path, modification time and size, so a
request handler can call :func:`load_region` every time and pay only a dictionary look-up;
re-importing a region (a new file is renamed into place) is picked up on the next call.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any

from goldenhour.adapters.routing.demo_region import generate_demo
from goldenhour.adapters.routing.graph import RoadGraph
from goldenhour.adapters.routing.jemss_import import is_jemss_input, read_jemss
from goldenhour.adapters.routing.osm_import import is_osm_file, read_osm
from goldenhour.adapters.routing.progress import Progress, silent
from goldenhour.adapters.routing.region import Region
from goldenhour.adapters.routing.snapping import DEFAULT_MAX_SNAP_M
from goldenhour.adapters.routing.speeds import DEFAULT_PROFILE, SpeedProfile
from goldenhour.adapters.routing.store import (
    check_name,
    read_graph,
    read_header,
    region_paths,
    regions_dir,
    save_region,
)
from goldenhour.config import Settings
from goldenhour.domain.shared.errors import InvalidInput

_cache: dict[Path, tuple[tuple[float, ...], Region]] = {}
_lock = threading.Lock()


def read_network_file(
    path: Path, progress: Progress = silent, profile: SpeedProfile = DEFAULT_PROFILE
) -> tuple[RoadGraph, str]:
    """Parse an OSM or JEMSS file into a graph; also say which format it was.

    The speed profile applies to OSM only: JEMSS files carry their own travel times.
    """
    path = Path(path)
    if not path.exists():
        raise InvalidInput(f"{path}: no such file")
    if is_osm_file(path):
        return read_osm(path, progress, profile), "osm"
    if is_jemss_input(path):
        return read_jemss(path, progress), "jemss"
    raise InvalidInput(
        f"{path.name}: unknown road network format (expected .osm.pbf, .osm, .osm.bz2, "
        "a JEMSS .zip, or a folder with nodes.csv and arcs.csv)"
    )


def import_network(
    path: Path,
    name: str,
    settings: Settings | None = None,
    progress: Progress = silent,
    profile: SpeedProfile = DEFAULT_PROFILE,
) -> dict[str, Any]:
    """Import a road file as region ``name`` (replacing it only if the import succeeds)."""
    check_name(name)
    graph, kind = read_network_file(Path(path), progress, profile)
    progress("saving", 0.95)
    header: dict[str, Any] = {
        "source": {"kind": kind, "file": Path(path).name, "sha256": _sha256(Path(path))}
    }
    if kind == "osm":
        header["speed_profile"] = profile.as_dict()
    stored = save_region(graph, name, regions_dir(settings), header)
    progress("saved", 1.0)
    return stored


def build_demo(
    name: str = "demo",
    size: int = 20_000,
    seed: int = 1,
    settings: Settings | None = None,
    progress: Progress = silent,
) -> dict[str, Any]:
    """Generate the deterministic demo county and store it as region ``name``."""
    check_name(name)
    graph, places = generate_demo(size, seed, progress)
    header = {
        "source": {"kind": "demo", "size": size, "seed": seed},
        "places": [p.as_dict() for p in places],
    }
    return save_region(graph, name, regions_dir(settings), header)


def region_header(name: str, settings: Settings | None = None) -> dict[str, Any]:
    """The stored JSON header of a region (cheap: the arrays are not read)."""
    return read_header(name, regions_dir(settings))


def load_region(
    name: str, settings: Settings | None = None, *, max_snap_m: float = DEFAULT_MAX_SNAP_M
) -> Region:
    """The region ``name``, from the per-process cache when its files have not changed."""
    directory = regions_dir(settings)
    npz_path, json_path = region_paths(name, directory)
    try:
        stats = (npz_path.stat(), json_path.stat())
    except FileNotFoundError:
        read_header(name, directory)  # raises NotFound naming the known regions
        raise
    key = tuple(v for s in stats for v in (s.st_mtime_ns, s.st_size, s.st_ino)) + (max_snap_m,)
    cache_key = npz_path.resolve()
    with _lock:
        cached = _cache.get(cache_key)
        if cached and cached[0] == key:
            return cached[1]
    header = read_header(name, directory)
    region = Region(
        name, read_graph(name, directory, header), header, max_snap_m=max_snap_m, file=npz_path
    )
    with _lock:
        _cache[cache_key] = (key, region)
    return region


def clear_cache() -> None:
    with _lock:
        _cache.clear()


def _sha256(path: Path) -> str | None:
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
