"""The ``goldenhour`` command: one root, one sub-command group per EMS concern.

Sub-commands are imported only when named, so ``goldenhour --version`` and ``--help`` start in
a fraction of a second instead of importing the web app, scipy and the road code every time
(``bench/cli_startup.py`` measures it). Errors from any layer print as one line on stderr with
a non-zero exit (``failures.one_line``), so scripts and people both get a clear answer.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass

import typer
from typer import _click as click  # Typer's own copy of click, which its groups are made of
from typer.core import TyperGroup

from goldenhour import __version__


@dataclass(frozen=True)
class Entry:
    module: str  # imported when the command is named
    attribute: str  # a Typer group, or a function that is one command
    help: str  # the line ``goldenhour --help`` shows without importing the module


COMMANDS = {
    "serve": Entry("server", "serve", "Serve GoldenHour on http://HOST:PORT (API, pages, docs)."),
    "openapi": Entry("server", "openapi", "Print the API's OpenAPI document."),
    "geocode": Entry("geocode", "geocode", "Find an address, intersection, block or place."),
    "demo": Entry("demo", "demo", "Serve GoldenHour with a simulated county (SQLite, demo)."),
    "db": Entry("db", "app", "Database schema migrations."),
    "call-types": Entry("call_types", "app", "An agency's CAD call types and what they mean."),
    "backup": Entry("backup", "backup", "Copy the database to a file (SQLite) or say how."),
    "restore": Entry("backup", "restore", "Put a backup back in place of the database."),
    "config": Entry("config_reference", "app", "The settings GoldenHour reads."),
    "agency": Entry("accounts", "agency_app", "Agencies (EMS services)."),
    "user": Entry("accounts", "user_app", "User accounts."),
    "audit": Entry("audit", "app", "The tamper-evident audit log."),
    "providers": Entry("providers", "app", "Providers and their certifications."),
    "scope": Entry("scope", "app", "Scope of practice: who may do what."),
    "network": Entry("network", "app", "Road networks and travel times."),
    "nemsis": Entry("nemsis", "app", "NEMSIS v3.5.1 files: validate, export, import."),
    "facilities": Entry("facilities", "app", "Hospitals and other destinations."),
    "plan": Entry("planning", "app", "Planning: location and queueing models, simulation."),
    "surveillance": Entry("surveillance", "app", "Public-health surveillance: clusters."),
    "quality": Entry("quality", "app", "Quality: response times and care measures."),
    "incidents": Entry("quality", "incidents_app", "Incidents: an old CAD's past calls."),
}


class LazyGroup(TyperGroup):
    """A group whose sub-commands are Typer apps imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        import typer.main

        entry = COMMANDS[cmd_name]
        found = getattr(importlib.import_module(f"goldenhour.cli.{entry.module}"), entry.attribute)
        if isinstance(found, typer.Typer):
            command: click.Command = typer.main.get_group(found)  # a group even of one command
        else:
            single = typer.Typer(pretty_exceptions_enable=False)
            single.command(name=cmd_name)(found)
            command = typer.main.get_command(single)
        command.name = cmd_name
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name].help) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="goldenhour",
    help="GoldenHour: run an Emergency Medical Services system.",
    cls=LazyGroup,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help, so listing the commands imports none of them
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"goldenhour {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """GoldenHour: run an Emergency Medical Services system."""


def main() -> None:
    """The ``goldenhour`` entry point: the command, with every failure as one line."""
    try:
        app(prog_name="goldenhour")
    except Exception as exc:  # the one place where any failure becomes one line
        from goldenhour.cli.failures import one_line

        message = one_line(exc)
        if message is None:
            raise
        click.echo(f"error: {message}", err=True)
        sys.exit(1)
