"""Admission: how many requests work on the database at once, and who is turned away.

Every request that opens a unit of work first takes a slot here, before it authenticates or
touches the database. Reads and writes have slots of their own (a queue of writers, which on
SQLite take turns at the write lock, never keeps a dispatcher's board from loading), and
together they are no more than the connection pool holds, so a request that was let in always
finds a connection and never holds one while waiting for a thread.

When every slot is taken a request waits its turn (first come, first served). When the wait
would be longer than ``max_wait_s`` — judged from how many are already waiting and how long a
slot has recently been held — or the turn does not come within it, the request is refused at
once with 503 and ``Retry-After``, having done nothing: a client may repeat it safely, and the
requests already let in finish in time instead of everyone timing out together.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from goldenhour.domain.shared.errors import Overloaded

RETRY_AFTER_S = 1
_SMOOTHING = 0.2  # weight of the newest hold time in the running estimate


class Admission:
    def __init__(self, name: str, capacity: int, max_wait_s: float) -> None:
        self.name = name
        self.capacity = capacity
        self.max_wait_s = max_wait_s
        self.held_s = 0.0  # running estimate of how long a request holds its slot
        self.refused = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._busy = 0
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    @property
    def busy(self) -> int:
        """Requests holding a slot: working on the database, or about to."""
        return self._busy

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        await self._enter()
        started = time.perf_counter()
        try:
            yield
        finally:
            held = time.perf_counter() - started
            self.held_s += _SMOOTHING * (held - self.held_s)
            self._leave()

    async def _enter(self) -> None:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (a test client restarted the app)
            self._loop, self._busy, self._waiters = loop, 0, deque()
        if self._busy < self.capacity and not self._waiters:
            self._busy += 1
            return
        expected = (len(self._waiters) + 1) * self.held_s / self.capacity
        if expected > self.max_wait_s:
            raise self._refusal()
        turn: asyncio.Future[None] = loop.create_future()
        self._waiters.append(turn)
        try:
            await asyncio.wait_for(asyncio.shield(turn), self.max_wait_s)
        except BaseException as exc:  # timed out, or the client went away while waiting
            if turn.done():  # handed a slot just as the wait ended: give it on
                self._leave()
            else:
                self._waiters.remove(turn)
            if isinstance(exc, TimeoutError):
                raise self._refusal() from None
            raise

    def _leave(self) -> None:
        while self._waiters:
            turn = self._waiters.popleft()
            if not turn.done():
                turn.set_result(None)  # the slot passes straight to the next in line
                return
        self._busy -= 1

    def _refusal(self) -> Overloaded:
        self.refused += 1
        return Overloaded(
            f"the server is at capacity ({self.capacity} {self.name} at once and "
            f"{len(self._waiters)} waiting); nothing was done, try again in {RETRY_AFTER_S} s",
            RETRY_AFTER_S,
        )
