"""What a dispatcher typed, read as one of the address forms US CAD systems use.

* an intersection: ``3rd Ave / James St``, ``3rd & James``, ``HARRISON ST/6TH ST``,
  ``Main St and Oak Ave``, ``Main @ Oak``;
* a block: ``300 Block of MAIN ST``, ``300 BLK MAIN``;
* a house number: ``500 17th Av``, ``1569-A 48TH AV``, ``3735-3739 SACRAMENTO ST`` (the first
  number), ``12 1/2 Oak St``, with an apartment or unit (``APT 4``, ``#4``) dropped;
* anything else: a street alone or a place name (``County General Hospital``,
  ``CALL BOX: PIER 43``).

Text after the first comma (a city, a zip, "TI") is not part of the street.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from goldenhour.domain.addresses.normalize import street_key

_CROSSING = re.compile(r"\s*(?:/|\\|&|@|\bAND\b|\bAT\b|\bX\b)\s*", re.IGNORECASE)
_BLOCK = re.compile(r"^\s*(\d+)\s+(?:BLOCK|BLK)\s+(?:OF\s+)?(.+)$", re.IGNORECASE)
_HOUSE = re.compile(r"^\s*(\d+)(?:\s*-\s*(?:\d+|[A-Z])\b|[A-Z]\b|\s+1/2\b)?\s+(.+)$", re.I)
_UNIT = re.compile(r"\s+(?:APT|APARTMENT|UNIT|STE|SUITE|RM|ROOM|FL|FLOOR|#)\s*\S*\s*$", re.I)
_CALL_BOX = re.compile(r"^\s*CALL\s*BOX\s*:?\s*", re.IGNORECASE)


@dataclass(frozen=True)
class AddressQuery:
    """The parsed form: ``kind`` is intersection, block, house or name."""

    kind: str
    text: str
    streets: tuple[str, ...] = ()  # street keys (two for an intersection)
    number: int | None = None  # house number, or the block's first number

    @property
    def street(self) -> str:
        return self.streets[0] if self.streets else ""


def parse(text: str) -> AddressQuery:
    """Read ``text`` as an intersection, a block, a house number or a name."""
    raw = " ".join(text.split())
    body = _CALL_BOX.sub("", raw).split(",")[0].strip()
    parts = [p for p in _CROSSING.split(body) if p.strip()]
    if len(parts) == 2 and not _CALL_BOX.match(raw):
        first, second = (street_key(_UNIT.sub("", p)) for p in parts)
        if first and second:
            return AddressQuery("intersection", raw, (first, second))
    block = _BLOCK.match(body)
    if block:
        return AddressQuery("block", raw, (street_key(block.group(2)),), int(block.group(1)))
    house = _HOUSE.match(_UNIT.sub("", body))
    if house and not _CALL_BOX.match(raw):
        street = street_key(house.group(2))
        if street and not street.split()[0].isdigit():
            return AddressQuery("house", raw, (street,), int(house.group(1)))
    key = street_key(_UNIT.sub("", body))
    return AddressQuery("name", raw, (key,) if key else ())
