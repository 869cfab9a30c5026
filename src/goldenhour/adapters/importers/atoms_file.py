"""The hypercube model's input as plain CSV: atoms with call rates and dispatch preferences.

``A.csv``: ``atom,rate,preference`` where ``preference`` lists unit numbers 1..N separated by
spaces, most preferred first. Optional ``T.csv``: ``unit,atom,time``, the travel time from a
unit's post to the atom (for the travel-time figures). Problems name file, row and column.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from goldenhour.adapters.importers.location_files import number_cell, read_rows, refuse
from goldenhour.domain.planning.hypercube import Atom
from goldenhour.domain.shared.errors import FieldProblem


def read_atoms(path: Path, units: int) -> list[Atom]:
    problems: list[FieldProblem] = []
    atoms: list[Atom] = []
    for number, row in read_rows(path, ("atom", "rate", "preference"), problems):
        where = f"{path.name} row {number}"
        rate = number_cell(row["rate"], f"{where}: rate", problems)
        order: list[int] = []
        for token in row["preference"].split():
            if not token.isdigit() or not 1 <= int(token) <= units:
                problems.append(
                    FieldProblem(f"{where}: preference", f"{token!r} is not a unit 1..{units}")
                )
            else:
                order.append(int(token) - 1)
        if rate is not None:
            atoms.append(Atom(row["atom"], rate, tuple(order)))
    refuse(problems)
    return atoms


def read_travel(path: Path, atoms: list[Atom], units: int) -> NDArray[np.float64]:
    """Atom × unit travel times; a pair missing from the file is a problem (every unit may go)."""
    problems: list[FieldProblem] = []
    index = {a.name: j for j, a in enumerate(atoms)}
    travel = np.full((len(atoms), units), np.nan)
    for number, row in read_rows(path, ("unit", "atom", "time"), problems):
        where = f"{path.name} row {number}"
        unit, atom = row["unit"], index.get(row["atom"])
        value = number_cell(row["time"], f"{where}: time", problems)
        if not unit.isdigit() or not 1 <= int(unit) <= units:
            problems.append(FieldProblem(f"{where}: unit", f"{unit!r} is not a unit 1..{units}"))
        elif atom is None:
            problems.append(FieldProblem(f"{where}: atom", f"{row['atom']!r} is not an atom"))
        elif value is not None:
            travel[atom, int(unit) - 1] = value
    missing = np.argwhere(np.isnan(travel))
    problems += [
        FieldProblem(path.name, f"no time from unit {u + 1} to atom {atoms[j].name!r}")
        for j, u in missing[:5]
    ]
    refuse(problems)
    return travel
