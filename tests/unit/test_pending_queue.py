"""The pending queue: most urgent first, then longest waiting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenhour.domain.dispatch.pending_queue import PendingCall, order_pending
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.triage.priority import Priority

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

calls = st.lists(
    st.builds(
        PendingCall,
        incident_id=st.text("abcdef", min_size=1, max_size=3),
        priority=st.sampled_from(Priority),
        received_at=st.integers(0, 3600).map(lambda s: T0 + timedelta(seconds=s)),
    ),
    max_size=30,
)


def test_a_priority_one_call_jumps_ahead_of_older_lower_priority_calls():
    old_p3 = PendingCall("a", Priority.P3, T0)
    new_p1 = PendingCall("b", Priority.P1, T0 + timedelta(minutes=20))
    older_p3 = PendingCall("c", Priority.P3, T0 - timedelta(minutes=5))
    assert order_pending([old_p3, new_p1, older_p3]) == [new_p1, older_p3, old_p3]


@given(calls)
def test_the_queue_is_ordered_by_priority_then_waiting_time_and_loses_no_call(pending):
    ordered = order_pending(pending)
    assert sorted(map(id, ordered)) == sorted(map(id, pending))
    for a, b in zip(ordered, ordered[1:], strict=False):
        assert (a.priority, a.received_at) <= (b.priority, b.received_at)


@given(calls, st.randoms())
def test_the_order_does_not_depend_on_the_order_calls_arrive_in(pending, rng):
    shuffled = list(pending)
    rng.shuffle(shuffled)
    assert order_pending(shuffled) == order_pending(pending)


def test_a_call_without_a_timezone_is_refused_naming_it():
    with pytest.raises(InvalidInput) as caught:
        order_pending(
            [PendingCall("a", Priority.P1, T0), PendingCall("b", Priority.P2, datetime(2026, 1, 1))]
        )
    assert caught.value.errors[0].field == "calls[1].received_at"
