"""``goldenhour config reference``: every setting GoldenHour reads, generated from the settings
object itself (names, defaults), so the deployment guide's table cannot fall behind the code
(``tests/unit/test_config_reference.py`` compares the two)."""

from __future__ import annotations

import dataclasses

import typer

from goldenhour.config import DEV_SECRET, REPO_ROOT, Settings

app = typer.Typer(help="The settings GoldenHour reads.", no_args_is_help=True)

# Why an operator would set each one; the names and defaults come from ``Settings``.
MEANING = {
    "environment": "`production` (or anything but `development`) refuses the built-in secret",
    "data_dir": "road regions, geocoding indexes and the embedded SQLite database live here",
    "database_url": "`postgresql://USER:PASSWORD@HOST:5432/DB` for PostgreSQL (required for "
    "several server processes); empty: SQLite in the data directory",
    "secret_key": "signs sign-in tokens and stream tickets: a long random value, kept private",
    "token_ttl_seconds": "how long a sign-in lasts",
    "max_body_bytes": "larger request bodies are refused with 413",
    "refdata": "third-party reference data (NEMSIS, OpenStreetMap extracts...)",
    "region": "the road region dispatch uses (`goldenhour network import ... --name NAME`)",
    "triage_protocol": "the agency's edited triage protocol file; empty: the shipped one",
    "stale_position_s": "a unit position older than this is flagged and not used",
    "offload_threshold_s": "arrival to transfer of care longer than this raises an alert",
    "alert_limits": "the agency's overdue limits by unit status (TOML); empty: shipped",
    "clock_skew_s": "a call time this many seconds ahead of the server (a PSAP's clock) is "
    "taken as now and noted, not refused",
    "map_tile_url": "a tile server for the board's map, `https://.../{z}/{x}/{y}.png`; empty: "
    "roads only",
    "case_definitions": "the agency's surveillance case definitions; empty: shipped",
    "log_format": "`text`, or `json` for one JSON object per line",
    "metrics_token": "when set, `GET /metrics` asks for it as a bearer token",
    "failed_sign_in_pause_ms": "a wrong password (or a sign-in refused while it must wait) is "
    "answered after this pause, holding nothing: a client guessing in a loop slows only itself",
}


def variable(field: str) -> str:
    return "GOLDENHOUR_ENV" if field == "environment" else f"GOLDENHOUR_{field.upper()}"


def reference_markdown() -> str:
    """The settings as a Markdown table (what ``docs/deploy.md`` holds); REPO is the source
    checkout (or the installed package's root)."""
    lines = ["| variable | default | what it is for |", "| --- | --- | --- |"]
    for field in dataclasses.fields(Settings):
        default = field.default
        if default == DEV_SECRET:
            shown = "a development-only value"
        elif default is None or default == "":
            shown = "(empty)"
        else:
            text = (
                str(default)
                .replace(str(REPO_ROOT), "REPO")
                .replace(str(REPO_ROOT.parent), "REPO/..")
            )
            shown = f"`{text}`"
        lines.append(f"| `{variable(field.name)}` | {shown} | {MEANING[field.name]} |")
    return "\n".join(lines) + "\n"


@app.command()
def reference() -> None:
    """Print every setting (environment variable, default, purpose) as Markdown."""
    typer.echo(reference_markdown(), nl=False)
