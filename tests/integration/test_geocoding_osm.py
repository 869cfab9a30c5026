"""Addresses read from OpenStreetMap files: a hand-written one with every kind of address, and
San Francisco's TIGER 2017 roads against the fire department's own geocoded calls."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from conftest import require_refdata
from goldenhour.adapters.geocoding import import_addresses, load_gazetteer
from goldenhour.adapters.geocoding.osm_addresses import read_addresses
from goldenhour.config import Settings
from goldenhour.domain.addresses import geocode, reverse
from goldenhour.domain.addresses.geometry import distance_m

# Two streets crossing at node 2; house 10 on a node, 20 on a building, 30..50 interpolated.
TOWN = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" version="1" lat="47.6000" lon="-122.3300"/>
  <node id="2" version="1" lat="47.6010" lon="-122.3300"/>
  <node id="3" version="1" lat="47.6020" lon="-122.3300"/>
  <node id="4" version="1" lat="47.6010" lon="-122.3320"/>
  <node id="5" version="1" lat="47.6010" lon="-122.3280"/>
  <node id="10" version="1" lat="47.6003" lon="-122.3298">
    <tag k="addr:housenumber" v="10"/><tag k="addr:street" v="3rd Avenue"/>
  </node>
  <node id="21" version="1" lat="47.6005" lon="-122.3302"/>
  <node id="22" version="1" lat="47.6005" lon="-122.3304"/>
  <node id="23" version="1" lat="47.6006" lon="-122.3304"/>
  <node id="30" version="1" lat="47.6012" lon="-122.3298">
    <tag k="addr:housenumber" v="30"/><tag k="addr:street" v="3rd Avenue"/>
  </node>
  <node id="50" version="1" lat="47.6018" lon="-122.3298">
    <tag k="addr:housenumber" v="50"/><tag k="addr:street" v="3rd Avenue"/>
  </node>
  <node id="60" version="1" lat="47.6015" lon="-122.3310">
    <tag k="amenity" v="hospital"/><tag k="name" v="Harborview Medical Center"/>
  </node>
  <way id="100" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/>
    <tag k="highway" v="secondary"/><tag k="name" v="3rd Avenue"/></way>
  <way id="101" version="1"><nd ref="4"/><nd ref="2"/><nd ref="5"/>
    <tag k="highway" v="residential"/><tag k="name" v="James Street"/></way>
  <way id="102" version="1"><nd ref="21"/><nd ref="22"/><nd ref="23"/><nd ref="21"/>
    <tag k="building" v="yes"/><tag k="addr:housenumber" v="20B"/>
    <tag k="addr:street" v="3rd Avenue"/></way>
  <way id="103" version="1"><nd ref="30"/><nd ref="50"/>
    <tag k="addr:interpolation" v="even"/></way>
  <way id="104" version="1"><nd ref="4"/><nd ref="1"/>
    <tag k="highway" v="footway"/><tag k="name" v="Hidden Path"/></way>
</osm>
"""


def test_every_kind_of_osm_address_is_found(tmp_path: Path) -> None:
    path = tmp_path / "town.osm"
    path.write_text(TOWN)
    g = read_addresses(path)
    assert set(g.street_keys) == {"3RD AVE", "JAMES ST"}  # a footway is no street
    crossing = geocode(g, "3rd Ave / James St")[0]
    assert crossing.kind == "intersection" and (crossing.lon, crossing.lat) == (-122.33, 47.601)
    assert geocode(g, "3rd & James")[0].kind == "intersection"
    house = geocode(g, "10 Third Av")[0]
    assert (house.kind, house.lon, house.lat, house.approximate) == (
        "address",
        -122.3298,
        47.6003,
        False,
    )
    building = geocode(g, "20 3rd Ave")[0]
    assert (
        building.kind == "address"
        and distance_m((building.lon, building.lat), (-122.33033, 47.60053)) < 5
    )
    between = geocode(g, "40 3rd Ave")[0]
    assert between.kind == "interpolated" and between.approximate
    assert distance_m((between.lon, between.lat), (-122.3298, 47.6015)) < 1
    hospital = geocode(g, "Harborview")[0]
    assert hospital.kind == "place" and hospital.label == "Harborview Medical Center"
    assert reverse(g, (-122.32981, 47.60031)).label == "10 3rd Avenue"  # type: ignore[union-attr]


def test_a_file_that_is_not_osm_is_refused_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.osm"
    bad.write_text("not xml at all")
    try:
        read_addresses(bad)
    except Exception as exc:  # noqa: BLE001 - the message is what we check
        assert "bad.osm: not a readable OpenStreetMap file" in str(exc)
    else:
        raise AssertionError("read a broken file")


def test_san_francisco_intersections_land_where_the_fire_department_geocoded_them(
    tmp_path: Path,
) -> None:
    """SFFD CAD's own coordinates for intersection calls: at least 90 % within 100 m."""
    roads = require_refdata("osm_road_networks", "sf_tiger2017_roads.osm.pbf")
    calls = require_refdata(
        "incidents",
        "sf_fire_calls_for_service",
        "sf_fire_calls_for_service_2016-12-31_to_2017-01-07.csv",
    )
    settings = Settings.from_env({"GOLDENHOUR_DATA_DIR": str(tmp_path)})
    import_addresses(roads, "sf", settings)
    g = load_gazetteer("sf", settings)
    checked = close = 0
    with calls.open(newline="") as f:
        for row in csv.DictReader(f):
            where = re.match(r"\(([-\d.]+), ([-\d.]+)\)", row["Location"])
            if "/" not in row["Address"] or not where or checked == 400:
                continue
            checked += 1
            best = geocode(g, row["Address"], 1)
            truth = (float(where.group(2)), float(where.group(1)))
            close += bool(best) and distance_m((best[0].lon, best[0].lat), truth) <= 100
    assert checked == 400 and close / checked >= 0.9
