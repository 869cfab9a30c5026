"""``goldenhour agency`` and ``goldenhour user``: bootstrap agencies and their first users."""

from __future__ import annotations

import typer

from goldenhour.cli import runtime
from goldenhour.cli.common import json_option, one_line_errors, print_json
from goldenhour.services.accounts import crew_accounts
from goldenhour.services.accounts import users as accounts

agency_app = typer.Typer(help="Agencies (EMS services).", no_args_is_help=True)
user_app = typer.Typer(help="User accounts.", no_args_is_help=True)


@agency_app.command("create")
def create_agency(
    slug: str = typer.Argument(..., help="Short name, e.g. 'king-county-ems'."),
    name: str = typer.Option(..., "--name", help="Full name of the agency."),
    state: str = typer.Option(..., "--state", help="Two-letter state whose scope rules apply."),
    as_json: bool = json_option(),
) -> None:
    """Create an agency."""
    with one_line_errors(), runtime.unit_of_work() as uow:
        agency = accounts.create_agency(uow, slug, name, state)
        if as_json:
            print_json({"id": agency.id, "slug": agency.slug, "name": agency.name})
        else:
            typer.echo(f"agency {agency.slug} created (id {agency.id})")


@user_app.command("create")
def create_user(
    username: str = typer.Argument(...),
    agency: str = typer.Option(..., "--agency", help="Agency slug."),
    full_name: str = typer.Option(..., "--name", help="The person's full name."),
    role: list[str] = typer.Option(..., "--role", help="Role; repeat for several."),
    provider: str | None = typer.Option(
        None, "--provider", help="Roster ID of the crew member this account belongs to."
    ),
    password: str = typer.Option(
        ..., "--password", prompt=True, hide_input=True, envvar="GOLDENHOUR_NEW_PASSWORD"
    ),
    as_json: bool = json_option(),
) -> None:
    """Create a user in an agency (with --provider: a crew member's own account)."""
    with one_line_errors(), runtime.unit_of_work() as uow:
        agency_row = accounts.agency_by_slug(uow, agency)
        provider_id = None
        if provider is not None:  # checked before the user exists: all or nothing
            provider_id = crew_accounts.free_provider(uow, agency_row.id, provider)
        user = accounts.create_user(uow, None, agency_row.id, username, full_name, password, role)
        if provider_id is not None:
            crew_accounts.link_provider(uow, None, agency_row.id, user.id, provider_id)
        if as_json:
            print_json(
                {
                    "id": user.id,
                    "username": user.username,
                    "roles": user.roles.split(),
                    "provider_id": user.provider_id,
                }
            )
        else:
            typer.echo(f"user {user.username} created in {agency} with roles {user.roles}")
