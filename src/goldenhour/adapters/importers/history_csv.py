"""The generic history CSV: one unit response per row, times in ISO 8601 with a zone.

Columns (the header names them; order is free)::

    incident,unit,priority,zone,psap_call,unit_notified,en_route,on_scene
    [at_patient,left_scene,at_destination,transfer_of_care,back_in_service,cancelled]
    [lon,lat,address,dispatch_reason,call_type,unit_type]

An empty cell is a missing stamp. ``cancelled`` is the unit's cancel time (NEMSIS eTimes.14).
``lon``/``lat`` (WGS84), ``address``, ``dispatch_reason`` (NEMSIS eDispatch.01) and
``call_type`` (the old CAD's own) and ``unit_type`` (transport, first-response, supervisor)
are only read when the history is stored. Every problem is
reported with its row; nothing is returned from a file that has one.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

from goldenhour.domain.quality.history import UnitResponse
from goldenhour.domain.quality.intervals import Stamp
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput

REQUIRED = ("incident", "unit", "priority", "zone", *(s.value for s in list(Stamp)[:4]))
OPTIONAL_STAMPS = tuple(s.value for s in list(Stamp)[4:])


def problem(row: int, column: str, what: str) -> FieldProblem:
    """A problem in one cell: row counted as a spreadsheet does (the header is row 1)."""
    return FieldProblem(f"row {row}: {column}", what)


def refused(path: Path, problems: list[FieldProblem]) -> InvalidInput:
    return InvalidInput(f"{len(problems)} problems in {path.name}; nothing was read", problems)


def read_generic_csv(path: Path) -> list[UnitResponse]:
    """Every row of ``path``; InvalidInput listing every problem by row otherwise."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        return _rows(path, reader)


def _rows(path: Path, reader: csv.DictReader[str]) -> list[UnitResponse]:
    header = reader.fieldnames or []
    absent = [name for name in REQUIRED if name not in header]
    if absent:
        raise refused(path, [problem(1, name, "column missing") for name in absent])
    responses: list[UnitResponse] = []
    problems: list[FieldProblem] = []
    for number, raw in enumerate(reader, start=2):
        found, wrong = _row(number, raw)
        problems += wrong
        if found is not None:
            responses.append(found)
    if problems:
        raise refused(path, problems)
    return responses


def _row(number: int, raw: dict[str, str | None]) -> tuple[UnitResponse | None, list[FieldProblem]]:
    problems: list[FieldProblem] = []
    cell = {k: (v or "").strip() for k, v in raw.items() if k is not None}
    for name in ("incident", "unit"):
        if not cell.get(name):
            problems.append(problem(number, name, "required"))
    times: dict[Stamp, datetime] = {}
    for stamp in Stamp:
        text = cell.get(stamp.value, "")
        if not text:
            continue
        try:
            at = datetime.fromisoformat(text)
        except ValueError:
            problems.append(problem(number, stamp.value, f"not an ISO 8601 time: {text!r}"))
            continue
        if at.tzinfo is None:
            problems.append(problem(number, stamp.value, f"time without a zone: {text!r}"))
            continue
        times[stamp] = at
    lon, lat = (
        _coordinate(number, cell, "lon", 180, problems),
        _coordinate(number, cell, "lat", 90, problems),
    )
    if problems:
        return None, problems
    return (
        UnitResponse(
            row=number,
            incident=cell["incident"],
            unit=cell["unit"],
            priority=cell.get("priority", ""),
            zone=cell.get("zone", ""),
            times=times,
            cancelled=Stamp.CANCELLED in times,
            lon=lon,
            lat=lat,
            address=cell.get("address") or None,
            call_type=cell.get("call_type") or None,
            dispatch_reason=cell.get("dispatch_reason") or None,
            unit_type=cell.get("unit_type") or None,
        ),
        [],
    )


def _coordinate(
    number: int, cell: dict[str, str], name: str, limit: float, problems: list[FieldProblem]
) -> float | None:
    text = cell.get(name, "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(problem(number, name, f"not a number: {text!r}"))
        return None
    if not -limit <= value <= limit:
        problems.append(problem(number, name, f"out of range: {value}"))
        return None
    return value
