"""Addresses: what a caller or a CAD says about where, turned into a point, and back.

``normalize`` (street keys: USPS suffixes, directionals, ordinals), ``query`` (intersection,
block, house number or name), ``gazetteer`` (a region's streets, house numbers, ranges and
places, with their indexes), ``numbering`` (house numbers along a street without mapped
numbers), ``geocode`` (ranked candidates with a confidence), ``reverse`` (a point in words).
Pure: the gazetteer is built from map data by ``adapters/geocoding``.
"""

from goldenhour.domain.addresses.gazetteer import (
    AddressPoint,
    AddressRange,
    Gazetteer,
    NamedPlace,
    Street,
)
from goldenhour.domain.addresses.geocode import Candidate, geocode
from goldenhour.domain.addresses.query import AddressQuery, parse
from goldenhour.domain.addresses.reverse import Located, reverse

__all__ = [
    "AddressPoint",
    "AddressQuery",
    "AddressRange",
    "Candidate",
    "Gazetteer",
    "Located",
    "NamedPlace",
    "Street",
    "geocode",
    "parse",
    "reverse",
]
