"""A past call's unit response as an old CAD exported it, and the columnar table built from it.

History arrives one unit response per row (the generic CSV, the San Francisco export); the
same records are analysed directly (``quality response-times --csv``) or stored as incidents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from goldenhour.domain.dispatch.codes import DISPATCH_REASONS
from goldenhour.domain.quality.intervals import Responses, Stamp
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput
from goldenhour.domain.triage.priority import Priority, parse_priority
from goldenhour.domain.units.crew_level import UnitType


@dataclass(frozen=True)
class UnitResponse:
    """One unit on one past incident, with the stamps the export had (times carry a zone)."""

    row: int
    incident: str
    unit: str
    priority: str
    zone: str
    times: dict[Stamp, datetime]
    cancelled: bool = False
    lon: float | None = None
    lat: float | None = None
    address: str | None = None
    call_type: str | None = None  # the old CAD's own call type, kept as it was
    dispatch_reason: str | None = None  # NEMSIS eDispatch.01 when the export says it
    unit_type: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def as_table(responses: Sequence[UnitResponse]) -> Responses:
    """The columnar table of ``responses``, grouped by zone, priority and unit."""
    stamps = sorted({s for r in responses for s in r.times}, key=list(Stamp).index)
    return Responses(
        incident=np.array([r.incident for r in responses], dtype=np.str_),
        unit=np.array([r.unit for r in responses], dtype=np.str_),
        times={
            s: np.array(
                [r.times[s].timestamp() if s in r.times else np.nan for r in responses],
                dtype=np.float64,
            )
            for s in stamps
        },
        labels={
            "zone": np.array([r.zone for r in responses], dtype=np.str_),
            "priority": np.array([r.priority for r in responses], dtype=np.str_),
            "unit": np.array([r.unit for r in responses], dtype=np.str_),
        },
        called_off=np.array([r.cancelled for r in responses], dtype=np.bool_),
    )


@dataclass(frozen=True)
class PastCall:
    """One past incident, checked and ready to store: its unit responses and what it was."""

    incident: str
    responses: tuple[UnitResponse, ...]
    received_at: datetime
    closed_at: datetime
    priority: Priority
    zone: str
    dispatch_reason: str
    cancelled: bool
    lon: float
    lat: float
    address: str | None
    call_type: str | None


def past_calls(responses: Sequence[UnitResponse]) -> list[PastCall]:
    """Group unit responses into incidents for storing; InvalidInput naming every bad row.

    Stored history must say where (planning draws demand from it) and how urgent (a priority
    1-4 or non_emergent); the call time is the PSAP stamp, or the earliest stamp of the
    incident's rows when the PSAP time is missing. A reason that is not a NEMSIS eDispatch.01
    code is refused; none at all is "No Other Appropriate Choice" (2301051)."""
    problems: list[FieldProblem] = []
    by_incident: dict[str, list[UnitResponse]] = {}
    for r in responses:
        by_incident.setdefault(r.incident, []).append(r)
        problems += _storable(r)
    if problems:
        raise InvalidInput(f"{len(problems)} problems; nothing was stored", problems)
    calls = []
    for incident, rows in by_incident.items():
        first = rows[0]
        stamps = [at for r in rows for at in r.times.values()]
        psap = [r.times[Stamp.PSAP_CALL] for r in rows if Stamp.PSAP_CALL in r.times]
        if not stamps:
            problems.append(FieldProblem(f"row {first.row}: psap_call", "the call has no times"))
            continue
        calls.append(
            PastCall(
                incident=incident,
                responses=tuple(rows),
                received_at=min(psap or stamps),
                closed_at=max(stamps),
                priority=parse_priority(first.priority, "priority"),
                zone=first.zone,
                dispatch_reason=first.dispatch_reason or NO_OTHER_CHOICE,
                cancelled=all(r.cancelled for r in rows),
                lon=first.lon if first.lon is not None else 0.0,
                lat=first.lat if first.lat is not None else 0.0,
                address=first.address,
                call_type=first.call_type,
            )
        )
    if problems:
        raise InvalidInput(f"{len(problems)} problems; nothing was stored", problems)
    return calls


NO_OTHER_CHOICE = "2301051"  # eDispatch.01 "No Other Appropriate Choice"


def _storable(r: UnitResponse) -> list[FieldProblem]:
    where = f"row {r.row}"
    problems = []
    if r.lon is None or r.lat is None:
        problems.append(FieldProblem(f"{where}: lon, lat", "required to store history"))
    try:
        parse_priority(r.priority, "priority")
    except InvalidInput:
        problems.append(FieldProblem(f"{where}: priority", f"{r.priority!r}: 1-4 or non_emergent"))
    if r.dispatch_reason is not None and r.dispatch_reason not in DISPATCH_REASONS:
        problems.append(
            FieldProblem(f"{where}: dispatch_reason", f"{r.dispatch_reason!r}: not eDispatch.01")
        )
    if r.unit_type is not None and r.unit_type not in {t.value for t in UnitType}:
        known = ", ".join(t.value for t in UnitType)
        problems.append(FieldProblem(f"{where}: unit_type", f"{r.unit_type!r}: one of {known}"))
    for name, value, limit in (
        ("incident", r.incident, 40),
        ("unit", r.unit, 20),
        ("zone", r.zone, 40),
        ("address", r.address or "", 200),
    ):
        if len(value) > limit:
            problems.append(FieldProblem(f"{where}: {name}", f"longer than {limit} characters"))
    return problems
