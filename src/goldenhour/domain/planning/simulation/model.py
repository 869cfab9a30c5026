"""What a simulated EMS system is made of: places, travel times, the fleet and its calls.

Places are the points calls come from (road nodes of a region, or grid points). *Anchors* are
the places units start and end trips at: stations first, then hospitals. Travel is kept only
between anchors and places (both directions, per driving mode), which is all a fleet that
leaves from stations and hospitals needs; a unit between two points is placed by the bounds
in :func:`moving_eta`. Times are seconds from the start of the run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from goldenhour.domain.dispatch.recommendation import RecommendConfig
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.triage.priority import Priority
from goldenhour.domain.triage.protocol import TriageProtocol
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.domain.units.timeline import DivertPolicy

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
MODES = ("emergency", "normal")


@dataclass(frozen=True)
class Travel:
    """Seconds from each anchor to each place (``out``) and back (``back``), per mode.

    ``anchor_place[a]`` is the place an anchor stands on; anchors ``0..stations-1`` are
    stations, the rest hospitals, in the order of :attr:`SimModel.stations` and ``hospitals``.
    """

    out: Mapping[str, FloatArray]
    back: Mapping[str, FloatArray]
    anchor_place: IntArray
    stations: int

    def __post_init__(self) -> None:
        for mode in MODES:
            if mode not in self.out or mode not in self.back:
                raise InvalidInput.for_field("travel", f"times for the {mode} mode are missing")

    @property
    def places(self) -> int:
        return int(self.out["emergency"].shape[1])

    def hospital(self, index: int) -> int:
        """The anchor number of the ``index``-th hospital."""
        return self.stations + index

    def between(self, a: int, b: int, mode: str) -> float:
        return float(self.out[mode][a, self.anchor_place[b]])


def moving_eta(elapsed: float, remaining: float, dest_s: float, origin_s: float | None) -> float:
    """ETA of a unit part-way through a trip (``elapsed`` gone, ``remaining`` to go) to a
    place ``dest_s`` from the trip's end and ``origin_s`` from its start (None: it started at
    a scene): the better of "on to the end, then there" and "back to the start, then there".
    Both are routes the unit can really drive, so the ETA is an upper bound on the true one,
    exact at either end of the trip."""
    via_dest = remaining + dest_s
    return via_dest if origin_s is None else min(via_dest, elapsed + origin_s)


@dataclass(frozen=True)
class FleetUnit:
    """An ambulance or first-response unit: its type, level of care, home station and shift.

    ``shift`` is the daily on-duty window in hours ``(start, end)``; ``end < start`` runs past
    midnight; None is round the clock.
    """

    id: str
    unit_type: UnitType
    level: CareLevel
    station: int
    shift: tuple[float, float] | None = None

    def on_duty(self, t: float) -> bool:
        if self.shift is None:
            return True
        hour = (t / 3600.0) % 24.0
        start, end = self.shift
        return start <= hour < end if start <= end else hour >= start or hour < end


@dataclass(frozen=True)
class Calls:
    """One replication's calls as columns, in arrival order (seconds, place index, reason).

    ``dispatch_delay`` is call answered to units notified; ``on_scene`` the time the
    transporting crew spends on scene; ``handover`` the offload at the hospital.
    """

    time: FloatArray
    place: IntArray
    reason: NDArray[np.str_]
    dispatch_delay: FloatArray
    on_scene: FloatArray
    transport: NDArray[np.bool_]
    handover: FloatArray

    def __len__(self) -> int:
        return int(self.time.shape[0])


@dataclass(frozen=True)
class SimConfig:
    """How the simulated centre works: our dispatch rules plus the run's own settings.

    ``turnout_s``: mobilisation from quarters (a unit on the road rolls at once).
    ``warm_up_s``: calls before this are simulated but not counted. ``move_up``: fill a
    station left empty from a station holding two or more free units. ``divert``: a call no
    free unit can take may take a unit on its way to a call this policy lets it be taken from
    (e.g. :meth:`DivertPolicy.higher_priority_only`); None never diverts.
    """

    protocol: TriageProtocol
    recommend: RecommendConfig = field(default_factory=RecommendConfig)
    targets_s: Mapping[Priority, float] = field(
        default_factory=lambda: {
            Priority.P1: 480.0,
            Priority.P2: 600.0,
            Priority.P3: 900.0,
            Priority.P4: 1800.0,
            Priority.NON_EMERGENT: 3600.0,
        }
    )
    turnout_s: float = 60.0
    warm_up_s: float = 0.0
    move_up: bool = False
    divert: DivertPolicy | None = None


@dataclass(frozen=True)
class SimModel:
    """Everything one run needs except its calls: names, travel, fleet and zones."""

    name: str
    stations: Sequence[str]
    hospitals: Sequence[str]
    travel: Travel
    fleet: Sequence[FleetUnit]
    zone_of_place: IntArray
    zones: Sequence[str]

    def __post_init__(self) -> None:
        if not self.fleet:
            raise InvalidInput.for_field("fleet", "at least one unit is needed")
        if not self.hospitals:
            raise InvalidInput.for_field("hospitals", "at least one hospital is needed")
        for unit in self.fleet:
            if not 0 <= unit.station < len(self.stations):
                raise InvalidInput.for_field(f"unit {unit.id}: station", "no such station")
