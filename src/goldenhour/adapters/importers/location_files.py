"""Plain CSV files a planner exports from their own GIS, read into a location problem.

``D.csv``: ``id,weight`` (demand points, e.g. calls a year). ``S.csv``: ``id`` and optionally
``capacity`` (vehicles the site can hold). ``M.csv``: ``site,demand,value`` with the travel
time or distance from the site to the demand point, in the unit of the response standard; a
pair absent from the file is unreachable. Every problem names the file, row and column (row 1
is the header), all of them at once, so the planner fixes the export in one pass.
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np

from goldenhour.domain.planning.location import LocationProblem
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput

Rows = list[tuple[int, dict[str, str]]]


def read_rows(path: Path, required: tuple[str, ...], problems: list[FieldProblem]) -> Rows:
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput.for_field(path.name, f"cannot read the file ({exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in required if name not in header]
    if missing:
        problems.extend(
            FieldProblem(f"{path.name} row 1", f"missing column {m!r}") for m in missing
        )
        return []
    return [
        (number, {k.strip(): (v or "").strip() for k, v in raw.items() if k})
        for number, raw in enumerate(reader, start=2)
    ]


def number_cell(text: str, where: str, problems: list[FieldProblem]) -> float | None:
    try:
        value = float(text)
    except ValueError:
        problems.append(FieldProblem(where, f"{text!r} is not a number"))
        return None
    if not math.isfinite(value) or value < 0:
        problems.append(FieldProblem(where, f"{text!r} must be a finite number >= 0"))
        return None
    return value


def refuse(problems: list[FieldProblem]) -> None:
    """Raise every problem found at once (the first five in the one-line message)."""
    if problems:
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise InvalidInput(shown + more, problems)


def _ids(rows: Rows, name: str, problems: list[FieldProblem]) -> dict[str, int]:
    index: dict[str, int] = {}
    for number, row in rows:
        key = row["id"]
        if not key:
            problems.append(FieldProblem(f"{name} row {number}: id", "is empty"))
        elif key in index:
            problems.append(FieldProblem(f"{name} row {number}: id", f"{key!r} appears twice"))
        else:
            index[key] = len(index)
    return index


def read_location_problem(demand: Path, sites: Path, matrix: Path) -> LocationProblem:
    """The three files as one :class:`LocationProblem`, or every problem found at once."""
    problems: list[FieldProblem] = []
    d_rows = read_rows(demand, ("id", "weight"), problems)
    s_rows = read_rows(sites, ("id",), problems)
    m_rows = read_rows(matrix, ("site", "demand", "value"), problems)
    d_index = _ids(d_rows, demand.name, problems)
    s_index = _ids(s_rows, sites.name, problems)
    weights = np.zeros(len(d_index))
    for number, row in d_rows:
        w = number_cell(row["weight"], f"{demand.name} row {number}: weight", problems)
        if w is not None and row["id"] in d_index:
            weights[d_index[row["id"]]] = w
    capacity: list[int | None] = [None] * len(s_index)
    for number, row in s_rows:
        text = row.get("capacity", "")
        if text and row["id"] in s_index:
            c = number_cell(text, f"{sites.name} row {number}: capacity", problems)
            if c is not None and c != int(c):
                problems.append(FieldProblem(f"{sites.name} row {number}: capacity", "whole"))
            elif c is not None:
                capacity[s_index[row["id"]]] = int(c)
    travel = np.full((len(s_index), len(d_index)), np.inf)
    for number, row in m_rows:
        where = f"{matrix.name} row {number}"
        site, point = s_index.get(row["site"]), d_index.get(row["demand"])
        if site is None:
            problems.append(
                FieldProblem(f"{where}: site", f"{row['site']!r} is not in {sites.name}")
            )
        if point is None:
            problems.append(
                FieldProblem(f"{where}: demand", f"{row['demand']!r} is not in {demand.name}")
            )
        value = number_cell(row["value"], f"{where}: value", problems)
        if site is not None and point is not None and value is not None:
            travel[site, point] = value
    if not problems and not d_index:
        problems.append(FieldProblem(f"{demand.name} row 2", "no demand points"))
    refuse(problems)
    return LocationProblem(
        demand_ids=tuple(d_index),
        weights=weights,
        site_ids=tuple(s_index),
        travel=travel,
        capacity=tuple(capacity) if any(c is not None for c in capacity) else None,
    )
