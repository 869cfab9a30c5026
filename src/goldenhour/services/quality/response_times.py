"""Response times of the calls stored for an agency over a period (live and imported alike).

Stored times are read into the same columnar table the CSV analysis uses, so a report from
the database and one from a file follow one rule. Each unit on an incident is one row; an
incident no unit was assigned to is one row without a unit (listed as "no unit on scene");
every unit of a cancelled incident is called off.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

import numpy as np
from sqlalchemy import select

from goldenhour.adapters.db.tables import IncidentRow, IncidentTimeRow, UnitRow
from goldenhour.domain.dispatch.assignment import CANCELLED
from goldenhour.domain.dispatch.codes import TimeElement
from goldenhour.domain.quality.intervals import STAMP_OF_ELEMENT, Responses, Stamp
from goldenhour.domain.quality.response_report import ReportRequest, response_report
from goldenhour.domain.quality.standards import Standard
from goldenhour.domain.triage.priority import Priority
from goldenhour.services.unit_of_work import UnitOfWork

GROUPS = ("zone", "priority", "unit", "month", "shift")
DAY_SHIFT = range(7, 19)  # 07:00-18:59 local is "day"; the rest "night"


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime  # exclusive
    zone: tzinfo  # the agency's local time, for months and shifts


def priority_label(value: int) -> str:
    """The stored priority as a contract TOML names it: 1-4 or non_emergent."""
    return "non_emergent" if value == Priority.NON_EMERGENT else str(value)


def stored_responses(uow: UnitOfWork, agency_id: int, period: Period) -> Responses:
    incidents = list(
        uow.session.scalars(
            select(IncidentRow)
            .where(
                IncidentRow.agency_id == agency_id,
                IncidentRow.received_at >= period.start,
                IncidentRow.received_at < period.end,
            )
            .order_by(IncidentRow.received_at, IncidentRow.id)
        )
    )
    ids = [i.id for i in incidents]
    call_signs = {
        unit_id: call_sign
        for unit_id, call_sign in uow.session.execute(
            select(UnitRow.id, UnitRow.call_sign).where(UnitRow.agency_id == agency_id)
        )
    }
    stamps: dict[tuple[int, int | None], dict[Stamp, float]] = defaultdict(dict)
    for chunk in range(0, len(ids), 900):
        for incident_id, unit_id, element, at in uow.session.execute(
            select(
                IncidentTimeRow.incident_id,
                IncidentTimeRow.unit_id,
                IncidentTimeRow.element,
                IncidentTimeRow.at,
            ).where(IncidentTimeRow.incident_id.in_(ids[chunk : chunk + 900]))
        ):
            stamp = STAMP_OF_ELEMENT.get(TimeElement(element))
            if stamp is not None:
                stamps[(incident_id, unit_id)].setdefault(stamp, at.timestamp())
    units_on: dict[int, list[int | None]] = defaultdict(list)
    for incident_id, unit_id in stamps:
        if unit_id is not None:
            units_on[incident_id].append(unit_id)
    rows: list[dict[str, Any]] = []
    for incident in incidents:
        psap = stamps.get((incident.id, None), {}).get(Stamp.PSAP_CALL, np.nan)
        units = units_on.get(incident.id) or [None]
        local = incident.received_at.astimezone(period.zone)
        for unit_id in units:
            times = {Stamp.PSAP_CALL: psap, **stamps.get((incident.id, unit_id), {})}
            rows.append(
                {
                    "incident": incident.external_id or str(incident.id),
                    "unit": call_signs.get(unit_id, "") if unit_id else "",
                    "times": times,
                    "off": incident.status == CANCELLED,
                    "zone": incident.zone or "",
                    "priority": priority_label(incident.priority),
                    "month": local.strftime("%Y-%m"),
                    "shift": "day" if local.hour in DAY_SHIFT else "night",
                }
            )
    return _columns(rows)


def _columns(rows: list[dict[str, Any]]) -> Responses:
    return Responses(
        incident=np.array([r["incident"] for r in rows], dtype=np.str_),
        unit=np.array([r["unit"] for r in rows], dtype=np.str_),
        times={
            s: np.array([r["times"].get(s, np.nan) for r in rows], dtype=np.float64) for s in Stamp
        },
        labels={k: np.array([r[k] for r in rows], dtype=np.str_) for k in GROUPS},
        called_off=np.array([r["off"] for r in rows], dtype=np.bool_),
    )


def stored_report(
    uow: UnitOfWork,
    agency_id: int,
    period: Period,
    standard: Standard,
    request: ReportRequest | None = None,
) -> dict[str, Any]:
    report = response_report(stored_responses(uow, agency_id, period), standard, request)
    report["period"] = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    return report
