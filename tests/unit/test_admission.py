"""Admission: requests beyond the database slots wait their turn in arrival order, and are turned
away at once (503, Retry-After, nothing done) when their turn cannot come in time."""

from __future__ import annotations

import asyncio

import pytest

from goldenhour.api.admission import RETRY_AFTER_S, Admission
from goldenhour.domain.shared.errors import Overloaded, TooManyRequests


async def hold(admission: Admission, name: str, entered: list[str], leave: asyncio.Event) -> None:
    async with admission.slot():
        entered.append(name)
        await leave.wait()


def test_requests_beyond_capacity_wait_and_enter_in_arrival_order() -> None:
    async def scenario() -> list[str]:
        admission = Admission("reads", capacity=2, max_wait_s=30.0)
        entered: list[str] = []
        leave = {name: asyncio.Event() for name in "abcde"}
        tasks = []
        for name in "abcde":
            tasks.append(asyncio.create_task(hold(admission, name, entered, leave[name])))
            await asyncio.sleep(0)  # let it arrive before the next one
        assert entered == ["a", "b"] and admission.waiting == 3
        for name in "abcde":
            leave[name].set()
            await asyncio.sleep(0)
        await asyncio.gather(*tasks)
        assert admission.waiting == 0
        return entered

    assert asyncio.run(scenario()) == ["a", "b", "c", "d", "e"]


def test_a_request_whose_turn_does_not_come_in_time_is_refused_with_retry_after() -> None:
    async def scenario() -> None:
        admission = Admission("writes", capacity=1, max_wait_s=0.05)
        leave = asyncio.Event()
        holder = asyncio.create_task(hold(admission, "a", [], leave))
        await asyncio.sleep(0)
        with pytest.raises(Overloaded) as refused:
            async with admission.slot():
                pytest.fail("let in while the only slot was taken")
        assert isinstance(refused.value, TooManyRequests)  # answered with Retry-After
        assert refused.value.retry_after_s == RETRY_AFTER_S
        assert "nothing was done" in refused.value.detail
        assert admission.refused == 1 and admission.waiting == 0
        leave.set()
        await holder
        async with admission.slot():  # the slot was given back, not lost with the refusal
            pass

    asyncio.run(scenario())


def test_a_line_too_long_to_get_through_in_time_is_refused_without_waiting() -> None:
    async def scenario() -> None:
        admission = Admission("reads", capacity=1, max_wait_s=1.0)
        admission.held_s = 0.4  # each request has lately held its slot this long
        leave = asyncio.Event()
        entered: list[str] = []
        tasks = [asyncio.create_task(hold(admission, n, entered, leave)) for n in "abc"]
        await asyncio.sleep(0)
        assert entered == ["a"] and admission.waiting == 2  # 0.4 s and 0.8 s away: they wait
        loop = asyncio.get_running_loop()
        started = loop.time()
        with pytest.raises(Overloaded):  # third in line: 1.2 s away, more than 1 s
            async with admission.slot():
                pass
        assert loop.time() - started < 0.5
        leave.set()
        await asyncio.gather(*tasks)

    asyncio.run(scenario())


def test_a_client_that_leaves_while_waiting_gives_its_turn_to_the_next() -> None:
    async def scenario() -> list[str]:
        admission = Admission("reads", capacity=1, max_wait_s=30.0)
        entered: list[str] = []
        leave = asyncio.Event()
        first = asyncio.create_task(hold(admission, "a", entered, leave))
        await asyncio.sleep(0)
        gone = asyncio.create_task(hold(admission, "b", entered, asyncio.Event()))
        await asyncio.sleep(0)
        third = asyncio.create_task(hold(admission, "c", entered, leave))
        await asyncio.sleep(0)
        gone.cancel()
        leave.set()
        await asyncio.gather(first, third)
        with pytest.raises(asyncio.CancelledError):
            await gone
        return entered

    assert asyncio.run(scenario()) == ["a", "c"]
