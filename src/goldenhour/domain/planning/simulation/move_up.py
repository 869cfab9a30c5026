"""Move-up: when a dispatch empties a staffed station, a free unit from a station that still
holds two or more drives over to cover it.

The rule is the simplest one dispatch centres use ("never leave a first-due area empty while
another station has a spare"): the nearest spare in quarters goes, stations are filled in
their order, and only a unit in quarters moves (one returning is already on its way home).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple


class MoveUp(NamedTuple):
    unit: int
    origin: int
    to: int
    seconds: float


def move_ups(
    staffed: Sequence[int],
    free: Sequence[tuple[int, int, bool]],
    seconds: Callable[[int, int], float],
) -> list[MoveUp]:
    """``free``: (unit, its post, in quarters) for each unit free and on duty; ``seconds(a, b)``
    the drive from station a to b. The moves that leave no staffed station empty, as far as
    spares allow."""
    covering: dict[int, list[tuple[int, bool]]] = {s: [] for s in staffed}
    for unit, post, in_quarters in free:
        covering.setdefault(post, []).append((unit, in_quarters))
    moves = []
    for empty in [s for s in staffed if not covering[s]]:
        spare = [
            (seconds(post, empty), unit, post)
            for post, units in covering.items()
            if len(units) >= 2
            for unit, in_quarters in units
            if in_quarters
        ]
        if not spare:
            break
        drive, unit, post = min(spare)
        covering[post] = [entry for entry in covering[post] if entry[0] != unit]
        covering[empty].append((unit, False))  # on the road now, not a spare
        moves.append(MoveUp(unit, post, empty, drive))
    return moves
