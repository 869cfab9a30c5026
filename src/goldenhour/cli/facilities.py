"""``goldenhour facilities``: load hospitals into an agency's destination registry."""

from __future__ import annotations

from pathlib import Path

import typer

from goldenhour.adapters.importers.facilities import (
    apply_cms_emergency_services,
    demo_facilities,
    read_cms,
    read_hifld,
)
from goldenhour.adapters.routing import load_region
from goldenhour.cli import runtime
from goldenhour.cli.common import json_option, one_line_errors, print_json
from goldenhour.services.accounts import users as accounts
from goldenhour.services.destination import facilities

app = typer.Typer(help="Hospitals and other destinations.", no_args_is_help=True)


@app.command("import")
def import_file(
    file: Path = typer.Argument(..., help="HIFLD hospitals CSV."),
    agency: str = typer.Option(..., "--agency", help="Agency slug."),
    region: str = typer.Option(..., "--region", help="Keep facilities inside this region."),
    cms: Path | None = typer.Option(
        None, "--cms", help="CMS Hospital General Information CSV (emergency services flag)."
    ),
    as_json: bool = json_option(),
) -> None:
    """Import the hospitals inside the region's bounding box; skipped rows are reported."""
    with one_line_errors():
        bbox = load_region(region, runtime.settings()).bbox
        found, report = read_hifld(file, bbox)
        joined = None
        if cms is not None:
            found, joined = apply_cms_emergency_services(found, read_cms(cms)[0])
        with runtime.unit_of_work() as uow:
            agency_id = accounts.agency_by_slug(uow, agency).id
            created, updated = facilities.import_facilities(uow, None, agency_id, found)
    summary = {
        "rows": report.rows,
        "outside_region": report.outside_bbox,
        "created": created,
        "updated": updated,
        "skipped": [{"line": n.line, "name": n.name, "why": n.text} for n in report.skipped],
        "notes": [{"line": n.line, "name": n.name, "note": n.text} for n in report.notes],
        "cms_unmatched": list(joined.unmatched) if joined else None,
    }
    if as_json:
        print_json(summary)
        return
    typer.echo(
        f"{created} facilities added, {updated} updated "
        f"({report.outside_bbox} rows outside the region)"
    )
    for note in report.skipped:
        typer.echo(f"  skipped line {note.line} {note.name}: {note.text}")
    for note in report.notes:
        typer.echo(f"  note line {note.line} {note.name}: {note.text}")


@app.command("demo")
def demo(
    agency: str = typer.Option(..., "--agency", help="Agency slug."),
    region: str = typer.Option("demo", "--region", help="A generated demo region."),
) -> None:
    """Register the demo region's hospitals, with a realistic mix of capabilities."""
    with one_line_errors():
        found = demo_facilities(load_region(region, runtime.settings()).hospitals)
        with runtime.unit_of_work() as uow:
            agency_id = accounts.agency_by_slug(uow, agency).id
            created, updated = facilities.import_facilities(uow, None, agency_id, found)
    typer.echo(f"{created} demo facilities added, {updated} updated")
