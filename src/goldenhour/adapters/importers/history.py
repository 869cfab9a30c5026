"""Read an old CAD's history file in whichever supported format it is in."""

from __future__ import annotations

import csv
from pathlib import Path

from goldenhour.adapters.importers.history_csv import read_generic_csv
from goldenhour.adapters.importers.sf_calls import looks_like_sf_export, read_sf_export
from goldenhour.domain.quality.history import UnitResponse
from goldenhour.domain.shared.errors import InvalidInput

FORMATS = ("generic", "sf")


def read_history(path: Path, fmt: str | None = None) -> tuple[str, list[UnitResponse]]:
    """The format (``generic`` or ``sf``, found from the header unless given) and every row."""
    if fmt is not None and fmt not in FORMATS:
        raise InvalidInput.for_field("format", f"unknown {fmt!r}; expected {', '.join(FORMATS)}")
    if fmt is None:
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                header = next(csv.reader(handle), [])
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput.for_field(str(path), f"cannot read: {exc}") from None
        fmt = "sf" if looks_like_sf_export(header) else "generic"
    return fmt, read_sf_export(path) if fmt == "sf" else read_generic_csv(path)
