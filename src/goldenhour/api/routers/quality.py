"""Quality routes: the response-time report the quality page draws, charts included.

Supervisors, medical directors and agency administrators read it. The charts are the same
Vega-Lite specs the PDF report renders (``domain.quality.charts``), so the page and the
printed report cannot disagree.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from goldenhour.adapters.refdata.quality_standards import SHIPPED, load_standard
from goldenhour.api.deps import UowDep, require
from goldenhour.domain.accounts.roles import Actor, Role
from goldenhour.domain.quality.charts import report_charts
from goldenhour.domain.quality.intervals import RESPONSE_INTERVALS
from goldenhour.domain.quality.response_report import ReportRequest
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.quality.response_times import GROUPS, Period, stored_report

router = APIRouter(tags=["quality"])
QualityActor = Annotated[
    Actor, Depends(require(Role.SUPERVISOR, Role.MEDICAL_DIRECTOR, Role.AGENCY_ADMIN))
]


class QualityReport(BaseModel):
    report: dict[str, Any]
    charts: dict[str, dict[str, Any]]


@router.get("/quality/response-times", response_model=QualityReport)
def response_times(
    actor: QualityActor,
    uow: UowDep,
    start: date,
    end: date,
    by: Annotated[str, Query(description="comma-separated: " + ", ".join(GROUPS))] = "",
    interval: str = "response",
    timezone: str = "UTC",
    standard: str = "nfpa1710",
) -> QualityReport:
    """Each interval's fractile and compliance from ``start`` to ``end`` (both included)."""
    keys = tuple(k for k in (part.strip() for part in by.split(",")) if k)
    for key in keys:
        if key not in GROUPS:
            raise InvalidInput.for_field("by", f"unknown {key!r}; one of {', '.join(GROUPS)}")
    if interval not in RESPONSE_INTERVALS:
        raise InvalidInput.for_field("interval", f"one of {', '.join(RESPONSE_INTERVALS)}")
    if standard not in SHIPPED:
        raise InvalidInput.for_field("standard", f"one of {', '.join(SHIPPED)}")
    if end < start or (end - start).days > 366:
        raise InvalidInput.for_field("end", "must be on or after start, at most a year later")
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput.for_field("timezone", f"unknown time zone {timezone!r}") from None
    period = Period(
        datetime.combine(start, time(), zone),
        datetime.combine(end + timedelta(days=1), time(), zone),
        zone,
    )
    request = ReportRequest(RESPONSE_INTERVALS, keys)
    report = stored_report(uow, actor.agency_id, period, load_standard(standard), request)
    return QualityReport(report=report, charts=report_charts(report, interval))
