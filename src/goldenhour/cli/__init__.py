"""The ``goldenhour`` command: one Typer app, one sub-command group per EMS concern.

Errors from any layer print as one line on stderr with a non-zero exit (see ``run``), so
scripts and people both get a clear answer.
"""

from __future__ import annotations

import typer

from goldenhour import __version__
from goldenhour.cli import (
    accounts,
    audit,
    db,
    facilities,
    geocode,
    nemsis,
    network,
    planning,
    providers,
    quality,
    scope,
    server,
    surveillance,
)

app = typer.Typer(
    name="goldenhour",
    help="GoldenHour: run an Emergency Medical Services system.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"goldenhour {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """GoldenHour: run an Emergency Medical Services system."""


app.command()(server.serve)
app.command()(server.openapi)
app.add_typer(db.app, name="db")
app.add_typer(accounts.agency_app, name="agency")
app.add_typer(accounts.user_app, name="user")
app.add_typer(audit.app, name="audit")
app.add_typer(providers.app, name="providers")
app.add_typer(scope.app, name="scope")
app.add_typer(network.app, name="network")
app.add_typer(nemsis.app, name="nemsis")
app.add_typer(facilities.app, name="facilities")
app.add_typer(planning.app, name="plan")
app.add_typer(surveillance.app, name="surveillance")
app.command(name="geocode")(geocode.geocode)
app.add_typer(quality.app, name="quality")
app.add_typer(quality.incidents_app, name="incidents")

from goldenhour.cli import demo  # noqa: E402

app.command(name="demo")(demo.demo)
