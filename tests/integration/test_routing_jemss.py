"""JEMSS network files: tables, days to seconds, modes, directed and undirected arcs."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from goldenhour.adapters.routing.jemss_import import read_jemss, read_tables
from goldenhour.domain.shared.errors import InvalidInput

NODES = "nodes,3,,\nindex,x,y,offRoadAccess\n1,0,0,1\n2,0.001,0,1\n3,0,0.001,0\n"
ONE_WAY_ARCS = (
    "miscData,1,,\narcForm,numModes,\ndirected,2\n,\narcs,5,,\n"
    "index,fromNode,toNode,mode_1,mode_2\n"
    "1,1,2,0.001,0.002\n2,2,1,0.001,0.002\n3,2,3,0.001,0.002\n4,3,2,0.001,0.002\n"
    "5,1,3,0.0001,0.0002\n"
)


def _write(folder: Path, nodes: str, arcs: str) -> Path:
    (folder / "nodes.csv").write_text(nodes)
    (folder / "arcs.csv").write_text(arcs)
    return folder


def test_tables_are_split_on_blank_lines_and_named_by_their_first_cell():
    tables = read_tables(ONE_WAY_ARCS)
    assert set(tables) == {"miscData", "arcs"}
    assert tables["miscData"][1] == [["directed", "2"]]
    assert len(tables["arcs"][1]) == 5


def test_travel_times_in_days_become_seconds_and_mode_1_is_emergency(tmp_path: Path):
    g = read_jemss(_write(tmp_path, NODES, ONE_WAY_ARCS))
    arc = [
        i for i in range(g.arc_count) if (g.source_id[g.tail[i]], g.source_id[g.head[i]]) == (1, 3)
    ]
    assert g.times["emergency"][arc[0]] == pytest.approx(8.64)
    assert g.times["normal"][arc[0]] == pytest.approx(17.28)


def test_directed_arcs_stay_one_way(tmp_path: Path):
    g = read_jemss(_write(tmp_path, NODES, ONE_WAY_ARCS))
    pairs = {
        (int(g.source_id[t]), int(g.source_id[h])) for t, h in zip(g.tail, g.head, strict=True)
    }
    assert (1, 3) in pairs and (3, 1) not in pairs


def test_undirected_arcs_run_both_ways_and_one_mode_serves_both(tmp_path: Path):
    arcs = (
        "miscData,,\narcForm,numModes\nundirected,1\n\n"
        "arcs,,\nindex,fromNode,toNode,mode_1\n1,1,2,0.5\n"
    )
    g = read_jemss(_write(tmp_path, NODES, arcs))
    assert g.arc_count == 2
    assert math.isclose(g.times["normal"][0], 43_200.0)
    assert g.node_count == 2  # node 3 has no roads


@pytest.mark.parametrize(
    ("arcs", "message"),
    [
        ("miscData,,\narcForm,numModes\ndirected,1\n", "no drivable roads"),
        ("arcs,,\nindex,fromNode,toNode,mode_1\n1,1,9,0.1\n", "unknown node 9"),
        ("arcs,,\nindex,fromNode,toNode\n1,1,2\n", "mode_1"),
        ("arcs,,\nindex,fromNode,toNode,mode_1\n1,1,2,fast\n", "fast"),
    ],
)
def test_broken_arcs_file_is_one_clear_error(tmp_path: Path, arcs: str, message: str):
    with pytest.raises(InvalidInput, match=message):
        read_jemss(_write(tmp_path, NODES, arcs))


def test_missing_sibling_file_is_named(tmp_path: Path):
    (tmp_path / "nodes.csv").write_text(NODES)
    with pytest.raises(InvalidInput, match="arcs.csv"):
        read_jemss(tmp_path / "nodes.csv")


def test_a_zip_that_is_not_a_zip_is_refused(tmp_path: Path):
    bad = tmp_path / "roads.zip"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InvalidInput, match="not a readable JEMSS archive"):
        read_jemss(bad)
