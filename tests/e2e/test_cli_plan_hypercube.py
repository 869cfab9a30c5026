"""``goldenhour plan hypercube`` on an atoms file, as a planner runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from goldenhour.cli import app

# Larson & Odoni (1981) 5.4.3: ten atoms, three units, λ = 1.5, μ = 1. Rates per atom chosen
# to sum, per preference order, to the split that reproduces the book's exact workloads (see
# tests/unit/test_hypercube.py); the book's figure gives atom 5 = 0.15 in unit 2's area.
TEN_ATOMS = """atom,rate,preference
1,0.3,1 2 3
2,0.2,1 2 3
4,0.25,1 3 2
3,0.1,2 1 3
5,0.15,2 1 3
6,0.1,2 1 3
7,0.1,3 1 2
8,0.1,3 1 2
9,0.1,3 1 2
10,0.1,3 1 2
"""
SYMMETRIC = "atom,rate,preference\nA,0.5,1 2 3\nB,0.5,2 3 1\nC,0.5,3 1 2\n"


def _run(tmp_path: Path, atoms: str, *args: str):
    path = tmp_path / "atoms.csv"
    path.write_text(atoms)
    return CliRunner().invoke(
        app, ["plan", "hypercube", "--atoms", str(path), "--units", "3", *args, "--json"]
    )


def test_workloads_exact_and_approximate_match_the_published_three_server_city(tmp_path):
    result = _run(tmp_path, TEN_ATOMS, "--service-rate", "1")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["workloads"]["exact"] == pytest.approx([0.5574, 0.4734, 0.4693], abs=5e-5)
    assert report["workloads"]["approximate"] == pytest.approx([0.5627, 0.4716, 0.4657], abs=2e-4)
    atom4 = next(a for a in report["atoms"] if a["atom"] == "4")
    assert sum(atom4["exact"]["dispatch"].values()) == pytest.approx(1.0)
    assert atom4["exact"]["first_choice"] == atom4["exact"]["dispatch"]["1"]


def test_three_identical_units_give_erlang_c(tmp_path):
    report = json.loads(_run(tmp_path, SYMMETRIC, "--service-rate", "1").stdout)
    assert report["workloads"]["exact"] == pytest.approx([0.5] * 3)
    assert report["prob_all_busy"] == pytest.approx(0.236842, abs=5e-7)
    assert report["mean_wait"] == pytest.approx(0.157895, abs=5e-7)


def test_a_loss_system_carries_erlang_bs_share(tmp_path):
    """M/M/3/3 at 1.5 erlangs: B = 0.5625 / 4.1875 = 0.134328; each unit busy a(1 − B)/3."""
    result = _run(tmp_path, SYMMETRIC, "--service-rate", "1", "--queue", "none")
    report = json.loads(result.stdout)
    assert report["prob_all_busy"] == pytest.approx(0.134328, abs=5e-7)
    assert report["workloads"]["exact"] == pytest.approx([0.432836] * 3, abs=5e-7)


def test_travel_times_give_the_mean_travel_of_the_answering_unit(tmp_path):
    travel = tmp_path / "travel.csv"
    rows = ["unit,atom,time"] + [
        f"{u},{a},{0 if str(u) == str('ABC'.index(a) + 1) else 10}"
        for u in (1, 2, 3)
        for a in "ABC"
    ]
    travel.write_text("\n".join(rows) + "\n")
    report = json.loads(
        _run(tmp_path, SYMMETRIC, "--service-rate", "1", "--travel", str(travel)).stdout
    )
    # Only the home unit is 0 away; every other answer travels 10, so the mean is 10(1 - share).
    home = report["atoms"][0]["exact"]["first_choice"]
    assert report["mean_travel"]["exact"] == pytest.approx(10 * (1 - home))


def test_a_unit_outside_the_fleet_is_named_by_row(tmp_path):
    result = _run(tmp_path, "atom,rate,preference\nA,0.5,1 4 2\n", "--service-rate", "1")
    assert result.exit_code == 1
    assert "atoms.csv row 2: preference: '4' is not a unit 1..3" in result.stderr
