"""A region's addresses on disk: ``<data_dir>/regions/NAME.addresses.json.gz`` beside its roads.

Written to a temporary name and renamed into place, like the road files; loading is cached
per process by the file's modification time and size, so a request can ask every time.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
import threading
from contextlib import suppress
from pathlib import Path
from typing import Any

from goldenhour.domain.addresses import AddressPoint, AddressRange, Gazetteer, NamedPlace, Street
from goldenhour.domain.shared.errors import InvalidInput, NotFound

FORMAT, VERSION = "goldenhour-addresses", 1
_cache: dict[Path, tuple[tuple[int, int], Gazetteer]] = {}
_lock = threading.Lock()


def addresses_path(directory: Path, name: str) -> Path:
    return directory / f"{name}.addresses.json.gz"


def _rounded(points: Any) -> list[list[float]]:
    return [[round(lon, 7), round(lat, 7)] for lon, lat in points]


def save_addresses(gazetteer: Gazetteer, directory: Path, name: str) -> dict[str, int]:
    """Store ``gazetteer`` for region ``name``; return its counts for the import summary."""
    body = {
        "format": FORMAT,
        "version": VERSION,
        "origin": list(gazetteer.origin) if gazetteer.origin else None,
        "streets": [[s.name, list(s.nodes), _rounded(s.points)] for s in gazetteer.streets],
        "addresses": [[a.number, a.street, a.lon, a.lat] for a in gazetteer.addresses],
        "ranges": [[r.street, r.first, r.last, _rounded(r.points)] for r in gazetteer.ranges],
        "places": [[p.name, p.kind, p.lon, p.lat] for p in gazetteer.places],
    }
    directory.mkdir(parents=True, exist_ok=True)
    fd, raw = tempfile.mkstemp(prefix=f".{name}.", suffix=".addresses.tmp", dir=directory)
    temp = Path(raw)
    try:
        with os.fdopen(fd, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as z:
            z.write(json.dumps(body, separators=(",", ":")).encode())
        os.replace(temp, addresses_path(directory, name))
    finally:
        with suppress(FileNotFoundError):
            temp.unlink()
    return counts(gazetteer)


def counts(gazetteer: Gazetteer) -> dict[str, int]:
    return {
        "streets": len(gazetteer.street_keys),
        "addresses": len(gazetteer.addresses),
        "ranges": len(gazetteer.ranges),
        "places": len(gazetteer.places),
    }


def load_addresses(directory: Path, name: str) -> Gazetteer:
    """Region ``name``'s addresses (cached); NotFound when it was imported without them."""
    path = addresses_path(directory, name)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise NotFound(
            f"region {name!r} has no addresses; import its OpenStreetMap file again with "
            "`goldenhour network import`"
        ) from None
    key = (stat.st_mtime_ns, stat.st_size)
    with _lock:
        cached = _cache.get(path)
        if cached and cached[0] == key:
            return cached[1]
    try:
        with gzip.open(path, "rb") as f:
            body = json.loads(f.read())
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"region {name!r}: unreadable {path.name} ({exc})") from None
    if body.get("format") != FORMAT or body.get("version") != VERSION:
        raise InvalidInput(f"region {name!r}: addresses of another version; import it again")
    gazetteer = Gazetteer(
        [
            Street(n, tuple(ids), tuple((p[0], p[1]) for p in pts))
            for n, ids, pts in body["streets"]
        ],
        [AddressPoint(n, s, lon, lat) for n, s, lon, lat in body["addresses"]],
        [
            AddressRange(s, a, b, tuple((p[0], p[1]) for p in pts))
            for s, a, b, pts in body["ranges"]
        ],
        [NamedPlace(n, k, lon, lat) for n, k, lon, lat in body["places"]],
        tuple(body["origin"]) if body.get("origin") else None,
    )
    with _lock:
        _cache[path] = (key, gazetteer)
    return gazetteer
