"""``goldenhour geocode`` on the demo county, as a dispatcher or a script uses it."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from goldenhour.cli import app


def test_geocode_a_typed_address_a_csv_and_a_point_on_the_demo_county(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"GOLDENHOUR_DATA_DIR": str(tmp_path / "var")}
    made = runner.invoke(app, ["network", "demo", "--size", "2000"], env=env)
    assert made.exit_code == 0, made.output

    answer = runner.invoke(
        app, ["geocode", "--region", "demo", "Main St / 3rd St", "--json"], env=env
    )
    assert answer.exit_code == 0, answer.output
    best = json.loads(answer.stdout)[0]
    assert best["kind"] == "intersection" and best["confidence"] >= 0.9
    assert {"lon", "lat", "confidence", "kind", "label", "approximate"} <= set(best)

    text = runner.invoke(app, ["geocode", "--region", "demo", "250 Main St"], env=env)
    assert text.exit_code == 0 and "interpolated" in text.stdout and "Main St" in text.stdout

    rows = tmp_path / "calls.csv"
    rows.write_text("id,address\n1,Main & 3rd\n2,Nowhere Lane / Quux St\n3,County General\n")
    out = runner.invoke(app, ["geocode", "--region", "demo", "--csv", str(rows), "--json"], env=env)
    assert out.exit_code == 0, out.output
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [line["address"] for line in lines] == [
        "Main & 3rd",
        "Nowhere Lane / Quux St",
        "County General",
    ]
    assert lines[0]["best"]["kind"] == "intersection" and lines[1]["best"] is None
    assert lines[2]["best"]["kind"] == "place"

    back = runner.invoke(
        app,
        ["geocode", "--region", "demo", "--reverse", f"{best['lon']},{best['lat']}", "--json"],
        env=env,
    )
    assert back.exit_code == 0 and json.loads(back.stdout)["street"] in ("Main St", "3rd St")

    missing = runner.invoke(
        app, ["geocode", "--region", "demo", "--csv", str(tmp_path / "x.csv")], env=env
    )
    assert missing.exit_code == 1 and missing.stderr.startswith("error: --csv")
