"""Reading a provider roster from CSV: one row per certification, grouped by provider.

Columns (header required, order free): ``external_id, first_name, last_name, level,
certification_number, issuing_state, issued, expires`` and optional ``status`` (default
active) and ``endorsements`` (``name`` or ``name:YYYY-MM-DD`` separated by ``;``). Every problem
is reported as ``row N: column: problem``, where row 1 is the header, so a roster clerk can go
straight to the cell.
"""

from __future__ import annotations

import csv
import io
from datetime import date

from goldenhour.domain.credentials.roster import (
    CertificationInput,
    EndorsementInput,
    ProviderInput,
)
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput

REQUIRED = (
    "external_id",
    "first_name",
    "last_name",
    "level",
    "certification_number",
    "issuing_state",
    "issued",
    "expires",
)
OPTIONAL = ("status", "endorsements")


def read_roster(text: str) -> tuple[list[ProviderInput], list[str]]:
    """Providers in the file and, for each, the label of its first row (for error messages)."""
    # newline="": the csv module then reads CRLF, LF and a bare CR (old spreadsheet exports) as
    # line ends, and line breaks inside quoted fields as text.
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        return _read(reader)
    except csv.Error as exc:
        # line_num counts the lines read before the one the reader choked on
        raise InvalidInput.for_field(
            f"row {reader.line_num + 1}", f"not valid CSV: {exc}"
        ) from None


def _read(reader: csv.DictReader[str]) -> tuple[list[ProviderInput], list[str]]:
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in REQUIRED + OPTIONAL]
    if missing or unknown:
        columns = [FieldProblem("row 1", f"missing column {name!r}") for name in missing]
        columns += [FieldProblem("row 1", f"unknown column {name!r}") for name in unknown]
        raise InvalidInput("; ".join(str(p) for p in columns), columns)
    problems: list[FieldProblem] = []
    grouped: dict[
        str, tuple[str, dict[str, str], list[CertificationInput], list[EndorsementInput]]
    ] = {}
    for number, raw in enumerate(reader, start=2):
        row = {key.strip(): (value or "").strip() for key, value in raw.items() if key}
        where = f"row {number}: "
        cert = CertificationInput(
            level=row["level"],
            number=row["certification_number"],
            issuing_state=row["issuing_state"].upper() or None,
            issued=_date(row["issued"], f"{where}issued", problems),
            expires=_date(row["expires"], f"{where}expires", problems),
            status=row.get("status") or "active",
            source=where,
        )
        endorsements = _endorsements(row.get("endorsements", ""), f"{where}endorsements", problems)
        key = row["external_id"]
        if key in grouped:
            label, names, certs, held = grouped[key]
            if (names["first_name"], names["last_name"]) != (row["first_name"], row["last_name"]):
                problems.append(
                    FieldProblem(
                        f"{where}last_name", f"{key!r} has a different name on {label.rstrip(': ')}"
                    )
                )
            certs.append(cert)
            held.extend(endorsements)
        else:
            grouped[key] = (where, row, [cert], endorsements)
    if not grouped and not problems:
        raise InvalidInput.for_field("row 2", "the roster has no provider rows")
    if problems:
        raise InvalidInput("; ".join(str(p) for p in problems), problems)
    providers = [
        ProviderInput(key, row["first_name"], row["last_name"], tuple(certs), tuple(held))
        for key, (_, row, certs, held) in grouped.items()
    ]
    return providers, [where for where, *_ in grouped.values()]


def _date(text: str, field: str, problems: list[FieldProblem]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        problems.append(FieldProblem(field, f"{text!r} is not a date (YYYY-MM-DD)"))
        return None


def _endorsements(text: str, field: str, problems: list[FieldProblem]) -> list[EndorsementInput]:
    held = []
    for item in filter(None, (part.strip() for part in text.split(";"))):
        name, _, until = item.partition(":")
        held.append(EndorsementInput(name.strip(), _date(until.strip(), field, problems)))
    return held
