"""Run replications of a base plan and its scenarios, on a process pool or a Dask cluster.

A replication is a pure function of (model, scenario, seed, replication number): its calls
come from the seed's own random streams, so it gives the same figures in this process, in a
pool worker or on a Dask worker, and the results are gathered in replication order. Every
scenario of a replication sees the same calls (common random numbers).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from goldenhour.domain.planning.simulation.calls import CallSource
from goldenhour.domain.planning.simulation.engine import simulate
from goldenhour.domain.planning.simulation.model import SimConfig, SimModel
from goldenhour.domain.planning.simulation.outcomes import Figures, compare, figures, summarise
from goldenhour.domain.planning.simulation.scenarios import BASE, Scenario
from goldenhour.domain.triage.priority import Priority

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Study:
    """What to run: the base model, its calls, the centre's rules and the run's length."""

    model: SimModel
    calls: CallSource
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
    # The study (travel tables of megabytes) goes to each worker once, not with every job.
    with ProcessPoolExecutor(max_workers=workers, initializer=_install, initargs=(study,)) as pool:
        return _gather(pool, jobs, progress)


_installed: list[Study] = []


def _install(study: Study) -> None:
    _installed[:] = [study]


def _replicate_installed(scenario: Scenario, replication: int) -> Figures:
    return replicate(_installed[0], scenario, replication)


def _gather(
    pool: Executor, jobs: list[tuple[Scenario, int]], progress: Progress | None
) -> list[Figures]:
    futures = [pool.submit(_replicate_installed, s, r) for s, r in jobs]
    out = []
    for k, future in enumerate(futures, start=1):
        out.append(future.result())
        if progress:
            progress(k, len(futures))
    return out


FIGURES = ("p90_s", "compliance", "mean_s", "calls")


def side_by_side(result: dict[str, Any], scenario: str) -> dict[str, Any]:
    """Base, scenario and their paired difference per priority, plus utilisation and queue,
    as plain JSON (a figure with no calls is None rather than NaN)."""

    def clean(figure: dict[str, float] | None) -> dict[str, float | None]:
        figure = figure or {}
        return {
            k: (None if v is None or not math.isfinite(v) else v)
            for k, v in ((k, figure.get(k)) for k in ("mean", "ci95"))
        }

    tables = {
        "base": result["scenarios"]["base"],
        "scenario": result["scenarios"][scenario],
        "difference": result["differences"][scenario],
    }
    priorities = sorted(
        {k.split(".")[1] for k in tables["base"] if k.startswith("response.")},
        key=lambda name: list(Priority.__members__).index(name),
    )
    rows = []
    for name in priorities:
        row: dict[str, Any] = {"priority": name}
        for column, table in tables.items():
            row[column] = {f: clean(table.get(f"response.{name}.{f}")) for f in FIGURES}
        rows.append(row)
    overall = {
        column: {k: clean(table.get(k)) for k in ("utilisation.mean", "queued_share", "calls")}
        for column, table in tables.items()
    }
    return {"priorities": rows, "overall": overall}
