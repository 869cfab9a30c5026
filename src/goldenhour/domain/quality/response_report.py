"""The response-time report: every interval's fractile and compliance, overall and by group.

One function turns a table of unit responses and a standard into the report that the CLI
prints as JSON, the page draws and the PDF carries, so the three can never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from goldenhour.domain.quality.charts import distribution
from goldenhour.domain.quality.fractiles import Summary, summarise
from goldenhour.domain.quality.intervals import (
    BY_NAME,
    RESPONSE_INTERVALS,
    Measured,
    Responses,
    measure_all,
)
from goldenhour.domain.quality.standards import Standard


@dataclass(frozen=True)
class ReportRequest:
    intervals: Sequence[str] = RESPONSE_INTERVALS
    by: Sequence[str] = ()
    per_unit: bool = False
    fractile: float | None = None  # None: the standard's, per interval


def targets_for(responses: Responses, standard: Standard, interval: str) -> NDArray[np.float64]:
    """One target per row (NaN: the standard sets none), matched on the row's priority and
    zone; computed once per distinct pair, not per row."""
    target = standard.target(interval)
    if target is None:
        return np.full(len(responses), np.nan)
    if not target.overrides:
        return np.full(len(responses), np.nan if target.seconds is None else target.seconds)
    empty = np.full(len(responses), "", dtype=np.str_)
    pairs = np.char.add(
        np.char.add(responses.labels.get("priority", empty), "\x1f"),
        responses.labels.get("zone", empty),
    )
    distinct, inverse = np.unique(pairs, return_inverse=True)
    values = []
    for pair in distinct.tolist():
        priority, zone = pair.split("\x1f")
        found = target.for_call(priority, zone)
        values.append(np.nan if found is None else found)
    return np.asarray(values, dtype=np.float64)[inverse]


def response_report(
    responses: Responses, standard: Standard, request: ReportRequest | None = None
) -> dict[str, Any]:
    """The report as plain data (JSON-ready)."""
    request = request or ReportRequest()
    for name in request.intervals:
        if name not in BY_NAME:
            raise ValueError(f"unknown interval {name!r}")
    measured = measure_all(responses, request.per_unit, request.intervals)
    targets = {name: targets_for(responses, standard, name) for name in request.intervals}
    report: dict[str, Any] = {
        "standard": standard.name,
        "unit": "every unit" if request.per_unit else "first unit on scene",
        "responses": len(responses),
        "incidents": responses.incidents,
        "intervals": {
            name: _summary(m, targets[name], standard, request, None).as_dict()
            for name, m in measured.items()
        },
        "excluded": {name: m.exclusions(responses) for name, m in measured.items()},
        "distributions": {
            name: distribution(m.seconds, standard.rules) for name, m in measured.items()
        },
    }
    if request.by:
        report["by"] = _by_group(responses, measured, targets, standard, request)
    return report


def _summary(
    m: Measured,
    targets: NDArray[np.float64],
    standard: Standard,
    request: ReportRequest,
    keep: NDArray[np.intp] | None,
) -> Summary:
    rows = m.rows if keep is None else m.rows[keep]
    seconds = m.seconds if keep is None else m.seconds[keep]
    p = request.fractile or standard.fractile_for(m.interval.name)
    return summarise(seconds, targets[rows], p, standard.rules)


def _by_group(
    responses: Responses,
    measured: dict[str, Measured],
    targets: dict[str, NDArray[np.float64]],
    standard: Standard,
    request: ReportRequest,
) -> list[dict[str, Any]]:
    """Each group's summaries. Rows get one group number (mixed from each label's codes);
    each interval's rows are sorted by it once and cut into groups."""
    names: list[NDArray[np.str_]] = []
    group = np.zeros(len(responses), dtype=np.intp)
    for key in request.by:
        if key not in responses.labels:
            raise ValueError(f"cannot group by {key!r}; the data has {sorted(responses.labels)}")
        distinct, codes = np.unique(responses.labels[key], return_inverse=True)
        names.append(distinct)
        group = group * len(distinct) + codes.reshape(-1)
    present = np.unique(group)
    per_interval = {}
    for name, m in measured.items():
        order = np.argsort(group[m.rows], kind="stable")
        cuts = np.searchsorted(group[m.rows][order], present)
        per_interval[name] = (order, np.r_[cuts, len(order)])
    groups = []
    for index, code in enumerate(present.tolist()):
        labels = []
        for distinct in reversed(names):
            code, here = divmod(code, len(distinct))
            labels.append(str(distinct[here]))
        entry: dict[str, Any] = {"group": dict(zip(request.by, reversed(labels), strict=True))}
        entry["intervals"] = {}
        for name, m in measured.items():
            order, bounds = per_interval[name]
            keep = np.sort(order[bounds[index] : bounds[index + 1]])
            entry["intervals"][name] = _summary(m, targets[name], standard, request, keep).as_dict()
        groups.append(entry)
    return groups


CSV_COLUMNS = (
    "group",
    "interval",
    "n",
    "fractile",
    "fractile_s",
    "target_s",
    "compliance",
    "excluded",
)


def report_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report as table rows (CSV): the whole period first, then each group."""
    rows = [
        {"group": "all", "interval": name, **_cells(s), "excluded": report["excluded"][name]["n"]}
        for name, s in report["intervals"].items()
    ]
    for group in report.get("by", []):
        label = " ".join(f"{k}={v}" for k, v in group["group"].items())
        rows += [
            {"group": label, "interval": name, **_cells(s), "excluded": ""}
            for name, s in group["intervals"].items()
        ]
    return rows


def _cells(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: ("" if summary[k] is None else summary[k]) for k in CSV_COLUMNS[2:7]}
