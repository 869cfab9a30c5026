"""The discrete-event simulation of an EMS system, run on GoldenHour's own dispatch rules.

An event heap (time, sequence, kind, unit or call, version), not a process library: a unit
redirected while returning, or moved up to cover an empty station, has its pending arrival
made stale by bumping its version, which a process-based simulator cannot express without
interrupts. Each call goes through what the live system does:

1. it is *answered* after the dispatch delay and triaged by the agency's protocol
   (:func:`~goldenhour.domain.triage.decision.triage`, cached per dispatch reason);
2. units are chosen by the recommendation rules (level of care, ALS held back, intercepts,
   first responder plus transport; :func:`~goldenhour.domain.dispatch.selection.select_units`,
   which proposes what :func:`~goldenhour.domain.dispatch.recommendation.recommend` does
   without its explanations) on travel times from the model; units in quarters add the
   turnout time, units returning roll at once;
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
import math
from datetime import UTC, datetime, timedelta

import numpy as np

from goldenhour.domain.dispatch.pending_queue import PendingCall, order_pending
from goldenhour.domain.dispatch.selection import ReadyUnit, select_units
from goldenhour.domain.planning.simulation.call_plan import CallPlan, Selector, plan_call
from goldenhour.domain.planning.simulation.model import (
    MODES,
    Calls,
    SimConfig,
    SimModel,
    moving_eta,
)
from goldenhour.domain.planning.simulation.move_up import move_ups
from goldenhour.domain.planning.simulation.run_result import TIMELINE, RunResult, collect
from goldenhour.domain.triage.priority import Priority
from goldenhour.domain.units.crew_level import UnitType
from goldenhour.domain.units.timeline import UnitStatus

ARRIVE, SCENE_DONE, AT_HOSPITAL, CLEAR, HOME, ON_SHIFT = range(6)
NAN = math.nan
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # only to order pending calls by arrival
AVAILABLE, RETURNING = UnitStatus.AVAILABLE, UnitStatus.RETURNING


class Simulation:
    """One replication. Build with the model, config and calls; :meth:`run` once.

    The hot loop touches plain Python lists, not numpy scalars or domain objects: the call
    columns and the timeline are lists while the run lasts (numpy arrays again in the
    result), travel is read from per-place rows of anchor times (one row fetch per dispatch),
    and units are handed to the selection as tuples built from a per-unit table made once.
    """

    def __init__(
        self, model: SimModel, config: SimConfig, calls: Calls, select: Selector = select_units
    ) -> None:
        self.model, self.config, self.calls = model, config, calls
        self.select = select
        self.travel = travel = model.travel
        # Place-major copies: the times from every anchor to one place are one row.
        self.rows = {m: np.ascontiguousarray(travel.out[m].T) for m in MODES}
        self.back_e = travel.back["emergency"]
        self.back_n = travel.back["normal"]
        # Anchor to anchor (a hospital back to quarters, station to station) as plain lists.
        self.between = travel.out["normal"][:, travel.anchor_place].tolist()
        hospitals = self.back_n[travel.stations :]
        self.hospital_of = (travel.stations + np.argmin(hospitals, axis=0)).tolist()
        n, fleet = len(calls), model.fleet
        self.kind = [(u.id, u.unit_type, u.level, k) for k, u in enumerate(fleet)]
        self.always_on = [u.shift is None for u in fleet]
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
        self.plans: dict[str, CallPlan] = {}
        self.place = calls.place.tolist()
        self.reason = calls.reason.tolist()
        self.on_scene = calls.on_scene.tolist()
        self.handover = calls.handover.tolist()
        self.transport = calls.transport.tolist()
        self.stamp: dict[str, list[float]] = {k: [NAN] * n for k in TIMELINE}
        self.priority = [0] * n
        self.queued = [False] * n
        self.primary_unit = [-1] * n
        self.helpers: list[list[int]] = [[] for _ in range(n)]
        self.pending: dict[int, PendingCall] = {}
        self.heap: list[tuple[float, int, int, int, int]] = []
        self.seq = 0
        self.units = range(len(fleet))
        self.horizon = float(calls.time[-1]) if n else 0.0

    # -- the event list --------------------------------------------------------------------

    def _at(self, t: float, kind: int, who: int, version: int = 0) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (t, self.seq, kind, who, version))

    def run(self) -> RunResult:
        """Calls are answered in order of their answer time, each before any other event at
        the same instant (then in call order); the heap holds only the units' events."""
        answered = self.calls.time + self.calls.dispatch_delay
        order = np.argsort(answered, kind="stable")
        answer_at, answer_call = answered[order].tolist(), order.tolist()
        for u, unit in enumerate(self.model.fleet):
            if unit.shift is not None:
                self._next_shift(u, 0.0)
        handlers = {
            ARRIVE: self._arrive,
            SCENE_DONE: self._scene_done,
            AT_HOSPITAL: self._at_hospital,
            CLEAR: self._clear,
            HOME: self._home,
        }
        heap, version, pop, answer = self.heap, self.version, heapq.heappop, self._answer
        k, calls = 0, len(answer_at)
        while True:
            if k < calls and (not heap or answer_at[k] <= heap[0][0]):
                answer(answer_at[k], answer_call[k])
                k += 1
                continue
            if not heap:
                break
            now, _, kind, who, stamp = pop(heap)
            if kind == ON_SHIFT:
                self._next_shift(who, now + 1.0)
                self._serve_pending(now)
            elif stamp == version[who]:
                handlers[kind](now, who)
        return self._result()

    def _next_shift(self, u: int, after: float) -> None:
        shift = self.model.fleet[u].shift
        assert shift is not None
        day = math.floor(after / 86_400.0) * 86_400.0
        start = day + shift[0] * 3600.0
        start = start if start >= after else start + 86_400.0
        if start <= self.horizon:  # shifts after the last call change nothing
            self._at(start, ON_SHIFT, u)

    # -- dispatch --------------------------------------------------------------------------

    def _plan(self, reason: str) -> CallPlan:
        found = self.plans.get(reason)
        if found is None:
            found = self.plans[reason] = plan_call(self.config.protocol, reason, self.rows)
        return found

    def _ready(self, now: float, row: list[float]) -> list[ReadyUnit]:
        """Units free on the radio and on duty, with their ETA to the place ``row`` holds the
        anchors' times to: from quarters after the turnout, or on the road by
        :func:`moving_eta`'s bounds."""
        turnout = self.config.turnout_s
        fleet, status, post, kind = self.model.fleet, self.status, self.post, self.kind
        ready = []
        for u in self.units:
            state = status[u]
            if state is AVAILABLE:
                eta = row[post[u]] + turnout
            elif state is RETURNING:
                came_from = self.origin[u]
                eta = moving_eta(
                    now - self.t0[u],
                    max(self.t1[u] - now, 0.0),
                    row[self.dest[u]],
                    None if came_from is None else row[came_from],
                )
            else:
                continue
            if self.always_on[u] or fleet[u].on_duty(now):
                ready.append(ReadyUnit(eta, *kind[u]))
        return ready

    def _answer(self, now: float, i: int) -> None:
        plan = self._plan(self.reason[i])
        self.priority[i] = int(plan.result.priority)
        self.stamp["answered"][i] = now
        if not self._dispatch(now, i, plan, first=True) and not self._divert(now, i, plan):
            self._queue(i, plan.result.priority)

    def _queue(self, i: int, priority: Priority) -> None:
        """Wait in the pending queue, in order of priority and the time the call was answered."""
        self.queued[i] = True
        answered = self.stamp["answered"][i]
        self.pending[i] = PendingCall(str(i), priority, EPOCH + timedelta(seconds=answered))

    def _divert(self, now: float, i: int, plan: CallPlan) -> bool:
        """Take a unit off its way to a call the divert policy lets it leave, for this call
        that no free unit can carry; the call it leaves waits again for the next free unit.

        The diverted unit's ETA is reckoned back through where its trip began (a route it can
        really drive, so an upper bound). True when a unit was taken.
        """
        policy = self.config.divert
        if policy is None:
            return False
        result = plan.result
        to_place = plan.again_rows[self.place[i]].tolist()
        takeable = []
        for u, status in enumerate(self.status):
            serving = self.serving[u]
            came_from = self.origin[u]
            if status is not UnitStatus.EN_ROUTE or came_from is None:
                continue
            if policy.permits(Priority(self.priority[serving]), result.priority):
                eta = now - self.t0[u] + to_place[came_from]
                takeable.append(ReadyUnit(eta, *self.kind[u]))
        picks = self.select(
            plan.again, result.priority, result.level, takeable, self.config.recommend
        )
        if not picks:
            return False
        u = picks[0].ref
        left = self.serving[u]
        if self.primary_unit[left] == u:
            self.primary_unit[left] = -1
            self._queue(left, Priority(self.priority[left]))
        else:
            self.helpers[left].remove(u)
        eta = next(unit.eta_s for unit in takeable if unit.ref == u)
        self._send(now, u, i, eta, primary=True)
        return True

    def _dispatch(self, now: float, i: int, plan: CallPlan, first: bool) -> bool:
        """Send what the recommendation rules propose; True when the primary role is filled."""
        roles, rows = (plan.first, plan.first_rows) if first else (plan.again, plan.again_rows)
        ready = self._ready(now, rows[self.place[i]].tolist())
        if not ready:
            return False
        result = plan.result
        picks = self.select(roles, result.priority, result.level, ready, self.config.recommend)
        eta = {unit.ref: unit.eta_s for unit in ready}
        filled = False
        for pick in picks:
            is_primary = pick.role == plan.primary
            self._send(now, pick.ref, i, eta[pick.ref], is_primary)
            filled = filled or is_primary
        if self.config.move_up:
            self._move_up(now)
        return filled

    def _send(self, now: float, u: int, i: int, eta: float, primary: bool) -> None:
        # Where the trip is reckoned from: quarters, where a returning unit was heading, or
        # (a diverted unit) where its trip began.
        status = self.status[u]
        if status is not UnitStatus.EN_ROUTE:
            self.origin[u] = self.post[u] if status is AVAILABLE else self.dest[u]
        self.busy_from[u] = now
        self.status[u] = UnitStatus.EN_ROUTE
        self.version[u] += 1
        self.t0[u], self.t1[u], self.serving[u] = now, now + eta, i
        notified = self.stamp["notified"]
        if notified[i] != notified[i]:  # NaN: the first unit sent
            notified[i] = now
        if primary:
            self.primary_unit[i] = u
        else:
            self.helpers[i].append(u)
        self._at(now + eta, ARRIVE, u, self.version[u])

    def _serve_pending(self, now: float) -> None:
        if not self.pending:
            return
        for waiting in order_pending(self.pending.values()):
            i = int(waiting.incident_id)
            if self._dispatch(now, i, self._plan(self.reason[i]), first=False):
                del self.pending[i]
            elif not any(s in (AVAILABLE, RETURNING) for s in self.status):
                return

    # -- a unit's timeline -----------------------------------------------------------------

    def _arrive(self, now: float, u: int) -> None:
        i = self.serving[u]
        self.status[u] = UnitStatus.ON_SCENE
        on_scene = self.stamp["on_scene"]
        if on_scene[i] != on_scene[i]:  # NaN: the first unit there
            on_scene[i] = now
        if self.primary_unit[i] == u:
            self._at(now + self.on_scene[i], SCENE_DONE, u, self.version[u])
        elif self.stamp["left_scene"][i] == self.stamp["left_scene"][i]:  # the patient has gone
            self._return(now, u, scene=self.place[i])

    def _scene_done(self, now: float, u: int) -> None:
        i = self.serving[u]
        place = self.place[i]
        self.stamp["left_scene"][i] = now
        for helper in self.helpers[i]:
            if self.serving[helper] == i and self.status[helper] is UnitStatus.ON_SCENE:
                self._return(now, helper, scene=place)
            elif self.serving[helper] == i and self.status[helper] is UnitStatus.EN_ROUTE:
                self._cancel(now, helper)
        if self.transport[i] and self.kind[u][1] is UnitType.TRANSPORT:
            self.status[u] = UnitStatus.TRANSPORTING
            hospital = self.hospital_of[place]
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
        self._at(now + self.handover[i], CLEAR, u, self.version[u])

    def _clear(self, now: float, u: int) -> None:
        i = self.serving[u]
        self.stamp["transfer"][i] = now
        hospital = self.dest[u]
        self._free(now, u)
        self._trip(now, u, hospital, self.between[hospital][self.post[u]])
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
            back += self.between[came_from][self.post[u]]
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
        free = [
            (u, self.post[u], status is AVAILABLE)
            for u, status in enumerate(self.status)
            if status in (AVAILABLE, RETURNING) and self.model.fleet[u].on_duty(now)
        ]
        between = self.between
        for move in move_ups(self.staffed, free, lambda a, b: between[a][b]):
            self.post[move.unit] = move.to
            self._trip(now, move.unit, move.origin, move.seconds)

    # -- results ---------------------------------------------------------------------------

    def _result(self) -> RunResult:
        return collect(
            self.model,
            self.calls,
            self.config.warm_up_s,
            self.stamp,
            self.priority,
            self.queued,
            self.busy_s,
        )


def simulate(
    model: SimModel, config: SimConfig, calls: Calls, select: Selector = select_units
) -> RunResult:
    """Run one replication of ``model`` on ``calls``."""
    return Simulation(model, config, calls, select).run()
