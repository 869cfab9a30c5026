"""The discrete-event simulation of an EMS system, run on GoldenHour's own dispatch rules.

An event heap (time, sequence, kind, unit or call, version), not a process library: a unit
redirected while returning, or moved up to cover an empty station, has its pending arrival
made stale by bumping its version, which a process-based simulator cannot express without
interrupts. Each call goes through what the live system does:

1. it is *answered* after the dispatch delay and triaged by the agency's protocol
   (:func:`~goldenhour.domain.triage.decision.triage`, cached per dispatch reason);
2. units are chosen by :func:`~goldenhour.domain.dispatch.recommendation.recommend` (level of
   care, ALS held back, intercepts, first responder plus transport) on travel times from the
   model; units in quarters add the turnout time, units returning roll at once;
3. the unit filling the transport role (the *primary*) spends the on-scene time, transports
   to the nearest hospital (the choice our destination rules make for a patient with no
   special findings when every hospital runs an open emergency department), hands over and
   returns; other units clear when the primary leaves the scene;
4. a call whose primary role cannot be filled waits in the pending queue, ordered by
   :func:`~goldenhour.domain.dispatch.pending_queue.order_pending` (priority, then arrival), and is
   served when a unit frees up or comes on shift.

The NEMSIS timeline is kept per call: answered (PSAP), first unit notified, first on scene,
primary left scene, at destination, transfer of care, back in service.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np

from goldenhour.domain.dispatch.pending_queue import PendingCall, order_pending
from goldenhour.domain.dispatch.recommendation import UnitCandidate, recommend
from goldenhour.domain.planning.simulation.model import (
    Calls,
    FleetUnit,
    FloatArray,
    SimConfig,
    SimModel,
)
from goldenhour.domain.triage.decision import TriageResult, triage
from goldenhour.domain.triage.priority import Priority, ResponseMode
from goldenhour.domain.triage.response_plan import Role
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.domain.units.timeline import UnitStatus

ANSWER, ARRIVE, SCENE_DONE, AT_HOSPITAL, CLEAR, HOME, ON_SHIFT = range(7)
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # only to order pending calls by arrival
AVAILABLE, RETURNING = UnitStatus.AVAILABLE, UnitStatus.RETURNING
TIMELINE = (
    "received",
    "answered",
    "notified",
    "on_scene",
    "left_scene",
    "at_destination",
    "transfer",
    "clear",
)


@dataclass(frozen=True)
class RunResult:
    """One replication, per counted call (after the warm-up) and per unit.

    ``times`` holds the NEMSIS timeline columns of :data:`TIMELINE` (NaN where a step did not
    happen, e.g. no transport). ``busy_s``/``duty_s``: time on incidents / on duty within the
    counted window.
    """

    priority: np.ndarray
    zone: np.ndarray
    call_time: FloatArray
    times: dict[str, FloatArray]
    queued: np.ndarray
    busy_s: FloatArray
    duty_s: FloatArray

    @property
    def response_s(self) -> FloatArray:
        """Call received to first unit on scene (the interval a patient waits through)."""
        return self.times["on_scene"] - self.call_time


def shortlist(
    ready: list[tuple[float, str, int]], fleet: Sequence[FleetUnit], keep: int
) -> list[tuple[float, str, int]]:
    """The ``keep`` nearest units of each type and level: the only ones recommendation can pick.

    Within one type and level every unit is held back alike, so recommendation orders them by
    ETA then id, and a plan of r roles takes at most 2r of them (an intercept pair per role);
    dropping the rest cannot change what it proposes, only how long it takes to say so.
    """
    groups: dict[tuple[UnitType, CareLevel], list[tuple[float, str, int]]] = {}
    for entry in ready:
        unit = fleet[entry[2]]
        groups.setdefault((unit.unit_type, unit.level), []).append(entry)
    return [e for group in groups.values() for e in sorted(group)[:keep]]


def _primary(roles: tuple[Role, ...]) -> int:
    """The role whose unit carries the call: the first transport-only role, else the first."""
    for i, role in enumerate(roles):
        if role.unit_types == {UnitType.TRANSPORT}:
            return i
    return 0


class Simulation:
    """One replication. Build with the model, config and calls; :meth:`run` once."""

    def __init__(self, model: SimModel, config: SimConfig, calls: Calls) -> None:
        self.model, self.config, self.calls = model, config, calls
        self.travel = model.travel
        self.out_e = model.travel.out["emergency"]
        self.out_n = model.travel.out["normal"]
        self.back_e = model.travel.back["emergency"]
        self.back_n = model.travel.back["normal"]
        hospitals = self.back_n[model.travel.stations :]
        self.hospital_of = model.travel.stations + np.argmin(hospitals, axis=0)
        n, fleet = len(calls), model.fleet
        self.status = [AVAILABLE] * len(fleet)
        self.version = [0] * len(fleet)
        self.post = [u.station for u in fleet]
        self.origin: list[int | None] = [None] * len(fleet)
        self.dest = list(self.post)
        self.t0 = [0.0] * len(fleet)
        self.t1 = [0.0] * len(fleet)
        self.serving = [-1] * len(fleet)
        self.busy_from = [0.0] * len(fleet)
        self.busy_s = np.zeros(len(fleet))
        self.staffed = sorted({u.station for u in fleet})
        self.triaged: dict[str, TriageResult] = {}
        self.index = {unit.id: u for u, unit in enumerate(fleet)}
        self.stamp = {k: np.full(n, np.nan) for k in TIMELINE}
        self.priority = np.zeros(n, dtype=np.int64)
        self.queued = np.zeros(n, dtype=bool)
        self.primary_unit = [-1] * n
        self.helpers: list[list[int]] = [[] for _ in range(n)]
        self.pending: dict[int, PendingCall] = {}
        self.heap: list[tuple[float, int, int, int, int]] = []
        self.seq = 0
        self.horizon = float(calls.time[-1]) if n else 0.0

    # -- the event list --------------------------------------------------------------------

    def _at(self, t: float, kind: int, who: int, version: int = 0) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (t, self.seq, kind, who, version))

    def run(self) -> RunResult:
        calls = self.calls
        for i in range(len(calls)):
            self._at(float(calls.time[i] + calls.dispatch_delay[i]), ANSWER, i)
        for u, unit in enumerate(self.model.fleet):
            if unit.shift is not None:
                self._next_shift(u, 0.0)
        handlers = {
            ANSWER: self._answer,
            ARRIVE: self._arrive,
            SCENE_DONE: self._scene_done,
            AT_HOSPITAL: self._at_hospital,
            CLEAR: self._clear,
            HOME: self._home,
        }
        while self.heap:
            now, _, kind, who, version = heapq.heappop(self.heap)
            if kind == ON_SHIFT:
                self._next_shift(who, now + 1.0)
                self._serve_pending(now)
            elif kind == ANSWER or version == self.version[who]:
                handlers[kind](now, who)
        return self._result()

    def _next_shift(self, u: int, after: float) -> None:
        shift = self.model.fleet[u].shift
        assert shift is not None
        day = np.floor(after / 86_400.0) * 86_400.0
        start = day + shift[0] * 3600.0
        start = start if start >= after else start + 86_400.0
        if start <= self.horizon:  # shifts after the last call change nothing
            self._at(start, ON_SHIFT, u)

    # -- dispatch --------------------------------------------------------------------------

    def _triage(self, reason: str) -> TriageResult:
        found = self.triaged.get(reason)
        if found is None:
            found = self.triaged[reason] = triage(self.config.protocol, reason, {})
        return found

    def _eta(self, u: int, place: int, now: float, emergent: bool) -> float:
        if self.status[u] is AVAILABLE:
            table = self.out_e if emergent else self.out_n
            return float(table[self.post[u], place]) + self.config.turnout_s
        return self.travel.eta_moving(
            self.origin[u],
            self.dest[u],
            now - self.t0[u],
            max(self.t1[u] - now, 0.0),
            place,
            "emergency" if emergent else "normal",
        )

    def _answer(self, now: float, i: int) -> None:
        result = self._triage(str(self.calls.reason[i]))
        self.priority[i] = int(result.priority)
        self.stamp["answered"][i] = now
        if not self._dispatch(now, i, result, first=True):
            self.queued[i] = True
            self.pending[i] = PendingCall(str(i), result.priority, EPOCH + timedelta(seconds=now))

    def _dispatch(self, now: float, i: int, result: TriageResult, first: bool) -> bool:
        """Send what the recommendation proposes; True when the primary role is filled."""
        place = int(self.calls.place[i])
        primary = _primary(result.roles)
        roles = result.roles if first else (result.roles[primary],)
        emergent = roles[0].mode is ResponseMode.EMERGENT
        fleet = self.model.fleet
        ready = [
            (self._eta(u, place, now, emergent), unit.id, u)
            for u, unit in enumerate(fleet)
            if self.status[u] in (AVAILABLE, RETURNING) and unit.on_duty(now)
        ]
        if not ready:
            return False
        candidates = [
            UnitCandidate(fleet[u].id, fleet[u].unit_type, fleet[u].level, self.status[u], 0.0, eta)
            for eta, _, u in shortlist(ready, fleet, 2 * len(roles) + 1)
        ]
        advice = recommend(roles, result.priority, result.level, candidates, self.config.recommend)
        etas = {c.unit_id: c.eta_s for c in candidates}
        filled = False
        for suggestion in advice.suggestions:
            u = self.index[suggestion.unit_id]
            is_primary = suggestion.role == result.roles[primary].name
            self._send(now, u, i, float(etas[suggestion.unit_id] or 0.0), is_primary)
            filled = filled or is_primary
        if self.config.move_up:
            self._move_up(now)
        return filled

    def _send(self, now: float, u: int, i: int, eta: float, primary: bool) -> None:
        # Where the trip is reckoned from: quarters, or where a returning unit was heading.
        self.origin[u] = self.post[u] if self.status[u] is AVAILABLE else self.dest[u]
        self.busy_from[u] = now
        self.status[u] = UnitStatus.EN_ROUTE
        self.version[u] += 1
        self.t0[u], self.t1[u], self.serving[u] = now, now + eta, i
        if np.isnan(self.stamp["notified"][i]):
            self.stamp["notified"][i] = now
        if primary:
            self.primary_unit[i] = u
        else:
            self.helpers[i].append(u)
        self._at(now + eta, ARRIVE, u, self.version[u])

    def _serve_pending(self, now: float) -> None:
        for waiting in order_pending(self.pending.values()):
            i = int(waiting.incident_id)
            result = self._triage(str(self.calls.reason[i]))
            if self._dispatch(now, i, result, first=False):
                del self.pending[i]
            elif not any(s in (AVAILABLE, RETURNING) for s in self.status):
                return

    # -- a unit's timeline -----------------------------------------------------------------

    def _arrive(self, now: float, u: int) -> None:
        i = self.serving[u]
        self.status[u] = UnitStatus.ON_SCENE
        if np.isnan(self.stamp["on_scene"][i]):
            self.stamp["on_scene"][i] = now
        if self.primary_unit[i] == u:
            self._at(now + float(self.calls.on_scene[i]), SCENE_DONE, u, self.version[u])
        elif not np.isnan(self.stamp["left_scene"][i]):  # the patient has already gone
            self._return(now, u, scene=int(self.calls.place[i]))

    def _scene_done(self, now: float, u: int) -> None:
        i = self.serving[u]
        place = int(self.calls.place[i])
        self.stamp["left_scene"][i] = now
        for helper in self.helpers[i]:
            if self.serving[helper] == i and self.status[helper] is UnitStatus.ON_SCENE:
                self._return(now, helper, scene=place)
            elif self.serving[helper] == i and self.status[helper] is UnitStatus.EN_ROUTE:
                self._cancel(now, helper)
        if bool(self.calls.transport[i]) and self.model.fleet[u].unit_type is UnitType.TRANSPORT:
            self.status[u] = UnitStatus.TRANSPORTING
            hospital = int(self.hospital_of[place])
            urgent = self.priority[i] == Priority.P1
            table = self.back_e if urgent else self.back_n
            self.dest[u] = hospital
            self._at(now + float(table[hospital, place]), AT_HOSPITAL, u, self.version[u])
        else:
            self._return(now, u, scene=place)

    def _at_hospital(self, now: float, u: int) -> None:
        i = self.serving[u]
        self.status[u] = UnitStatus.AT_DESTINATION
        self.stamp["at_destination"][i] = now
        self._at(now + float(self.calls.handover[i]), CLEAR, u, self.version[u])

    def _clear(self, now: float, u: int) -> None:
        i = self.serving[u]
        self.stamp["transfer"][i] = now
        hospital = self.dest[u]
        self._free(now, u)
        self._trip(now, u, hospital, self.travel.between(hospital, self.post[u], "normal"))
        self._serve_pending(now)

    def _return(self, now: float, u: int, scene: int) -> None:
        self._free(now, u)
        self._trip(now, u, None, float(self.back_n[self.post[u], scene]))
        self._serve_pending(now)

    def _cancel(self, now: float, u: int) -> None:
        """Stood down on the way: drive back the way it came, then on to its post."""
        came_from = self.origin[u]
        self._free(now, u)
        back = now - self.t0[u]
        if came_from is not None and came_from != self.post[u]:
            back += self.travel.between(came_from, self.post[u], "normal")
        self._trip(now, u, came_from, back)
        self._serve_pending(now)

    def _free(self, now: float, u: int) -> None:
        i = self.serving[u]
        if self.primary_unit[i] == u:
            self.stamp["clear"][i] = now
        start = max(self.busy_from[u], self.config.warm_up_s)
        end = min(now, self.horizon)
        if end > start:
            self.busy_s[u] += end - start
        self.serving[u] = -1

    def _trip(self, now: float, u: int, origin: int | None, seconds: float) -> None:
        self.status[u] = RETURNING
        self.version[u] += 1
        self.origin[u], self.dest[u] = origin, self.post[u]
        self.t0[u], self.t1[u] = now, now + seconds
        self._at(now + seconds, HOME, u, self.version[u])

    def _home(self, now: float, u: int) -> None:
        self.status[u] = AVAILABLE
        self.origin[u] = None

    def _move_up(self, now: float) -> None:
        """Fill each staffed station left with no unit from one holding two or more free."""
        covering: dict[int, list[int]] = {s: [] for s in self.staffed}
        for u, status in enumerate(self.status):
            if status in (AVAILABLE, RETURNING) and self.model.fleet[u].on_duty(now):
                covering.setdefault(self.post[u], []).append(u)
        for empty in [s for s in self.staffed if not covering[s]]:
            spare = [
                (self.travel.between(s, empty, "normal"), u)
                for s, units in covering.items()
                if len(units) >= 2
                for u in units
                if self.status[u] is AVAILABLE
            ]
            if not spare:
                return
            seconds, u = min(spare)
            covering[self.post[u]].remove(u)
            covering[empty].append(u)
            origin = self.post[u]
            self.post[u] = empty
            self._trip(now, u, origin, seconds)

    # -- results ---------------------------------------------------------------------------

    def _result(self) -> RunResult:
        counted = self.calls.time >= self.config.warm_up_s
        window = max(self.horizon - self.config.warm_up_s, 0.0)
        duty = np.array(
            [
                window if unit.shift is None else window * _shift_share(unit.shift)
                for unit in self.model.fleet
            ]
        )
        place = self.calls.place[counted]
        self.stamp["received"][:] = self.calls.time
        return RunResult(
            priority=self.priority[counted],
            zone=self.model.zone_of_place[place],
            call_time=self.calls.time[counted],
            times={k: v[counted] for k, v in self.stamp.items()},
            queued=self.queued[counted],
            busy_s=self.busy_s,
            duty_s=duty,
        )


def _shift_share(shift: tuple[float, float]) -> float:
    start, end = shift
    return ((end - start) % 24.0 or 24.0) / 24.0


def simulate(model: SimModel, config: SimConfig, calls: Calls) -> RunResult:
    """Run one replication of ``model`` on ``calls``."""
    return Simulation(model, config, calls).run()
