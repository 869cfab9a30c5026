"""The in-process event bus: hands committed events to live subscribers of the same agency.

The unit of work writes each event to the ``events`` table in the transaction of the change and
publishes it only after commit, to the services' ``EventBus`` port. ``InProcessBus`` delivers to
subscribers in this process (server-sent-event streams run on the asyncio loop; service calls
may publish from worker threads, hence ``call_soon_threadsafe``). On PostgreSQL several API
workers share one database: each runs ``pg_fanout.PostgresFanout``, which LISTENs on
``EVENTS_CHANNEL``, re-reads new rows of ``events`` in id order and delivers them to its own
``InProcessBus``.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from goldenhour.domain.shared.events import PublishedEvent


@dataclass
class Subscription:
    agency_id: int
    queue: asyncio.Queue[PublishedEvent]
    loop: asyncio.AbstractEventLoop


@dataclass
class InProcessBus:
    """Fan-out inside one process; each subscriber sees only its own agency's events."""

    _subscriptions: list[Subscription] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    published: int = 0  # events handed to this process's subscribers (the /metrics counter)

    def subscribe(self, agency_id: int) -> Subscription:
        subscription = Subscription(agency_id, asyncio.Queue(), asyncio.get_running_loop())
        with self._lock:
            self._subscriptions.append(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        with self._lock:
            if subscription in self._subscriptions:
                self._subscriptions.remove(subscription)

    def publish(self, events: Sequence[PublishedEvent]) -> None:
        self.deliver(events)

    def deliver(self, events: Sequence[PublishedEvent]) -> None:
        with self._lock:
            subscriptions = list(self._subscriptions)
            self.published += len(events)
        for subscription in subscriptions:
            for event in events:
                if event.agency_id != subscription.agency_id:
                    continue
                try:
                    subscription.loop.call_soon_threadsafe(subscription.queue.put_nowait, event)
                except RuntimeError:  # the subscriber's loop has closed
                    self.unsubscribe(subscription)
                    break

    @property
    def subscriber_count(self) -> int:
        with self._lock:
            return len(self._subscriptions)

    @property
    def queued(self) -> int:
        """Events waiting in subscribers' queues: a stream that falls behind shows here."""
        with self._lock:
            return sum(s.queue.qsize() for s in self._subscriptions)
