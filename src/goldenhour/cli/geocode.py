"""``goldenhour geocode``: what a dispatcher types, as ranked points on the region's map."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import typer

from goldenhour.adapters.geocoding import load_gazetteer
from goldenhour.cli.common import json_option, one_line_errors, print_json
from goldenhour.cli.network import parse_lonlat
from goldenhour.config import Settings
from goldenhour.domain.addresses import geocode as find
from goldenhour.domain.addresses import reverse
from goldenhour.domain.shared.errors import InvalidInput


def geocode(
    text: str | None = typer.Argument(
        None, help='e.g. "3rd Ave / James St", "300 Block of MAIN ST"'
    ),
    region: str | None = typer.Option(
        None, "--region", help="Region name (default: $GOLDENHOUR_REGION)."
    ),
    csv_file: Path | None = typer.Option(
        None, "--csv", help="A CSV file with an 'address' column: one answer per row, in order."
    ),
    at: str | None = typer.Option(None, "--reverse", help="LON,LAT: the address at a point."),
    limit: int = typer.Option(5, "--limit", min=1, max=50, help="Candidates to show."),
    as_json: bool = json_option(),
) -> None:
    """Find an address, intersection, block or place on the region's map (offline)."""
    settings = Settings.from_env()
    with one_line_errors():
        if sum(x is not None for x in (text, csv_file, at)) != 1:
            raise InvalidInput("give exactly one of: an address, --csv FILE, --reverse LON,LAT")
        gazetteer = load_gazetteer(region or settings.region, settings)
        if at is not None:
            found = reverse(gazetteer, parse_lonlat(at, "--reverse"))
            answer = found.as_dict() if found else None
            if as_json:
                print_json(answer)
            else:
                typer.echo(found.label if found else "no street within 1 km")
            return
        if csv_file is not None:
            for address in _addresses(csv_file):
                best = find(gazetteer, address, 1)
                first = best[0].as_dict() if best else None
                row = {"address": address, "best": first}
                typer.echo(json.dumps(row) if as_json else _line(address, first))
            return
        assert text is not None
        candidates = [c.as_dict() for c in find(gazetteer, text, limit)]
    if as_json:
        print_json(candidates)
    elif not candidates:
        typer.echo("no match")
        raise typer.Exit(2)
    else:
        for c in candidates:
            typer.echo(_line(c["label"], c))


def _line(label: str, c: dict[str, Any] | None) -> str:
    if c is None:
        return f"{label}: no match"
    flag = " (approximate)" if c["approximate"] else ""
    return f"{c['lon']:.6f},{c['lat']:.6f}  {c['confidence']:.2f}  {c['kind']:<12} {label}{flag}"


def _addresses(path: Path) -> list[str]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            columns = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
            if "address" not in columns:
                raise InvalidInput.for_field("--csv", f"{path.name} has no 'address' column")
            return [(row[columns["address"]] or "").strip() for row in reader]
    except OSError as exc:
        raise InvalidInput.for_field("--csv", f"{path}: {exc.strerror}") from None
