"""``goldenhour plan simulate`` runs each of JEMSS's four cities out of the box."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import require_refdata
from goldenhour.cli import app


@pytest.fixture(autouse=True)
def refdata():
    require_refdata("planning", "jemss_cities", "manhattan", "models", "1")


@pytest.mark.parametrize("city", ["auckland", "edmonton", "manhattan", "utrecht"])
def test_each_jemss_city_simulates_from_the_cli(city):
    result = CliRunner().invoke(
        app,
        ["plan", "simulate", city, "--days", "1.5", "--warm-up-days", "0.5"]
        + ["--replications", "2", "--workers", "1", "--json"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    base = report["scenarios"]["base"]
    assert report["city"] == city
    assert base["calls"]["mean"] > 50
    assert 0 < base["utilisation.mean"]["mean"] < 1
    priorities = [k for k in base if k.startswith("response.") and k.endswith(".p90_s")]
    assert priorities, "no response fractiles"


def test_a_scenario_is_compared_with_the_base_on_the_same_calls():
    result = CliRunner().invoke(
        app,
        ["plan", "simulate", "auckland", "--days", "2", "--replications", "2", "--workers", "1"]
        + ["--scenario", "one less: remove A1", "--json"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    diff = report["differences"]["one less"]
    assert diff["calls"]["mean"] == 0  # same calls in both
    assert diff["utilisation.mean"]["mean"] > 0  # fewer units, each busier


def test_a_bad_scenario_is_one_line_naming_the_clause():
    result = CliRunner().invoke(
        app, ["plan", "simulate", "auckland", "--days", "2", "--scenario", "x: move A1@S99"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error: scenario x: move A1@S99: no station 'S99'")


def test_calls_arrive_at_the_rates_of_a_time_of_day_file(tmp_path):
    """Auckland's calls only in the evening rush, from S1's and S2's areas: the run counts
    as many calls as the file's rates promise over the counted day."""
    rates = tmp_path / "rates.csv"
    rows = [f"{zone},{hour},highPriority,4" for zone in ("S1", "S2") for hour in (17, 18, 19)]
    rates.write_text("zone,hour,priority,rate\n" + "\n".join(rows) + "\n")
    result = CliRunner().invoke(
        app,
        ["plan", "simulate", "auckland", "--days", "2", "--warm-up-days", "1"]
        + ["--replications", "3", "--workers", "1", "--rates", str(rates), "--json"],
    )
    assert result.exit_code == 0, result.output
    base = json.loads(result.stdout)["scenarios"]["base"]
    expected = 2 * 3 * 4  # two zones, three hours, four calls an hour, one counted day
    assert abs(base["calls"]["mean"] - expected) < 4 * (expected / 3) ** 0.5


def test_a_rates_file_naming_an_unknown_zone_and_hour_is_refused_by_row_and_column(tmp_path):
    rates = tmp_path / "rates.csv"
    rates.write_text("zone,hour,priority,rate\nS99,7,highPriority,1\nS1,24,highPriority,1\n")
    result = CliRunner().invoke(
        app, ["plan", "simulate", "auckland", "--days", "2", "--rates", str(rates)]
    )
    assert result.exit_code != 0
    assert "rates.csv row 2: zone" in result.output and "'S99'" in result.output
    assert "rates.csv row 3: hour" in result.output


def test_redispatch_lets_urgent_calls_wait_less_on_the_same_calls():
    """Auckland (about one call in six waits for a unit) with and without --redispatch."""
    waits = {}
    for flag in ([], ["--redispatch"]):
        result = CliRunner().invoke(
            app,
            ["plan", "simulate", "auckland", "--days", "3", "--replications", "1"]
            + ["--workers", "1", *flag, "--json"],
        )
        assert result.exit_code == 0, result.output
        base = json.loads(result.stdout)["scenarios"]["base"]
        waits[bool(flag)] = base["response.P1.mean_s"]["mean"]
    assert waits[True] < waits[False]
