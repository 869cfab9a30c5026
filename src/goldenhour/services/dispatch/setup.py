"""What dispatch decisions are made with: the triage protocol, the road network, the rules.

Services take a ``DispatchSetup`` as a plain value, so tests can hand them a straight-line
travel-time model or a small generated region, and the API builds one from ``Settings``: the
agency's protocol file (or the shipped default) and the configured road region.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from goldenhour.adapters.geocoding import region_addresses
from goldenhour.adapters.refdata.triage_protocol import load_protocol
from goldenhour.adapters.routing import load_region
from goldenhour.config import Settings
from goldenhour.domain.dispatch.recommendation import RecommendConfig
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.triage.protocol import TriageProtocol
from goldenhour.domain.units.timeline import DivertPolicy
from goldenhour.services.ports import AddressBook, LonLat, RoadSnapping, TravelTimes

# A point this far outside the road network's bounding box cannot be on one of its roads
# (the router drops points over 1 km from a road; 0.02 degrees is about 2 km).
BBOX_MARGIN_DEG = 0.02


@dataclass(frozen=True)
class RoadAccess:
    """How a call's point reaches the roads: ``route_from`` is where ETAs are computed to
    (the point itself, or the nearest road when it is off the network), None when there is no
    road ETA (outside the region); ``off_road_m`` how far the point is from that road."""

    route_from: LonLat | None
    off_road_m: float = 0.0
    why: str = ""


@dataclass(frozen=True)
class DispatchSetup:
    protocol: TriageProtocol
    travel: TravelTimes
    config: RecommendConfig = field(default_factory=RecommendConfig)
    divert_policy: DivertPolicy = field(default_factory=DivertPolicy.higher_priority_only)
    addresses: AddressBook | None = None  # the region's geocoder, when it has addresses
    clock_skew_s: float = 60.0  # a PSAP time this far ahead of ours is drift, not an error

    def road_access(self, lon: float, lat: float) -> RoadAccess:
        """Where a call at ``(lon, lat)`` is routed to: never refused, only described."""
        if not self.within_region(lon, lat):
            hint = " (longitude and latitude look swapped)" if self.within_region(lat, lon) else ""
            return RoadAccess(None, math.inf, f"outside the region's roads{hint}")
        if not isinstance(self.travel, RoadSnapping):
            return RoadAccess((lon, lat))
        road_lon, road_lat, metres = self.travel.nearest_road(lon, lat)  # a tree lookup
        if metres <= self.travel.max_snap_m:
            return RoadAccess((lon, lat))
        return RoadAccess((road_lon, road_lat), metres, f"{metres:,.0f} m from the nearest road")

    def check_location(self, lon: float, lat: float, field_name: str = "location") -> LonLat:
        """``(lon, lat)`` when it lies on the region's roads; InvalidInput naming the field."""
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise InvalidInput.for_field(field_name, "longitude and latitude must be numbers")
        if not self.within_region(lon, lat):
            if self.within_region(lat, lon):
                raise InvalidInput.for_field(
                    field_name, f"({lon}, {lat}) looks swapped: give longitude first, then latitude"
                )
            west, south, east, north = self.travel.bbox
            raise InvalidInput.for_field(
                field_name,
                f"({lon}, {lat}) is off the region: it covers lon {west:.4f}..{east:.4f}, "
                f"lat {south:.4f}..{north:.4f}",
            )
        try:
            self.travel.etas_to((lon, lat), [(lon, lat)])
        except InvalidInput as exc:
            problem = exc.errors[0].problem if exc.errors else exc.detail
            raise InvalidInput.for_field(field_name, problem) from None
        return (lon, lat)

    def within_region(self, lon: float, lat: float) -> bool:
        west, south, east, north = self.travel.bbox
        m = BBOX_MARGIN_DEG
        return west - m <= lon <= east + m and south - m <= lat <= north + m


@lru_cache(maxsize=8)
def _protocol(path: Path | None, _mtime_ns: int) -> TriageProtocol:
    return load_protocol(path)


def protocol_for(settings: Settings) -> TriageProtocol:
    """The agency's protocol file (re-read when it changes) or the shipped default."""
    path = settings.triage_protocol
    mtime = path.stat().st_mtime_ns if path is not None and path.exists() else 0
    return _protocol(path, mtime)


def setup_from(settings: Settings) -> DispatchSetup:
    """The setup for a request: the loaders are cached, so this costs a few ``stat`` calls."""
    return DispatchSetup(
        protocol=protocol_for(settings),
        travel=load_region(settings.region, settings),
        config=RecommendConfig(stale_position_s=float(settings.stale_position_s)),
        addresses=region_addresses(settings.region, settings),
        clock_skew_s=float(settings.clock_skew_s),
    )
