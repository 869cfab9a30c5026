"""Past calls as arrivals: what the history stamped is replayed, what it did not is drawn, and
a scenario's demand change thins or adds calls without touching the ones it keeps."""

from __future__ import annotations

import numpy as np
import pytest

from goldenhour.domain.planning.simulation.calls import Distribution
from goldenhour.domain.planning.simulation.history import Fallback, HistoricCalls
from goldenhour.domain.shared.errors import InvalidInput

NAN = np.nan


def _history() -> HistoricCalls:
    return HistoricCalls(
        time=np.array([100.0, 3_600.0, 90_000.0, 200_000.0]),
        place=np.array([3, 1, 4, 1]),
        reason=np.array(["2301013", "2301061", "2301021", "2301033"]),
        dispatch_delay=np.array([70.0, NAN, 30.0, NAN]),
        on_scene=np.array([900.0, 1200.0, NAN, NAN]),
        handover=np.array([NAN, 600.0, 660.0, NAN]),
        transport=np.array([1.0, 0.0, NAN, 1.0]),
        fallback=Fallback(
            Distribution("constant", 45.0),
            Distribution("exponential", 1000.0),
            Distribution("constant", 777.0),
            0.5,
        ),
    )


def test_stamped_attributes_are_replayed_and_missing_ones_drawn_from_the_fallback():
    calls = _history().generate(days=3.0, seed=1, replication=0)
    assert calls.time.tolist() == [100.0, 3_600.0, 90_000.0, 200_000.0]
    assert calls.place.tolist() == [3, 1, 4, 1]
    assert calls.dispatch_delay.tolist() == [70.0, 45.0, 30.0, 45.0]
    assert calls.on_scene[:2].tolist() == [900.0, 1200.0] and np.all(calls.on_scene[2:] > 0)
    assert calls.handover.tolist() == [777.0, 600.0, 660.0, 777.0]
    assert calls.transport[[0, 1, 3]].tolist() == [True, False, True]


def test_replications_differ_only_where_the_history_is_silent():
    history = _history()
    a = history.generate(days=3.0, seed=1, replication=0)
    b = history.generate(days=3.0, seed=1, replication=1)
    assert a.on_scene[:2].tolist() == b.on_scene[:2].tolist()
    assert a.on_scene[2:].tolist() != b.on_scene[2:].tolist()
    again = history.generate(days=3.0, seed=1, replication=0)
    assert again.on_scene.tolist() == a.on_scene.tolist()


def test_the_run_takes_the_calls_of_its_days_and_the_history_says_how_many_days_it_touches():
    history = _history()
    assert history.days == 3.0  # the last call is on day 3 (200,000 s)
    assert len(history.generate(days=1.0, seed=1, replication=0)) == 2


def test_less_demand_keeps_a_subset_of_the_same_calls_and_more_adds_to_them():
    history = _history()
    base = history.generate(days=3.0, seed=2, replication=0)
    less = history.generate(days=3.0, seed=2, replication=0, demand=0.5)
    assert set(less.time.tolist()) <= set(base.time.tolist())
    more = history.generate(days=3.0, seed=2, replication=0, demand=3.0)
    assert set(base.time.tolist()) <= set(more.time.tolist())
    assert np.all(np.diff(more.time) >= 0) and len(more) >= len(base)
    assert set(more.reason.tolist()) <= set(base.reason.tolist())


def test_an_empty_or_unordered_history_is_refused_by_field():
    with pytest.raises(InvalidInput, match="no stored calls"):
        HistoricCalls(
            np.array([]),
            np.array([], dtype=np.int64),
            np.array([], dtype=np.str_),
            *(np.array([]) for _ in range(4)),
            _history().fallback,
        )
    history = _history()
    with pytest.raises(InvalidInput, match="arrival order"):
        HistoricCalls(
            history.time[::-1],
            history.place,
            history.reason,
            history.dispatch_delay,
            history.on_scene,
            history.handover,
            history.transport,
            history.fallback,
        )
