"""``--from-db`` for ``goldenhour plan``: the agency's stored calls on its region's roads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import typer

from goldenhour.adapters.routing import load_region
from goldenhour.cli import runtime
from goldenhour.domain.planning.simulation.history import HistoricCalls
from goldenhour.domain.planning.simulation.model import FleetUnit
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.accounts import users as accounts
from goldenhour.services.planning.history import (
    RegionPlaces,
    agency_fleet,
    historic_calls,
    region_places,
    stored_calls,
)

# The options naming the stored data, shared by `plan locate` and `plan simulate`.
AGENCY = typer.Option(None, "--agency", help="Agency slug (--from-db).")
REGION = typer.Option(None, "--region", help="Road region (--from-db).")
SINCE = typer.Option(None, "--since", help="First day, YYYY-MM-DD (--from-db).")
UNTIL = typer.Option(None, "--until", help="Day after the last (--from-db).")


@dataclass(frozen=True)
class StoredData:
    places: RegionPlaces
    calls: HistoricCalls
    fleet: tuple[FleetUnit, ...] | None


def _day(text: str | None, field: str) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise InvalidInput.for_field(field, f"{text!r} is not a date YYYY-MM-DD") from None


def stored_data(
    agency: str | None,
    region: str | None,
    since: str | None,
    until: str | None,
    with_fleet: bool,
) -> StoredData:
    """The region's places, the agency's calls in [since, until) (UTC days) and, when asked,
    its active units at the region's stations."""
    if not agency:
        raise InvalidInput.for_field("agency", "is required with --from-db")
    if not region:
        raise InvalidInput.for_field("region", "is required with --from-db")
    start, end = _day(since, "since"), _day(until, "until")
    typer.echo(f"routing the region {region!r} ...", err=True)
    places = region_places(load_region(region, runtime.settings()))
    with runtime.unit_of_work() as uow:
        agency_id = accounts.agency_by_slug(uow, agency).id
        calls = historic_calls(stored_calls(uow, agency_id, start, end), places)
        fleet = agency_fleet(uow, agency_id, places) if with_fleet else None
    return StoredData(places, calls, fleet)
