"""The response-time report's charts as Vega-Lite specs: one spec for the page and the PDF.

The page draws these with vega-embed and the server renders the very same dictionaries to SVG
or PDF with vl-convert, so a chart in a printed monthly report is the chart on the screen.
The data travel inside each spec, already reduced (bins and the fractile curve), never as
raw call times.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from goldenhour.domain.quality.fractiles import ContractRules, rank
from goldenhour.domain.quality.intervals import BY_NAME, RESPONSE_INTERVALS

Spec = dict[str, Any]
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
BIN_S = 30
WIDTH = 520


def distribution(seconds: NDArray[np.float64], rules: ContractRules) -> dict[str, Any]:
    """Counts per 30-second bin up to the 99th fractile (the longer calls in one last bin, so
    one lost stamp cannot squash the chart), and the nearest-rank fractile at each percent."""
    counted = rules.counted(seconds)
    if len(counted) == 0:
        return {"bins": [], "fractiles": []}
    ordered = np.sort(counted)
    n = len(ordered)
    top = float(ordered[rank(99, n) - 1])
    edges = np.arange(0, top + BIN_S + 1, BIN_S)
    counts, _ = np.histogram(np.minimum(counted, edges[-1] - 1), edges)
    return {
        "bins": [
            {"start_s": float(lo), "end_s": float(lo + BIN_S), "count": int(c)}
            for lo, c in zip(edges[:-1], counts, strict=True)
            if c
        ],
        # Sorted once: the nearest rank is then an index, not a selection per percent.
        "fractiles": [{"p": p, "seconds": float(ordered[rank(p, n) - 1])} for p in range(1, 101)],
    }


def histogram(report: dict[str, Any], interval: str) -> Spec:
    summary = report["intervals"][interval]
    label = BY_NAME[interval].label
    layers: list[Spec] = [
        {
            "data": {"values": report["distributions"][interval]["bins"]},
            "mark": {"type": "bar", "color": "#4c78a8"},
            "encoding": {
                "x": {"field": "start_s", "type": "quantitative", "title": f"{label} (s)"},
                "x2": {"field": "end_s"},
                "y": {"field": "count", "type": "quantitative", "title": "calls"},
                "y2": {"datum": 0},
            },
        }
    ]
    layers += _target_rule(summary["target_s"], "x")
    return {
        "$schema": SCHEMA,
        "title": f"{label}: calls per {BIN_S} s (n = {summary['n']})",
        "width": WIDTH,
        "height": 180,
        "layer": layers,
    }


def fractile_curve(report: dict[str, Any], interval: str) -> Spec:
    summary = report["intervals"][interval]
    label = BY_NAME[interval].label
    layers: list[Spec] = [
        {
            "data": {"values": report["distributions"][interval]["fractiles"]},
            "mark": {"type": "line", "interpolate": "step-after", "color": "#4c78a8"},
            "encoding": {
                "x": {"field": "seconds", "type": "quantitative", "title": f"{label} (s)"},
                "y": {
                    "field": "p",
                    "type": "quantitative",
                    "title": "% of calls at or under",
                    "scale": {"domain": [0, 100]},
                },
            },
        },
        {
            "data": {"values": [{"p": summary["fractile"]}]},
            "mark": {"type": "rule", "color": "#888", "strokeDash": [2, 2]},
            "encoding": {"y": {"field": "p", "type": "quantitative"}},
        },
    ]
    layers += _target_rule(summary["target_s"], "x")
    fractile = summary["fractile_s"]
    title = f"{label}: {format(summary['fractile'], 'g')}th fractile " + (
        "-" if fractile is None else f"{fractile:g} s"
    )
    return {"$schema": SCHEMA, "title": title, "width": WIDTH, "height": 180, "layer": layers}


def cascade(report: dict[str, Any]) -> Spec:
    """Call processing, turnout and travel end to end at their fractiles, beside the response
    interval's own fractile (the parts' fractiles do not add up to the whole's)."""
    bars, start = [], 0.0
    for name in RESPONSE_INTERVALS[:3]:
        value = report["intervals"][name]["fractile_s"] or 0.0
        target = report["intervals"][name]["target_s"]
        bars.append(
            {
                "interval": BY_NAME[name].label,
                "start": start,
                "end": start + value,
                "met": "no target" if target is None else ("met" if value <= target else "missed"),
            }
        )
        start += value
    whole = report["intervals"]["response"]["fractile_s"] or 0.0
    bars.append({"interval": "Response", "start": 0.0, "end": whole, "met": "whole"})
    order = [b["interval"] for b in bars]
    return {
        "$schema": SCHEMA,
        "title": "Cascade of intervals at their fractiles (s)",
        "width": WIDTH,
        "height": 120,
        "data": {"values": bars},
        "mark": "bar",
        "encoding": {
            "y": {"field": "interval", "type": "nominal", "sort": order, "title": None},
            "x": {"field": "start", "type": "quantitative", "title": "seconds from the call"},
            "x2": {"field": "end"},
            "color": {
                "field": "met",
                "type": "nominal",
                "title": "target",
                "scale": {
                    "domain": ["met", "missed", "no target", "whole"],
                    "range": ["#54a24b", "#e45756", "#bab0ac", "#4c78a8"],
                },
            },
        },
    }


def table(report: dict[str, Any]) -> Spec:
    """Each interval's n, fractile, target and compliance as a text chart (for the PDF)."""
    rows = []
    for name, s in report["intervals"].items():
        rows.append(
            {
                "interval": BY_NAME[name].label,
                "n": str(s["n"]),
                "fractile": "-" if s["fractile_s"] is None else f"{s['fractile_s']:g} s",
                "target": "-" if s["target_s"] is None else f"{s['target_s']:g} s",
                "compliance": "-" if s["compliance"] is None else f"{s['compliance']:.1%}",
                "excluded": str(report["excluded"][name]["n"]),
            }
        )
    columns = ["interval", "n", "fractile", "target", "compliance", "excluded"]
    return {
        "$schema": SCHEMA,
        "title": "The month at a glance",
        "data": {"values": rows},
        "transform": [{"fold": columns, "as": ["column", "value"]}],
        "mark": {"type": "text", "align": "left"},
        "width": WIDTH,
        "height": 22 * (len(rows) + 1),
        "encoding": {
            "x": {
                "field": "column",
                "type": "nominal",
                "sort": columns,
                "axis": {"orient": "top", "title": None, "labelAngle": 0},
            },
            "y": {"field": "interval", "type": "nominal", "sort": None, "axis": None},
            "text": {"field": "value"},
        },
    }


def report_charts(report: dict[str, Any], interval: str = "response") -> dict[str, Spec]:
    return {
        "histogram": histogram(report, interval),
        "fractile_curve": fractile_curve(report, interval),
        "cascade": cascade(report),
    }


def printable(report: dict[str, Any], title: str, interval: str = "response") -> Spec:
    """The whole report as one spec, charts stacked, for SVG or PDF."""
    charts = report_charts(report, interval)
    parts = [table(report), charts["cascade"], charts["histogram"], charts["fractile_curve"]]
    for part in parts:
        part.pop("$schema", None)
    return {"$schema": SCHEMA, "title": title, "vconcat": parts, "spacing": 30}


def _target_rule(target_s: float | None, channel: str) -> list[Spec]:
    if target_s is None:
        return []
    return [
        {
            "data": {"values": [{"target": target_s}]},
            "mark": {"type": "rule", "color": "#e45756", "strokeWidth": 2},
            "encoding": {channel: {"field": "target", "type": "quantitative"}},
        }
    ]
