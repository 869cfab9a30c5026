"""``GET /metrics``: what an operator graphs and alerts on, in Prometheus text format.

Requests by route template (never the concrete path: ids would explode the series and could
identify a patient's record), their latencies as a histogram, the live event streams and their
queued events, events published, and calls waiting for a unit. Counters are per process: with
several workers, scrape each one (see docs/deploy.md). When ``GOLDENHOUR_METRICS_TOKEN`` is set
the endpoint asks for it as a bearer token.
"""

from __future__ import annotations

import hmac
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from goldenhour.api.deps import Runtime, get_runtime
from goldenhour.domain.shared.errors import Unauthorized
from goldenhour.services.dispatch import pending

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass
class RequestMetrics:
    """Request counts and a latency histogram per (method, route template)."""

    _lock: threading.Lock = field(default_factory=threading.Lock)
    _counts: dict[tuple[str, str, int], int] = field(default_factory=lambda: defaultdict(int))
    _buckets: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    _sums: dict[tuple[str, str], float] = field(default_factory=lambda: defaultdict(float))

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        with self._lock:
            self._counts[(method, route, status)] += 1
            counts = self._buckets.setdefault((method, route), [0] * (len(BUCKETS) + 1))
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    counts[i] += 1
            counts[-1] += 1
            self._sums[(method, route)] += seconds

    def lines(self) -> list[str]:
        with self._lock:
            out = [
                "# HELP goldenhour_http_requests_total Requests answered, by route and status.",
                "# TYPE goldenhour_http_requests_total counter",
            ]
            for (method, route, status), n in sorted(self._counts.items()):
                labels = f'method="{method}",route="{_escape(route)}",status="{status}"'
                out.append(f"goldenhour_http_requests_total{{{labels}}} {n}")
            out += [
                "# HELP goldenhour_http_request_duration_seconds Time to answer, by route.",
                "# TYPE goldenhour_http_request_duration_seconds histogram",
            ]
            for (method, route), counts in sorted(self._buckets.items()):
                labels = f'method="{method}",route="{_escape(route)}"'
                name = "goldenhour_http_request_duration_seconds"
                for bound, n in zip(BUCKETS, counts, strict=False):
                    out.append(f'{name}_bucket{{{labels},le="{bound}"}} {n}')
                out.append(f'{name}_bucket{{{labels},le="+Inf"}} {counts[-1]}')
                out.append(f"{name}_sum{{{labels}}} {self._sums[(method, route)]:.6f}")
                out.append(f"{name}_count{{{labels}}} {counts[-1]}")
            return out


REQUESTS = RequestMetrics()
router = APIRouter(tags=["operations"])


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _waiting_calls(runtime: Runtime) -> int:
    with runtime.unit_of_work(reads_only=True) as uow:
        return pending.waiting_count(uow)


def _gauge(name: str, help_text: str, value: float) -> list[str]:
    return [f"# HELP {name} {help_text}", f"# TYPE {name} gauge", f"{name} {value}"]


@router.get("/metrics", response_class=PlainTextResponse)
async def prometheus_metrics(request: Request) -> PlainTextResponse:
    """Prometheus text format; no patient data, no ids."""
    runtime = await get_runtime(request)
    expected = runtime.settings.metrics_token
    if expected:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise Unauthorized("send 'Authorization: Bearer <GOLDENHOUR_METRICS_TOKEN>'")
    bus = runtime.bus
    lines = REQUESTS.lines()
    lines += _gauge(
        "goldenhour_event_streams", "Open event streams in this process.", bus.subscriber_count
    )
    lines += _gauge(
        "goldenhour_event_stream_queued", "Events queued for streams, not yet sent.", bus.queued
    )
    lines += [
        "# HELP goldenhour_events_published_total Events handed to this process's streams.",
        "# TYPE goldenhour_events_published_total counter",
        f"goldenhour_events_published_total {bus.published}",
    ]
    for name, help_text, value in (
        ("waiting", "Requests waiting for a database slot now.", "waiting"),
        ("refused_total", "Requests refused with 503 at capacity.", "refused"),
    ):
        lines += [f"# HELP goldenhour_admission_{name} {help_text}"]
        lines += [f"# TYPE goldenhour_admission_{name} {'counter' if 'total' in name else 'gauge'}"]
        lines += [
            f'goldenhour_admission_{name}{{kind="{line.name}"}} {getattr(line, value)}'
            for line in (runtime.readers, runtime.writers)
        ]
    waiting = await run_in_threadpool(_waiting_calls, runtime)
    lines += _gauge("goldenhour_calls_waiting", "Calls no unit is on yet (all agencies).", waiting)
    return PlainTextResponse("\n".join(lines) + "\n", media_type=CONTENT_TYPE)
