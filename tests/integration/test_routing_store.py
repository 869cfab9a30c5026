"""Regions on disk: round trip, per-process cache, atomic replacement, clear refusals."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from routing_osm_fixtures import block

from goldenhour.adapters.routing import (
    build_demo,
    import_network,
    list_regions,
    load_region,
    region_header,
)
from goldenhour.adapters.routing.store import region_paths
from goldenhour.config import Settings
from goldenhour.domain.shared.errors import InvalidInput, NotFound


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "var")


def _regions(settings: Settings) -> Path:
    return settings.data_dir / "regions"


def test_demo_region_round_trips_through_npz_and_json(settings: Settings):
    header = build_demo("demo", size=2_000, seed=3, settings=settings)
    region = load_region("demo", settings)
    assert region.graph.node_count == header["nodes"]
    assert region.bbox == pytest.approx(tuple(header["bbox"]))
    assert [p.name for p in region.hospitals] == [
        p["name"] for p in header["places"] if p["kind"] == "hospital"
    ]
    assert region_header("demo", settings)["source"] == {"kind": "demo", "size": 2_000, "seed": 3}
    assert list_regions(_regions(settings)) == ["demo"]


def test_loading_twice_is_served_from_the_cache_until_the_files_change(settings: Settings):
    build_demo("demo", size=2_000, seed=1, settings=settings)
    first = load_region("demo", settings)
    assert load_region("demo", settings) is first
    build_demo("demo", size=2_000, seed=2, settings=settings)
    second = load_region("demo", settings)
    assert second is not first
    assert not np.array_equal(second.graph.lon, first.graph.lon)


def test_unknown_region_is_not_found_and_names_the_known_ones(settings: Settings):
    build_demo("demo", size=2_000, settings=settings)
    with pytest.raises(NotFound, match=r"no road network named 'nowhere' \(known: demo\)"):
        load_region("nowhere", settings)


@pytest.mark.parametrize("name", ["", "../etc", "a/b", ".hidden", "x" * 65])
def test_region_names_cannot_escape_the_regions_folder(settings: Settings, name: str):
    with pytest.raises(InvalidInput, match="not a region name"):
        build_demo(name, size=2_000, settings=settings)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\x00garbage\xff" * 50, "not a readable OpenStreetMap file"),
        (b'<?xml version="1.0"?><osm version="0.6"></osm>', "no drivable roads found"),
    ],
)
def test_failed_import_leaves_the_existing_region_untouched(
    settings: Settings, tmp_path: Path, content: bytes, message: str
):
    good = import_network(block(tmp_path, {"oneway": "yes"}), "town", settings)
    before = {p: p.read_bytes() for p in region_paths("town", _regions(settings))}
    bad = tmp_path / "bad.osm"
    bad.write_bytes(content)
    with pytest.raises(InvalidInput, match=message):
        import_network(bad, "town", settings)
    assert {p: p.read_bytes() for p in before} == before
    assert load_region("town", settings).header["graph_id"] == good["graph_id"]
    assert sorted(p.name for p in _regions(settings).iterdir()) == ["town.json", "town.npz"]


def test_a_crash_between_the_two_renames_is_reported_not_used(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
):
    build_demo("demo", size=2_000, seed=1, settings=settings)
    calls = []
    real_replace = os.replace

    def replace_then_crash(src: str | Path, dst: str | Path) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_crash)
    with pytest.raises(OSError, match="disk full"):
        build_demo("demo", size=2_000, seed=2, settings=settings)
    monkeypatch.undo()
    with pytest.raises(InvalidInput, match="arrays and header do not match; import it again"):
        load_region("demo", settings)
    assert sorted(p.name for p in _regions(settings).iterdir()) == ["demo.json", "demo.npz"]


def test_jemss_folder_imports_as_a_region(settings: Settings, tmp_path: Path):
    (tmp_path / "nodes.csv").write_text("nodes,,\nindex,x,y\n1,0,0\n2,0.001,0\n")
    (tmp_path / "arcs.csv").write_text(
        "miscData,,\narcForm,numModes\nundirected,2\n\n"
        "arcs,,\nindex,fromNode,toNode,mode_1,mode_2\n1,1,2,0.0001,0.0002\n"
    )
    header = import_network(tmp_path, "tiny", settings)
    assert header["source"]["kind"] == "jemss"
    region = load_region("tiny", settings)
    assert region.eta((0.0, 0.0), (0.001, 0.0), mode="normal") == pytest.approx(17.28)


def test_speed_profile_changes_osm_travel_times(settings: Settings, tmp_path: Path):
    profile = tmp_path / "slow.toml"
    profile.write_text("[kmh]\nresidential = 10\n[emergency_factor]\nresidential = 2.0\n")
    from goldenhour.adapters.routing import SpeedProfile

    osm = block(tmp_path, {})
    import_network(osm, "slow", settings, profile=SpeedProfile.from_toml(profile))
    import_network(osm, "default", settings)
    a, b = (0.0, 0.0), (0.001, 0.0)
    slow, default = load_region("slow", settings), load_region("default", settings)
    assert slow.eta(a, b, "normal") == pytest.approx(default.eta(a, b, "normal") * 3, rel=1e-6)
    assert slow.eta(a, b, "emergency") == pytest.approx(slow.eta(a, b, "normal") / 2, rel=1e-6)
    assert region_header("slow", settings)["speed_profile"]["kmh"]["residential"] == 10


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[kmh\n", "not a readable speed profile"),
        ("[kmh]\nresidential = -5\n", "residential must be a positive number"),
        ("speed = 3\n", "unknown speed profile key 'speed'"),
    ],
)
def test_bad_speed_profile_is_one_clear_error(tmp_path: Path, text: str, message: str):
    from goldenhour.adapters.routing import SpeedProfile

    path = tmp_path / "profile.toml"
    path.write_text(text)
    with pytest.raises(InvalidInput, match=message):
        SpeedProfile.from_toml(path)
