"""Run replications of a base plan and its scenarios, on a process pool or a Dask cluster.

A replication is a pure function of (model, scenario, seed, replication number): its calls
come from the seed's own random streams, so it gives the same figures in this process, in a
pool worker or on a Dask worker, and the results are gathered in replication order. Every
scenario of a replication sees the same calls (common random numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from goldenhour.domain.planning.simulation.calls import CallGenerator
from goldenhour.domain.planning.simulation.engine import simulate
from goldenhour.domain.planning.simulation.model import SimConfig, SimModel
from goldenhour.domain.planning.simulation.outcomes import Figures, compare, figures, summarise
from goldenhour.domain.planning.simulation.scenarios import BASE, Scenario

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Study:
    """What to run: the base model, its calls, the centre's rules and the run's length."""

    model: SimModel
    calls: CallGenerator
    config: SimConfig
    days: float
    seed: int = 1


def replicate(study: Study, scenario: Scenario, replication: int) -> Figures:
    """One replication of one scenario: its figures (warm-up excluded)."""
    model = scenario.apply(study.model)
    calls = study.calls.generate(study.days, study.seed, replication, scenario.demand)
    run = simulate(model, study.config, calls)
    return figures(run, study.config.targets_s, model.zones, [u.id for u in model.fleet])


def _jobs(scenarios: Sequence[Scenario], replications: int) -> list[tuple[Scenario, int]]:
    return [(s, r) for s in scenarios for r in range(replications)]


def run_study(
    study: Study,
    scenarios: Sequence[Scenario] = (),
    replications: int = 10,
    workers: int | None = None,
    dask: str | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Base and scenarios, ``replications`` each; summaries and paired differences.

    ``workers``: pool size (1 runs in this process). ``dask``: a scheduler address
    (``tcp://host:8786``); replications then run on that cluster's workers.
    """
    every = [BASE, *scenarios]
    for s in every:
        s.apply(study.model)  # refuse a bad scenario before any work starts
    jobs = _jobs(every, replications)
    results = list(_execute(study, jobs, workers, dask, progress))
    per: dict[str, list[Figures]] = {s.name: [] for s in every}
    for (scenario, _), result in zip(jobs, results, strict=True):
        per[scenario.name].append(result)
    return {
        "replications": replications,
        "days": study.days,
        "seed": study.seed,
        "scenarios": {name: summarise(runs) for name, runs in per.items()},
        "differences": {s.name: compare(per[BASE.name], per[s.name]) for s in scenarios},
        "runs": per,
    }


def _execute(
    study: Study,
    jobs: list[tuple[Scenario, int]],
    workers: int | None,
    dask: str | None,
    progress: Progress | None,
) -> Iterable[Figures]:
    done = 0
    total = len(jobs)
    if dask:
        from distributed import Client, as_completed

        with Client(dask) as client:  # type: ignore[no-untyped-call]
            shared = client.scatter(study, broadcast=True)
            futures = [client.submit(replicate, shared, s, r, pure=False) for s, r in jobs]
            for _ in as_completed(futures):  # type: ignore[no-untyped-call]
                done += 1
                if progress:
                    progress(done, total)
            return [f.result() for f in futures]
    if workers == 1:
        out = []
        for s, r in jobs:
            out.append(replicate(study, s, r))
            done += 1
            if progress:
                progress(done, total)
        return out
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return _gather(pool, study, jobs, progress)


def _gather(
    pool: Executor, study: Study, jobs: list[tuple[Scenario, int]], progress: Progress | None
) -> list[Figures]:
    futures = [pool.submit(replicate, study, s, r) for s, r in jobs]
    out = []
    for k, future in enumerate(futures, start=1):
        out.append(future.result())
        if progress:
            progress(k, len(futures))
    return out
