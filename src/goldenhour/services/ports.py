"""The ports: what the services need from the outside world, defined here, where they are used.

Adapters implement them without importing the services (structural typing): the road network
(``adapters.routing.Region``) is ``TravelTimes``, the in-process bus and the PostgreSQL fan-out
are ``EventBus``, ``adapters.wall_clock.WallClock`` is the production ``Clock``. A service reads
the time only from the ``Clock`` its unit of work carries, so tests and the planning simulator
run the same rules on a ``SettableClock`` (``services.clock``), faster than real time.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from goldenhour.domain.addresses import Candidate
from goldenhour.domain.shared.events import PublishedEvent

LonLat = tuple[float, float]
FloatArray = npt.NDArray[np.float64]


class Clock(Protocol):
    """The current time, timezone-aware (UTC)."""

    def now(self) -> datetime: ...


class EventBus(Protocol):
    """Receives events once their transaction has committed."""

    def publish(self, events: Sequence[PublishedEvent]) -> None: ...


class TravelTimes(Protocol):
    """Road travel times in seconds (dispatch and destination choice rank by them)."""

    bbox: tuple[float, float, float, float]

    def etas_to(
        self, destination: LonLat, origins: npt.ArrayLike, mode: str = "emergency"
    ) -> FloatArray: ...

    def etas_from(
        self, origin: LonLat, destinations: npt.ArrayLike, mode: str = "emergency"
    ) -> FloatArray: ...


@runtime_checkable
class RoadSnapping(Protocol):
    """A road network that says where its nearest road is, however far (a real region does;
    a straight-line model has roads everywhere)."""

    max_snap_m: float

    def nearest_road(self, lon: float, lat: float) -> tuple[float, float, float]: ...


class AddressBook(Protocol):
    """The region's geocoder: ranked candidates for what a call-taker typed."""

    def find(self, text: str, limit: int = 5) -> Sequence[Candidate]: ...
