"""A past call's unit response as an old CAD exported it, and the columnar table built from it.

History arrives one unit response per row (the generic CSV, the San Francisco export); the
same records are analysed directly (``quality response-times --csv``) or stored as incidents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from goldenhour.domain.quality.intervals import Responses, Stamp


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one row of a file (1-based, counting the header as row 1)."""

    row: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.field}: {self.problem}"


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
