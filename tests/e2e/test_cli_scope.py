"""``goldenhour scope check`` and ``goldenhour scope matrix`` as a user runs them."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from goldenhour.cli import app

runner = CliRunner()


def scope(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["scope", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("args", "decision"),
    [
        (["--level", "EMT-B", "--skill", "cpr"], "allowed"),
        (["--level", "9925003", "--skill", "Narcan nasal spray"], "allowed"),
        (["--level", "CFR", "--skill", "IV naloxone"], "denied"),
        (["--level", "EMT-P", "--skill", "12-lead interpretation"], "allowed"),
        (["--level", "EMT-B", "--skill", "epinephrine-im", "--jurisdiction", "XA"], "denied"),
        (
            [
                "--level",
                "EMT-B",
                "--skill",
                "epinephrine-im",
                "--jurisdiction",
                "xa",
                "--endorsement",
                "epinephrine-check-and-inject",
            ],
            "allowed",
        ),
        (
            [
                "--level",
                "EMT",
                "--skill",
                "epinephrine-im",
                "--jurisdiction",
                "XA",
                "--endorsement",
                "epinephrine-check-and-inject:2026-01-31",
                "--at",
                "2026-02-01",
            ],
            "denied",
        ),
        (
            ["--level", "paramedic", "--skill", "ketamine-im", "--jurisdiction", "XA"],
            "requires_medical_control",
        ),
        (
            [
                "--level",
                "paramedic",
                "--skill",
                "cpr",
                "--expires",
                "2026-03-31",
                "--at",
                "2026-03-31T22:00:00+00:00",
            ],
            "allowed",
        ),
        (
            [
                "--level",
                "paramedic",
                "--skill",
                "cpr",
                "--expires",
                "2026-03-31",
                "--at",
                "2026-04-01T08:00",
            ],
            "denied",
        ),
    ],
)
def test_scope_check_prints_the_decision_and_its_reasons_as_json(
    args: list[str], decision: str
) -> None:
    code, out, _ = scope("check", *args, "--json")
    assert code == 0
    answer = json.loads(out)
    assert set(answer) == {"decision", "reasons"}
    assert answer["decision"] == decision
    assert answer["reasons"] and all(
        {"layer", "rule", "detail"} <= set(r) for r in answer["reasons"]
    )


def test_scope_check_explains_itself_in_plain_text() -> None:
    code, out, _ = scope(
        "check", "--level", "EMT", "--skill", "peripheral-iv", "--jurisdiction", "XB"
    )
    assert code == 0
    assert (
        out.splitlines()[0]
        == "denied: Emergency Medical Technician / Catheterization of vein in XB"
    )
    assert "endorsement 'emt-iv' is required and not held" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--level", "paramedc", "--skill", "cpr"], "did you mean 'paramedic'"),
        (["--level", "EMT", "--skill", "defibrilation"], "did you mean"),
        (["--level", "EMT", "--skill", "cpr", "--jurisdiction", "ZZ"], "unknown jurisdiction 'ZZ'"),
        (["--level", "EMT", "--skill", "cpr", "--at", "yesterday"], "--at: 'yesterday'"),
        (["--level", "EMT", "--skill", "cpr", "--expires", "soon"], "--expires: 'soon'"),
    ],
)
def test_bad_input_is_one_line_on_stderr_with_a_suggestion(args: list[str], message: str) -> None:
    code, out, err = scope("check", *args)
    assert code == 1 and out == ""
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_scope_matrix_as_json_has_every_skill_for_every_ladder_level() -> None:
    code, out, _ = scope("matrix", "--jurisdiction", "XA", "--json")
    assert code == 0
    matrix = json.loads(out)
    assert matrix["jurisdiction"] == "XA"
    assert "registered-nurse" in matrix["levels"]
    assert matrix["skills"]["epinephrine-im"]["emt"] == ["endorsement:epinephrine-check-and-inject"]
    assert matrix["skills"]["ketamine-im"]["paramedic"] == ["medical_control"]
    assert matrix["skills"]["cpr"]["emr"] == ["allowed"]
    assert matrix["skills"]["endotracheal-intubation"]["aemt"] == ["denied"]


def test_scope_matrix_prints_a_table_of_skills_by_level() -> None:
    code, out, _ = scope("matrix")
    assert code == 0
    assert "national model" in out
    row = next(line for line in out.splitlines() if " endotracheal-intubation " in line)
    assert [cell.strip() for cell in row.split("│")[2:-1]] == [
        ".",
        ".",
        ".",
        ".",
        "Y",
        "Y",
        "Y",
        "Y",
    ]


def test_export_nemsis_writes_a_configuration_that_round_trips(tmp_path: object) -> None:
    """The CLI export is the NEMSIS table: importing it back permits what the scope permits."""
    from pathlib import Path

    from goldenhour.adapters.nemsis.configuration import import_configuration
    from goldenhour.adapters.refdata.scope import load_compiled_scope
    from goldenhour.adapters.refdata.skills import load_skill_catalog
    from goldenhour.domain.scope.rules import LayerKind

    output = Path(str(tmp_path)) / "dem.xml"
    code, _, err = scope("export-nemsis", "-o", str(output), "--state-fips", "53")
    assert code == 0 and "needle-cricothyrotomy" in err
    catalog = load_skill_catalog()
    layer = import_configuration(output.read_bytes(), catalog, LayerKind.AGENCY, "roundtrip")
    national = load_compiled_scope(None)
    permitted_by_table = {rule.skill for rule in layer.rules}
    coded_and_permitted = {s.slug for s in catalog if s.code and national.permitted_levels(s.slug)}
    assert coded_and_permitted <= permitted_by_table | {s.slug for s in catalog if s.code is None}


def test_export_nemsis_refuses_a_bad_state_code(tmp_path: object) -> None:
    code, _, err = scope("export-nemsis", "-o", f"{tmp_path}/x.xml", "--state-fips", "WA")
    assert code == 1 and "state_fips" in err
