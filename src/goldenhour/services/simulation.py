"""The demo's simulated county: callers, a dispatcher and crews, all through the services.

Nothing here has a side door: calls are taken with ``intake.take_call``, the simulated
dispatcher sends what ``recommendations.for_incident`` proposes with ``dispatch.assign_unit``,
and crews move through ``unit_timeline.change_status`` and report ``positions.record_positions``
as they drive the region's roads, exactly as a human dispatcher and real crews would. The
clock is accelerated: ``speed`` simulated seconds pass per real second, so a ten-minute scene
time takes a minute at the default speed of 10. Timestamps stay real (the API refuses times in
the future); only the durations are compressed.

People share the county with it: the simulated dispatcher only dispatches the calls it took
itself (a call a person took is that person's) and can be switched off (``dispatcher_on``);
units in ``manual_units`` (the demo crew account's own unit) are never driven or assigned by
the simulation, so what a person taps on the crew screen stays as they left it.

With a ``replay`` (a recorded week of a real CAD, ``goldenhour demo --city sf``) the callers
are that week's: each call is taken with its address, CAD call type and incident number when
the accelerated clock reaches the moment it was received, instead of random calls.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from goldenhour.adapters.refdata.call_mix import CallMix
from goldenhour.adapters.routing import Place, Region
from goldenhour.adapters.routing.graph import haversine_m
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.assignment import OPEN
from goldenhour.domain.dispatch.records import Unit
from goldenhour.domain.dispatch.replay import RecordedCall, ReplaySchedule
from goldenhour.domain.shared.errors import GoldenHourError, InvalidInput
from goldenhour.domain.triage.protocol import TriageProtocol
from goldenhour.services.dispatch import assignment as dispatch
from goldenhour.services.dispatch import incidents, intake, pending, recommendations
from goldenhour.services.dispatch.setup import DispatchSetup
from goldenhour.services.ports import LonLat
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units import positions
from goldenhour.services.units.timeline import active_assignment, change_status

log = logging.getLogger(__name__)
ACKNOWLEDGE_S, TO_PATIENT_S, WITH_PATIENT_S, AT_DESTINATION_S = 30.0, 60.0, 480.0, 600.0
HEARTBEAT_S = 60.0  # real seconds between reports of a unit standing still
TRANSPORT_SHARE = 0.8  # calls where the ambulance transports (the rest: treated, released)
TOWN = 0  # the demo region's road kind of town streets (graph.source_id)


@dataclass
class Trip:
    """A drive along a road polyline, started at ``started`` (simulated seconds)."""

    path: np.ndarray
    metres: np.ndarray  # cumulative distance at each point of the path
    seconds: float
    started: float

    def arrived(self, now: float) -> bool:
        return now - self.started >= self.seconds

    def where(self, now: float) -> LonLat:
        share = min(max((now - self.started) / self.seconds, 0.0), 1.0) if self.seconds else 1.0
        along = share * float(self.metres[-1])
        lon = float(np.interp(along, self.metres, self.path[:, 0]))
        lat = float(np.interp(along, self.metres, self.path[:, 1]))
        return (lon, lat)


@dataclass
class Crew:
    status: str
    since: float  # simulated seconds when the unit entered ``status``
    trip: Trip | None = None
    reported: float = -math.inf  # real seconds of the last position report


@dataclass
class Simulation:
    units_of_work: Callable[[], UnitOfWork]
    setup: Callable[[], DispatchSetup]
    region: Region
    dispatcher: Actor
    crew: Actor
    mix: CallMix
    cache: positions.PositionCache | None = None
    speed: float = 10.0
    calls_per_hour: float = 30.0
    seed: int = 1
    dispatcher_on: bool = True  # False: people dispatch every call (demo --no-dispatcher)
    manual_units: frozenset[int] = frozenset()  # driven by people only
    replay: ReplaySchedule | None = None  # recorded calls instead of random ones
    stations: tuple[Place, ...] = ()  # where units go home (default: the region's)
    hospitals: tuple[Place, ...] = ()  # where they transport (default: the region's)
    crews: dict[int, Crew] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng(self.seed)
        self.stations = self.stations or self.region.stations
        self.hospitals = self.hospitals or self.region.hospitals
        # The units of work's clock paces the run: the wall clock in the demo, a settable
        # clock where a run must go faster than real time.
        self.clock = self.units_of_work().clock
        self.started = self.clock.now()
        self.last_tick = 0.0
        kinds = self.region.graph.source_id
        town = np.flatnonzero(kinds == TOWN)
        self.call_nodes = town if town.size else np.arange(self.region.graph.node_count)
        self.codes = list(self.mix.shares)
        self.weights = np.array([self.mix.shares[c] for c in self.codes])

    def real(self) -> float:
        """Seconds of the clock since the run started (never backwards)."""
        return max((self.clock.now() - self.started).total_seconds(), 0.0)

    def now(self) -> float:
        return self.real() * self.speed

    def run(self, stop: threading.Event, interval: float = 1.0) -> None:
        while not stop.wait(interval):
            try:
                self.tick()
            except Exception:  # keep the demo going; the log says what broke
                log.exception("simulation tick failed")

    def tick(self) -> None:
        setup = self.setup()
        real = self.real()
        expected = self.calls_per_hour * self.speed * (real - self.last_tick) / 3600
        self.last_tick = real
        if self.replay is not None:
            for recorded in self.replay.due(self.now()):
                self.take_recorded(setup, recorded)
        else:
            for _ in range(int(self.rng.poisson(expected))):
                self.take_call(setup)
        self.dispatch_waiting(setup)
        self.drive(setup)

    def take_call(self, setup: DispatchSetup) -> None:
        node = int(self.rng.choice(self.call_nodes))
        lon, lat = float(self.region.graph.lon[node]), float(self.region.graph.lat[node])
        reason = str(self.rng.choice(self.codes, p=self.weights))
        for answers in (self.answers(setup.protocol, reason), {}):
            try:
                with self.units_of_work() as uow:
                    call = intake.Call(lon, lat, reason, answers, complaint="simulated call")
                    intake.take_call(uow, self.dispatcher, setup, call)
                return
            except InvalidInput as exc:
                log.info("simulated call refused (%s); retrying without answers", exc.detail)

    def take_recorded(self, setup: DispatchSetup, recorded: RecordedCall) -> None:
        """A recorded call as its CAD sent it: address, point, CAD call type, incident number
        (received now: the API takes no times from the future, and the week is in the past)."""
        call = intake.Call(
            recorded.lon,
            recorded.lat,
            address=recorded.address,
            call_type=recorded.call_type,
            external_id=recorded.external_id,
        )
        with self.units_of_work() as uow:
            intake.take_call(uow, self.dispatcher, setup, call)

    def answers(self, protocol: TriageProtocol, reason: str) -> dict[str, object]:
        asked = {q.id for q in protocol.questions_for(reason)}
        breathing = str(
            self.rng.choice(["normal", "difficulty", "not_breathing"], p=[0.8, 0.17, 0.03])
        )
        answers: dict[str, object] = {
            "conscious": breathing != "not_breathing" and bool(self.rng.random() < 0.9),
            "breathing": breathing,
            "age": int(self.rng.integers(1, 96)),
        }
        return {k: v for k, v in answers.items() if k in asked}

    def dispatch_waiting(self, setup: DispatchSetup) -> None:
        """The simulated dispatcher: waiting calls first, then open calls with open roles;
        only the calls it took itself, never a unit a person drives."""
        if not self.dispatcher_on:
            return
        mine = self.dispatcher.user_id
        with self.units_of_work() as uow:
            waiting = pending.queue(uow, self.dispatcher.agency_id)
            live = incidents.list_incidents(uow, self.dispatcher.agency_id, [OPEN])
            calls = [i.id for i in [*waiting, *live] if i.created_by == mine]
        for incident_id in calls:
            with self.units_of_work() as uow:
                incident = incidents.get_incident(uow, self.dispatcher.agency_id, incident_id)
                found = recommendations.for_incident(uow, setup, incident, uow.clock.now())
            for suggestion in found.recommendation.suggestions:
                if int(suggestion.unit_id) in self.manual_units:
                    continue
                try:
                    with self.units_of_work() as uow:
                        dispatch.assign_unit(
                            uow,
                            self.dispatcher,
                            setup,
                            incident_id,
                            int(suggestion.unit_id),
                            suggestion.role,
                        )
                except GoldenHourError as exc:  # taken meanwhile: next tick will see
                    log.info("simulated assignment refused: %s", exc.detail)

    def drive(self, setup: DispatchSetup) -> None:
        """Every crew takes its next step when its time is up, and reports where it is."""
        real = self.real()
        now = real * self.speed
        with self.units_of_work() as uow:
            rows = [
                unit
                for unit in uow.dispatch.units.active(self.crew.agency_id)
                if unit.id not in self.manual_units
            ]
            plans = {row.id: self.next_step(uow, row, now) for row in rows}
        for row in rows:
            step = plans[row.id]
            if step is not None:
                self.move(setup, row, step, now)
        fixes = []
        for row in rows:
            crew = self.crews[row.id]
            if crew.trip is not None or real - crew.reported >= HEARTBEAT_S:
                lon, lat = crew.trip.where(now) if crew.trip else self.home(row)
                fixes.append(positions.Fix(row.id, lon, lat, uow.clock.now()))
                crew.reported = real
        if fixes:
            with self.units_of_work() as uow:
                positions.record_positions(uow, self.crew, setup, fixes, self.cache)

    def next_step(self, uow: UnitOfWork, row: Unit, now: float) -> str | None:
        crew = self.crews.get(row.id)
        if crew is None or crew.status != row.status:  # dispatched by the dispatcher, or new
            reported = crew.reported if crew else -math.inf
            crew = self.crews[row.id] = Crew(row.status, now, reported=reported)
        if crew.trip is None and row.status in ("en_route", "transporting", "returning"):
            crew.trip = self.trip_for(uow, row, row.status, self.position(row), now)
        waited = now - crew.since
        arrived = crew.trip is not None and crew.trip.arrived(now)
        status = row.status
        if status == "dispatched" and waited >= ACKNOWLEDGE_S:
            return "en_route"
        if status in ("en_route", "transporting", "returning") and arrived:
            return {"en_route": "on_scene", "transporting": "at_destination"}.get(
                status, "available"
            )
        if status == "on_scene" and waited >= TO_PATIENT_S:
            return "at_patient"
        if status == "at_patient" and waited >= WITH_PATIENT_S:
            assignment = active_assignment(uow, row.id)
            role = assignment.role if assignment is not None else None
            if row.unit_type == "transport" and role not in (None, "first_response"):
                return "transporting" if self.rng.random() < TRANSPORT_SHARE else "returning"
            return "returning"
        if status == "at_destination" and waited >= AT_DESTINATION_S:
            return "returning"
        return None

    def move(self, setup: DispatchSetup, row: Unit, status: str, now: float) -> None:
        crew = self.crews[row.id]
        here = crew.trip.where(now) if crew.trip else self.position(row)
        try:
            with self.units_of_work() as uow:
                incident_id = row.incident_id
                change_status(uow, self.crew, setup, row.id, status)
        except GoldenHourError as exc:
            log.info("simulated status change refused: %s", exc.detail)
            return
        with self.units_of_work() as uow:
            trip = self.trip_for(uow, row, status, here, now, incident_id)
        self.crews[row.id] = Crew(status, now, trip, crew.reported)

    def trip_for(
        self,
        uow: UnitOfWork,
        row: Unit,
        status: str,
        here: LonLat,
        now: float,
        incident_id: int | None = None,
    ) -> Trip | None:
        """Where a unit in ``status`` drives: to the call, a hospital, or home."""
        incident_id = incident_id if incident_id is not None else row.incident_id
        if status == "en_route" and incident_id is not None:
            incident = incidents.get_incident(uow, row.agency_id, incident_id)
            scene = recommendations.route_point(self.setup(), incident)
            return self.trip(here, scene, now, "emergency") if scene else None
        if status == "transporting":
            return self.trip(here, self.nearest_hospital(here), now, "emergency")
        if status == "returning":
            return self.trip(here, self.home(row), now, "normal")
        return None

    def trip(self, origin: LonLat, destination: LonLat, now: float, mode: str) -> Trip:
        route = self.region.route(origin, destination, mode)
        points = np.array(route.path if route.path else [origin, destination], dtype=float)
        steps = haversine_m(points[:-1, 0], points[:-1, 1], points[1:, 0], points[1:, 1])
        metres = np.concatenate([[0.0], np.cumsum(steps)])
        seconds = route.seconds if math.isfinite(route.seconds) else 60.0
        return Trip(points, metres, seconds, now)

    def nearest_hospital(self, here: LonLat) -> LonLat:
        places = self.hospitals
        if not places:
            return here
        seconds = self.region.etas_from(here, [(p.lon, p.lat) for p in places])
        best = places[int(np.argmin(seconds))]
        return (best.lon, best.lat)

    def home(self, row: Unit) -> LonLat:
        station = next((p for p in self.stations if p.name == row.station), None)
        if station is not None:
            return (station.lon, station.lat)
        west, south, east, north = self.region.bbox
        return ((west + east) / 2, (south + north) / 2)

    def position(self, row: Unit) -> LonLat:
        if row.lon is not None and row.lat is not None:
            return (row.lon, row.lat)
        return self.home(row)
