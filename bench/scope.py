"""Scope benchmark: decisions per second with warmed rules, and deriving 500 units' levels.

Run: ``.venv/bin/python bench/scope.py [--decisions 200000] [--units 500]``.
Prints one JSON line per figure, each beside a baseline measured in the same run:

* ``scope_decisions_per_s``: ``decide`` over the compiled table of national model + Example
  State A + an agency protocol, for random providers (one or two certifications, some
  expired or suspended, some endorsements) and random skills, versus the same decisions
  walking the layers every time (``LayeredScope``, no precompilation). Target (issue 3):
  100,000 decisions/s in-process.
* ``unit_levels_ms``: deriving the level of care of 500 units (two or three crew each, some
  off duty or expired) with the crew grouped by unit once, versus scanning the whole crew
  list for every unit.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from goldenhour.adapters.refdata.scope import agency_layer, load_staffing_rules, scope_layers
from goldenhour.adapters.refdata.skills import load_skill_catalog
from goldenhour.domain.credentials.certification_levels import BY_SLUG, EMS_LADDER
from goldenhour.domain.credentials.certifications import (
    Certification,
    CertificationStatus,
    Credentials,
    Endorsement,
)
from goldenhour.domain.scope.decision import LayeredScope, ScopeTable, compile_scope, decide
from goldenhour.domain.units.crew_level import CrewAssignment, Unit, UnitType, derive_unit_level
from goldenhour.domain.units.levels_of_care import CareLevel

AT = datetime(2026, 6, 1, 12, tzinfo=UTC)
AGENCY = """
[agency]
name = "bench-county-ems"
[[rule]]
skill = "ketamine-iv"
effect = "condition"
at_or_above = "paramedic"
medical_control = true
[[rule]]
skill = "needle-cricothyrotomy"
effect = "deny"
levels = ["paramedic"]
"""


def random_credentials(rng: random.Random, name: str) -> Credentials:
    certs = []
    for _ in range(rng.choice((1, 1, 2))):
        level = rng.choice(EMS_LADDER)
        expires = AT.date() + timedelta(days=rng.randint(-60, 700))
        status = (
            CertificationStatus.SUSPENDED if rng.random() < 0.03 else CertificationStatus.ACTIVE
        )
        certs.append(
            Certification(level, f"{name}-{level.slug}", "XA", date(2020, 1, 1), expires, status)
        )
    endorsements = tuple(
        Endorsement(e) for e in ("epinephrine-check-and-inject", "rsi") if rng.random() < 0.3
    )
    return Credentials(name, tuple(certs), endorsements)


def rate(scope: ScopeTable, work: list[tuple[Credentials, str]]) -> float:
    started = time.perf_counter()
    for credentials, skill in work:
        decide(scope, credentials, skill, AT)
    return len(work) / (time.perf_counter() - started)


def best_of(runs: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(runs))


def emit(**figures: Any) -> None:
    print(json.dumps(figures), flush=True)


def bench_decisions(decisions: int, rng: random.Random) -> None:
    slugs = load_skill_catalog().slugs
    layers = (*scope_layers("XA"), agency_layer(AGENCY))
    started = time.perf_counter()
    compiled = compile_scope(layers, slugs)
    compile_ms = (time.perf_counter() - started) * 1000
    providers = [random_credentials(rng, f"p{i}") for i in range(1000)]
    work = [(rng.choice(providers), rng.choice(slugs)) for _ in range(decisions)]
    layered = LayeredScope(layers, slugs)
    rate(compiled, work[:1000])  # warm caches and the interpreter's specialisations
    fast = max(rate(compiled, work) for _ in range(3))
    baseline = rate(layered, work[: max(1000, decisions // 50)])
    emit(
        figure="scope_decisions_per_s",
        value=round(fast),
        baseline="LayeredScope (layers walked per decision, no precompilation)",
        baseline_value=round(baseline),
        ratio=round(fast / baseline, 1),
        target=100_000,
        meets_target=fast >= 100_000,
        compile_ms=round(compile_ms, 1),
        decisions=decisions,
    )


def bench_units(units: int, rng: random.Random) -> None:
    rules = load_staffing_rules("XA")
    fleet, crew = [], []
    levels = [BY_SLUG[s] for s in ("emt", "emt", "aemt", "paramedic", "critical-care-paramedic")]
    for i in range(units):
        unit = Unit(f"U{i}", rng.choice(list(UnitType)), rng.choice(list(CareLevel)))
        fleet.append(unit)
        for j in range(rng.choice((1, 2, 2, 3))):
            level = rng.choice(levels)
            expires = AT.date() + timedelta(days=rng.randint(-30, 700))
            cert = Certification(level, f"{i}-{j}", "XA", date(2020, 1, 1), expires)
            start = AT - timedelta(hours=rng.randint(0, 12))
            end = start + timedelta(hours=rng.choice((4, 12, 24)))
            crew.append(CrewAssignment(unit.unit_id, Credentials(f"c{i}-{j}", (cert,)), start, end))
    rng.shuffle(crew)

    def grouped() -> float:
        started = time.perf_counter()
        by_unit: dict[str, list[CrewAssignment]] = {}
        for member in crew:
            by_unit.setdefault(member.unit_id, []).append(member)
        for unit in fleet:
            derive_unit_level(unit, by_unit.get(unit.unit_id, []), rules, AT)
        return (time.perf_counter() - started) * 1000

    def scan_all() -> float:
        started = time.perf_counter()
        for unit in fleet:
            derive_unit_level(unit, crew, rules, AT)
        return (time.perf_counter() - started) * 1000

    fast, slow = best_of(5, grouped), best_of(3, scan_all)
    emit(
        figure="unit_levels_ms",
        value=round(fast, 2),
        units=units,
        crew=len(crew),
        baseline="every unit scans the whole crew list",
        baseline_value=round(slow, 2),
        ratio=round(slow / fast, 1),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=200_000)
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    bench_decisions(args.decisions, rng)
    bench_units(args.units, rng)


if __name__ == "__main__":
    main()
