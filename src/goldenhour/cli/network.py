"""``goldenhour network``: import road networks, build the demo county, ask for ETAs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from goldenhour.adapters.geocoding import build_demo_addresses, import_addresses
from goldenhour.adapters.routing import (
    MODES,
    build_demo,
    import_network,
    list_regions,
    load_region,
    region_header,
    regions_dir,
)
from goldenhour.adapters.routing.speeds import SpeedProfile
from goldenhour.cli.common import json_option, one_line_errors, print_json
from goldenhour.config import Settings
from goldenhour.domain.shared.errors import InvalidInput

app = typer.Typer(help="Road networks and travel times.", no_args_is_help=True)


@contextmanager
def _progress_bar(title: str) -> Iterator[Callable[[str, float], None]]:
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task(title, total=100)

        def report(stage: str, fraction: float) -> None:
            bar.update(task, description=f"{title}: {stage}", completed=100 * fraction)

        yield report


def _summary(header: dict[str, Any]) -> str:
    b = header["bbox"]
    return (
        f"region {header['name']}: {header['nodes']:,} nodes, {header['arcs']:,} arcs, "
        f"bbox ({b[0]:.5f}, {b[1]:.5f})-({b[2]:.5f}, {b[3]:.5f})"
    )


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="OSM (.osm.pbf/.osm/.osm.bz2) or JEMSS (.zip/folder)."),
    name: str = typer.Option(..., "--name", help="Region name to store it under."),
    speed_profile: Path | None = typer.Option(
        None, "--speed-profile", help="TOML file overriding speeds per road class (OSM only)."
    ),
    address_origin: str | None = typer.Option(
        None,
        "--address-origin",
        help="LON,LAT where house numbering starts, for streets with no mapped numbers.",
    ),
) -> None:
    """Import a road network file as a named region (the old one stays if this fails).

    An OpenStreetMap file also gives the region its addresses (street names, house numbers,
    named places) for ``goldenhour geocode``.
    """
    settings = Settings.from_env()
    with one_line_errors(), _progress_bar(f"importing {file.name}") as report:
        origin = parse_lonlat(address_origin, "--address-origin") if address_origin else None
        profile = SpeedProfile.from_toml(speed_profile) if speed_profile else SpeedProfile()
        header = import_network(file, name, settings, report, profile)
        found = None
        if header["source"]["kind"] == "osm":
            report("reading addresses", 0.97)
            found = import_addresses(file, name, settings, origin)
    typer.echo(_summary(header))
    if found is not None:
        typer.echo(
            f"addresses: {found['streets']:,} named streets, {found['addresses']:,} house "
            f"numbers, {found['ranges']:,} interpolation lines, {found['places']:,} named places"
        )


@app.command("demo")
def demo(
    name: str = typer.Option("demo", "--name", help="Region name to store it under."),
    size: int = typer.Option(20_000, "--size", help="About how many road nodes."),
    seed: int = typer.Option(1, "--seed", help="Same seed, same county."),
) -> None:
    """Build the deterministic demo county with stations, hospitals and named places."""
    settings = Settings.from_env()
    with one_line_errors(), _progress_bar("building demo region") as report:
        header = build_demo(name, size, seed, settings, report)
        build_demo_addresses(load_region(name, settings), settings)
    kinds = [p["kind"] for p in header["places"]]
    typer.echo(
        f"{_summary(header)}; {kinds.count('station')} stations, "
        f"{kinds.count('hospital')} hospitals, {kinds.count('place')} named places"
    )


@app.command("list")
def list_(as_json: bool = json_option()) -> None:
    """List the stored regions."""
    names = list_regions(regions_dir(Settings.from_env()))
    if as_json:
        print_json(names)
    else:
        typer.echo("\n".join(names) if names else "no regions yet")


@app.command("info")
def info(name: str = typer.Argument(...), as_json: bool = json_option()) -> None:
    """Describe a stored region: source, size, bounding box, places."""
    with one_line_errors():
        header = region_header(name, Settings.from_env())
    if as_json:
        print_json(header)
        return
    source = header.get("source", {})
    typer.echo(_summary(header))
    typer.echo(f"source: {source.get('kind')} {source.get('file', '')}".rstrip())
    if source.get("kind") == "demo":
        typer.echo(f"demo size {source.get('size')}, seed {source.get('seed')}")
    typer.echo(f"created: {header.get('created_at')}; modes: {', '.join(header['modes'])}")
    typer.echo(f"dropped nodes (outside the main connected network): {header['dropped_nodes']}")
    for place in header.get("places", []):
        typer.echo(
            f"  {place['kind']:<8} {place['id']:<5} {place['name']:<32} "
            f"{place['lon']:.6f},{place['lat']:.6f}"
        )


def parse_lonlat(raw: str, option: str) -> tuple[float, float]:
    parts = raw.split(",")
    try:
        if len(parts) != 2:
            raise ValueError
        return float(parts[0]), float(parts[1])
    except ValueError:
        raise InvalidInput.for_field(option, f"expected LON,LAT, got {raw!r}") from None


@app.command("eta")
def eta(
    name: str = typer.Argument(...),
    origin: str = typer.Option(..., "--from", help="LON,LAT"),
    destination: str = typer.Option(..., "--to", help="LON,LAT"),
    mode: str = typer.Option("emergency", "--mode", help=" | ".join(MODES)),
    as_json: bool = json_option(),
) -> None:
    """Travel time between two points, in seconds, over the region's roads."""
    with one_line_errors():
        start, end = parse_lonlat(origin, "--from"), parse_lonlat(destination, "--to")
        region = load_region(name, Settings.from_env())
        from_snap = region.snap(*start, what="--from")
        to_snap = region.snap(*end, what="--to")
        route = region.route(start, end, mode)
    result = {
        "region": name,
        "mode": mode,
        "seconds": round(route.seconds, 2) if route.path else None,
        "distance_m": round(route.distance_m, 1) if route.path else None,
        "from": {"lon": start[0], "lat": start[1], "snap_m": round(from_snap.distance_m, 1)},
        "to": {"lon": end[0], "lat": end[1], "snap_m": round(to_snap.distance_m, 1)},
        "path_points": len(route.path),
    }
    if as_json:
        print_json(result)
    elif not route.path:
        typer.echo("unreachable: no road route between these points")
        raise typer.Exit(2)
    else:
        minutes, seconds = divmod(route.seconds, 60)
        typer.echo(
            f"{route.seconds:.1f} s ({int(minutes)} min {seconds:.0f} s), "
            f"{route.distance_m / 1000:.2f} km, {mode}"
        )
