"""``goldenhour scope``: ask the scope-of-practice rules a question, or print the whole table.

``check`` builds a hypothetical provider holding one certification (and any endorsements) and
asks the same pure decision the API and the patient care record use; ``matrix`` prints skills
x levels for a jurisdiction, so a medical director can review an overlay at a glance.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from goldenhour.adapters.nemsis.configuration import export_configuration
from goldenhour.adapters.refdata.scope import load_compiled_scope
from goldenhour.adapters.refdata.skills import load_skill_catalog
from goldenhour.cli.common import json_option, one_line_errors, print_json
from goldenhour.domain.credentials.certification_levels import (
    LEVELS,
    Level,
    ladder_rank,
    parse_level,
)
from goldenhour.domain.credentials.certifications import Certification, Credentials, Endorsement
from goldenhour.domain.scope.decision import CompiledScope, decide
from goldenhour.domain.scope.rules import Resolution
from goldenhour.domain.shared.errors import InvalidInput

app = typer.Typer(help="Scope of practice: who may do what.", no_args_is_help=True)


@app.command("check")
def check(
    level: str = typer.Option(..., "--level", help="Certification level: code, slug or name."),
    skill: str = typer.Option(..., "--skill", help="Skill: slug, name or code."),
    jurisdiction: str | None = typer.Option(None, "--jurisdiction", help="State overlay, e.g. XA."),
    endorsement: list[str] = typer.Option(
        [], "--endorsement", help="Endorsement held, NAME or NAME:YYYY-MM-DD (expiry); repeatable."
    ),
    expires: str | None = typer.Option(None, "--expires", help="Certification expiry date."),
    at: str | None = typer.Option(None, "--at", help="When (ISO date-time; default now, UTC)."),
    as_json: bool = json_option(),
) -> None:
    """May a provider at LEVEL perform SKILL (here, at this time)?"""
    with one_line_errors():
        scope = load_compiled_scope(jurisdiction.upper() if jurisdiction else None)
        cert = Certification(
            parse_level(level, "--level"),
            number="hypothetical",
            issuing_state=scope.jurisdiction,
            expires=_date(expires, "--expires") if expires else None,
        )
        held = tuple(_endorsement(text) for text in endorsement)
        the_skill = load_skill_catalog().parse(skill, "--skill")
        when = _datetime(at) if at else datetime.now(UTC)
        result = decide(scope, Credentials("cli", (cert,), held), the_skill.slug, when)
    if as_json:
        print_json(result.as_dict())
        return
    where = f" in {scope.jurisdiction}" if scope.jurisdiction else ""
    typer.echo(f"{result.decision.value}: {cert.level.name} / {the_skill.name}{where}")
    for reason in result.reasons:
        typer.echo(f"  - [{reason.layer}] {reason.detail}")


@app.command("matrix")
def matrix(
    jurisdiction: str | None = typer.Option(None, "--jurisdiction", help="State overlay, e.g. XA."),
    as_json: bool = json_option(),
) -> None:
    """The table of skills x levels under the national model (and a state overlay)."""
    with one_line_errors():
        scope = load_compiled_scope(jurisdiction.upper() if jurisdiction else None)
    levels = _matrix_levels(scope)
    catalog = load_skill_catalog()
    if as_json:
        print_json(
            {
                "jurisdiction": scope.jurisdiction,
                "levels": [level.slug for level in levels],
                "skills": {
                    s.slug: {lv.slug: _cell_words(scope.summary(s.slug, lv)) for lv in levels}
                    for s in catalog
                },
            }
        )
        return
    title = f"Scope of practice: {scope.jurisdiction or 'national model'}"
    if any(layer.example for layer in scope.layers):
        title += " (EXAMPLE data, not a real state's rules)"
    table = Table(title=title, caption="Y allowed  E endorsement  MC online medical control")
    table.add_column("skill", no_wrap=True)
    for level in levels:
        table.add_column(level.abbreviation, justify="center")
    for s in catalog:
        table.add_row(s.slug, *(_cell_mark(scope.summary(s.slug, lv)) for lv in levels))
    console = Console()
    console.width = max(console.width, table.__rich_measure__(console, console.options).maximum)
    console.print(table)


@app.command("export-nemsis")
def export_nemsis(
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the XML."),
    dataset: str = typer.Option("DEM", "--dataset", help="DEM (dConfiguration) or STATE."),
    state_fips: str = typer.Option(..., "--state-fips", help="Two-digit ANSI state code."),
    jurisdiction: str | None = typer.Option(None, "--jurisdiction", help="State overlay, e.g. XA."),
) -> None:
    """Write the levels permitted per procedure and medication as NEMSIS configuration XML."""
    with one_line_errors():
        kind = dataset.upper()
        if kind not in ("DEM", "STATE"):
            raise InvalidInput.for_field("--dataset", "must be DEM or STATE")
        scope = load_compiled_scope(jurisdiction.upper() if jurisdiction else None)
        exported = export_configuration(
            scope, load_skill_catalog(), "DEM" if kind == "DEM" else "STATE", state_fips
        )
        output.write_bytes(exported.xml)
    typer.echo(f"wrote {output}")
    if exported.skipped:
        typer.echo(f"not in NEMSIS (no code): {', '.join(exported.skipped)}", err=True)


def _matrix_levels(scope: CompiledScope) -> list[Level]:
    """The EMS ladder plus any other profession the rules place on it, in ladder order."""
    placed = [lv for lv in LEVELS if ladder_rank(lv, scope.placement) is not None]
    return sorted(placed, key=lambda lv: (ladder_rank(lv, scope.placement) or 0, lv.rank is None))


def _cell_words(resolution: Resolution) -> list[str]:
    if not resolution.permitted:
        return ["denied"]
    words = [f"endorsement:{name}" for name in sorted(resolution.endorsements)]
    words += ["medical_control"] if resolution.medical_control else []
    return words or ["allowed"]


def _cell_mark(resolution: Resolution) -> str:
    if not resolution.permitted:
        return "."
    marks = ["E"] if resolution.endorsements else []
    marks += ["MC"] if resolution.medical_control else []
    return "+".join(marks) or "Y"


def _endorsement(text: str) -> Endorsement:
    name, _, expiry = text.partition(":")
    return Endorsement(name.strip(), _date(expiry, "--endorsement") if expiry else None)


def _date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput.for_field(option, f"{text!r} is not a date (YYYY-MM-DD)") from None


def _datetime(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput.for_field("--at", f"{text!r} is not an ISO date-time") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
