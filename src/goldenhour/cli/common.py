"""Helpers every CLI group shares: one-line errors and JSON output."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer

from goldenhour.domain.shared.errors import GoldenHourError, InvalidInput


@contextmanager
def one_line_errors() -> Iterator[None]:
    """Turn a GoldenHour error into ``error: ...`` on stderr and exit status 1."""
    try:
        yield
    except GoldenHourError as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise typer.Exit(1) from None


@contextmanager
def problems_listed() -> Iterator[None]:
    """Like :func:`one_line_errors`, then one indented line per problem of a refused import,
    so an agency fixes the whole file in one pass."""
    with one_line_errors():
        try:
            yield
        except InvalidInput as exc:
            typer.echo(f"error: {exc.detail}", err=True)
            for problem in exc.errors:
                typer.echo(f"  {problem}", err=True)
            raise typer.Exit(1) from None


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, sort_keys=True, default=str) + "\n")


def json_option() -> Any:
    return typer.Option(False, "--json", help="Print machine-readable JSON.")


__all__ = ["one_line_errors", "print_json", "problems_listed", "json_option"]
