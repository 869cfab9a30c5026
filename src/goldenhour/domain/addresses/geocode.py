"""From typed text to ranked points, and from a point back to words a dispatcher says.

Confidence (0..1) says how the point was found, scaled down when the street name had to be
guessed (another suffix, a close spelling):

======================  =========  ======================================================
kind                    base       found by
======================  =========  ======================================================
``address``             1.0        a mapped house number
``intersection``        0.95       two streets sharing a node (0.7 if they only pass close)
``block`` (mapped)      0.9        mapped house numbers of that hundred
``interpolated``        0.8        an interpolation line or range covering the number
``place``               0.9        a named place, times how well the name matched
``block`` / ``house``   0.5        counted cross streets (no numbers mapped on the street)
``street``              0.3        the street alone, its middle
======================  =========  ======================================================

Anything found by counting, interpolating or passing close is ``approximate``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from goldenhour.domain.addresses.gazetteer import Gazetteer
from goldenhour.domain.addresses.geometry import along, centroid, distance_m
from goldenhour.domain.addresses.normalize import place_key
from goldenhour.domain.addresses.numbering import BLOCK, axis
from goldenhour.domain.addresses.query import AddressQuery, parse

SAME_POINT_M = 15.0


@dataclass(frozen=True)
class Candidate:
    """One answer: where, how sure, how found, and what it is called on the map."""

    lon: float
    lat: float
    confidence: float
    kind: str
    label: str
    approximate: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "lon": round(self.lon, 7),
            "lat": round(self.lat, 7),
            "confidence": round(self.confidence, 3),
            "kind": self.kind,
            "label": self.label,
            "approximate": self.approximate,
        }


def geocode(gazetteer: Gazetteer, text: str, limit: int = 5) -> list[Candidate]:
    """Candidates for ``text``, best first, at most ``limit``; empty when nothing matched."""
    query = parse(text)
    found: list[Candidate] = []
    if query.kind == "intersection":
        found += _intersections(gazetteer, query)
    elif query.kind in ("block", "house"):
        found += _numbered(gazetteer, query)
    if not found:
        found += _places(gazetteer, query.text)
        for key, sure in gazetteer.resolve(query.street):
            found.append(
                _street_middle(gazetteer, key, sure * (0.6 if query.kind == "name" else 1))
            )
    return _ranked(found, limit)


def _ranked(found: list[Candidate], limit: int) -> list[Candidate]:
    kept: list[Candidate] = []
    for c in sorted(found, key=lambda c: -c.confidence):
        if all(distance_m((c.lon, c.lat), (k.lon, k.lat)) > SAME_POINT_M for k in kept):
            kept.append(c)
    return kept[: max(limit, 0)]


def _name(gazetteer: Gazetteer, key: str) -> str:
    return gazetteer.street_keys[key][0].name


def _intersections(gazetteer: Gazetteer, query: AddressQuery) -> list[Candidate]:
    found = []
    for a, sure_a in gazetteer.resolve(query.streets[0]):
        for b, sure_b in gazetteer.resolve(query.streets[1]):
            if a == b:
                continue
            label = f"{_name(gazetteer, a)} / {_name(gazetteer, b)}"
            for (lon, lat), exact in gazetteer.crossings(a, b):
                base = 0.95 if exact else 0.7
                found.append(
                    Candidate(lon, lat, base * sure_a * sure_b, "intersection", label, not exact)
                )
    return found


def _numbered(gazetteer: Gazetteer, query: AddressQuery) -> list[Candidate]:
    assert query.number is not None
    number, block = query.number, query.kind == "block"
    found = []
    for key, sure in gazetteer.resolve(query.street):
        name = _name(gazetteer, key)
        label = f"{number // BLOCK * BLOCK} Block of {name}" if block else f"{number} {name}"
        mapped = gazetteer.addresses_by_street.get(key, [])
        if block:
            hits = [(a.lon, a.lat) for a in mapped if a.number // BLOCK == number // BLOCK]
        else:
            hits = [(a.lon, a.lat) for a in mapped if a.number == number]
        if hits:
            lon, lat = centroid(hits)
            kind, base = ("block", 0.9) if block else ("address", 1.0)
            found.append(Candidate(lon, lat, base * sure, kind, label))
            continue
        target = number // BLOCK * BLOCK + BLOCK // 2 if block else number
        ranges = [r for r in gazetteer.ranges_by_street.get(key, []) if r.covers(target)]
        if ranges:
            r = ranges[0]
            fraction = 0.5 if r.first == r.last else (target - r.first) / (r.last - r.first)
            lon, lat = along(r.points, fraction)
            found.append(Candidate(lon, lat, 0.8 * sure, "interpolated", label, True))
            continue
        layout = axis(gazetteer, key)
        start, end, inside = layout.block_span(number)
        share = 0.5 if block else (number % BLOCK + 0.5) / BLOCK
        lon, lat = layout.point_at(start + share * (end - start))
        base = (0.5 if inside else 0.3) * sure
        found.append(Candidate(lon, lat, base, "block" if block else "house", label, True))
    return found


def _street_middle(gazetteer: Gazetteer, key: str, sure: float) -> Candidate:
    layout = axis(gazetteer, key)
    lon, lat = layout.point_at(layout.length / 2)
    return Candidate(lon, lat, 0.3 * sure, "street", _name(gazetteer, key), True)


def _places(gazetteer: Gazetteer, text: str) -> list[Candidate]:
    wanted = place_key(text)
    if not wanted:
        return []
    found = []
    for key, place in gazetteer.place_keys:
        ratio = difflib.SequenceMatcher(None, wanted, key).ratio()
        words = set(wanted.split())
        if words and words <= set(key.split()):
            ratio = max(ratio, 0.75 + 0.25 * len(words) / len(key.split()))
        if ratio >= 0.7:
            found.append(Candidate(place.lon, place.lat, 0.9 * ratio, "place", place.name))
    return found
