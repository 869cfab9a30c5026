"""How many wrong passwords before sign-in waits: per account and per network address.

Guessing a dispatcher's password must be slow, yet a tired dispatcher who mistypes twice must
not be locked out of the board. So the first few failures in a window cost nothing; past the
limit each further failure doubles the wait, capped, and a correct password during the wait is
refused too (otherwise the lock proves nothing). An address gets a higher limit than an account,
since a station's dispatchers share one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Limit:
    failures: int  # allowed within ``window`` before waits begin
    window: timedelta
    first_wait: timedelta
    longest_wait: timedelta


ACCOUNT = Limit(5, timedelta(minutes=15), timedelta(seconds=30), timedelta(minutes=15))
ADDRESS = Limit(30, timedelta(minutes=15), timedelta(seconds=30), timedelta(minutes=15))


def wait_left(failures: Iterable[datetime], now: datetime, limit: Limit) -> timedelta | None:
    """How long sign-in must wait given the failure times, or None when it may go ahead."""
    recent = sorted(t for t in failures if now - t <= limit.window)
    if len(recent) < limit.failures:
        return None
    doublings = len(recent) - limit.failures
    wait = min(limit.first_wait * 2 ** min(doublings, 20), limit.longest_wait)
    until = recent[-1] + wait
    return until - now if until > now else None


def locks_now(failures_before: int, limit: Limit) -> bool:
    """True when one more failure is the one that starts the waits (worth an audit entry)."""
    return failures_before + 1 == limit.failures
