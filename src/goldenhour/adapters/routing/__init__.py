"""Road networks and travel times: how long an ambulance takes from here to there.

Everything is WGS84 ``(lon, lat)`` in and **seconds** out. Two modes: ``"emergency"`` (lights
and sirens, the default) and ``"normal"``.

Making a region (stored as ``Settings().data_dir / "regions" / NAME.{npz,json}``)::

    from goldenhour.adapters.routing import import_network, build_demo
    import_network(Path("helsinki.osm.pbf"), "helsinki")    # OSM: .osm.pbf / .osm / .osm.bz2
    import_network(Path("roads.zip"), "manhattan")          # JEMSS nodes.csv + arcs.csv
    import_network(path, "x", profile=SpeedProfile.from_toml(Path("speeds.toml")))
    build_demo("demo", size=20_000, seed=1)                 # deterministic made-up county

or from the shell: ``goldenhour network import FILE --name NAME``, ``goldenhour network demo``.

Querying (``load_region`` is cached per process: call it freely)::

    from goldenhour.adapters.routing import load_region
    region = load_region("demo")
    region.prepare()                             # optional: build indexes now, not on 1st call
    region.bbox                                  # (min lon, min lat, max lon, max lat)
    region.snap(lon, lat)                        # Snap(arc, fraction, lon, lat, distance_m)
    region.etas_to((lon, lat), units_lonlat)     # ndarray of seconds, one reversed search;
                                                 #   points seen before are not snapped again
    units = region.snap_many(units_lonlat)       # Snaps, may be passed instead of points
    region.etas_from((lon, lat), hospitals_lonlat, mode="normal")
    region.eta(origin, destination)              # float seconds
    region.reachable_within((lon, lat), 480)     # Reachable(lonlat (n, 2), seconds (n,))
    region.path(origin, destination)             # [(lon, lat), ...]
    region.route(origin, destination)            # Route(seconds, distance_m, path, ...)
    region.stations, region.hospitals, region.named_places   # tuples of Place (demo region)
    region.info()                                # the header as plain data

Rules callers can rely on:

* an ETA is *off-road gap + road time + off-road gap*: each point is dropped onto the nearest
  road position (which may lie between two nodes) and the straight-line gap is covered at
  ``OFFROAD_KMH`` (15 km/h emergency); from mid-road an ambulance drives on in the road's
  direction, or back only on a two-way road;
* a single point farther than ``max_snap_m`` (1 km) from any road raises ``InvalidInput`` with a
  one-line reason (and a "swapped lon/lat?" hint when that is the likely cause); in the array
  arguments of ``etas_to`` / ``etas_from`` such points answer ``inf`` instead, so one unit
  with a bad GPS fix does not block a recommendation;
* an unknown region raises ``NotFound``; a broken import raises ``InvalidInput`` and leaves
  the stored region as it was;
* a region is read-only once loaded and safe to share between threads.

Engines: ``etas_to`` / ``etas_from`` use :class:`ChainContractedEngine` (Dijkstra on the
graph with shape-point chains contracted; exact, checked against the reference in tests and
``bench/routing.py``), the rest uses :class:`CsgraphEngine` (plain ``scipy.sparse.csgraph``).
Pass ``Region(..., engine=CsgraphEngine(graph))`` to use the reference throughout.

Tests of other packages can use :class:`StraightLineTravelTimes` (same ``etas_to`` /
``etas_from`` signature, the services' ``TravelTimes`` port) instead of a real region.

Modules: ``speeds`` (road classes, one-ways, speed profile), ``graph`` (arrays + clean-up),
``osm_import``, ``jemss_import``, ``demo_region``, ``store`` (files), ``snapping`` (KD-tree),
``travel_times`` (engine protocol + scipy reference), ``contraction`` (the fast engine),
``road_positions`` (snaps remembered per point), ``region`` (the query object), ``regions``
(import / load / cache), ``fake`` (test double).
"""

from goldenhour.adapters.routing.contraction import ChainContractedEngine
from goldenhour.adapters.routing.fake import StraightLineTravelTimes
from goldenhour.adapters.routing.graph import RoadGraph
from goldenhour.adapters.routing.region import (
    OFFROAD_KMH,
    Place,
    Reachable,
    Region,
    Route,
)
from goldenhour.adapters.routing.regions import (
    build_demo,
    clear_cache,
    import_network,
    load_region,
    read_network_file,
    region_header,
)
from goldenhour.adapters.routing.snapping import Snap, Snaps
from goldenhour.adapters.routing.speeds import MODES, SpeedProfile
from goldenhour.adapters.routing.store import list_regions, regions_dir
from goldenhour.adapters.routing.travel_times import CsgraphEngine, ShortestPathEngine

__all__ = [
    "ChainContractedEngine",
    "CsgraphEngine",
    "MODES",
    "OFFROAD_KMH",
    "Place",
    "Reachable",
    "Region",
    "RoadGraph",
    "Route",
    "ShortestPathEngine",
    "Snap",
    "Snaps",
    "SpeedProfile",
    "StraightLineTravelTimes",
    "build_demo",
    "clear_cache",
    "import_network",
    "list_regions",
    "load_region",
    "read_network_file",
    "region_header",
    "regions_dir",
]
