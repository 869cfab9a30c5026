"""The sign-in wait rule: free typos, then doubling waits, capped, forgotten after the window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenhour.domain.accounts.sign_in_throttle import ACCOUNT, Limit, locks_now, wait_left

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
LIMIT = Limit(3, timedelta(minutes=15), timedelta(seconds=30), timedelta(minutes=5))


def failures(n: int, last_seconds_ago: float = 0.0) -> list[datetime]:
    return [NOW - timedelta(seconds=last_seconds_ago + i) for i in range(n)]


@pytest.mark.parametrize(
    ("count", "seconds_ago", "wait_s"),
    [
        (0, 0, None),
        (2, 0, None),  # below the limit: typos cost nothing
        (3, 0, 30),  # the limit: the first wait
        (4, 0, 60),  # each further failure doubles it
        (5, 0, 120),
        (6, 0, 240),
        (7, 0, 300),  # capped
        (40, 0, 300),
        (3, 10, 20),  # part of the wait has passed
        (3, 30, None),  # all of it has
    ],
)
def test_waits_double_past_the_limit_and_are_capped(
    count: int, seconds_ago: float, wait_s: float | None
) -> None:
    wait = wait_left(failures(count, seconds_ago), NOW, LIMIT)
    assert (wait.total_seconds() if wait else None) == wait_s


def test_failures_older_than_the_window_are_forgotten() -> None:
    old = failures(10, last_seconds_ago=LIMIT.window.total_seconds() + 1)
    assert wait_left(old, NOW, LIMIT) is None


def test_only_the_failure_reaching_the_limit_starts_a_lockout() -> None:
    assert [locks_now(n, ACCOUNT) for n in range(ACCOUNT.failures + 2)].count(True) == 1
    assert locks_now(ACCOUNT.failures - 1, ACCOUNT)


@given(st.integers(0, 200), st.floats(0, 2000))
def test_the_wait_never_exceeds_the_longest(count: int, seconds_ago: float) -> None:
    wait = wait_left(failures(count, seconds_ago), NOW, LIMIT)
    assert wait is None or timedelta(0) < wait <= LIMIT.longest_wait
