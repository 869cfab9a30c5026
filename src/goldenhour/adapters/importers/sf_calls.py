"""The San Francisco Fire Department "Calls for Service" export (DataSF nuek-vuh3, PDDL).

One row per unit response, local times ``MM/DD/YYYY hh:mm:ss AM/PM`` (America/Los_Angeles).
How its columns become NEMSIS stamps and our fields:

=====================  =========================================================
Received DtTm          psap_call (eTimes.01): the call reaches the dispatch centre
Dispatch DtTm          unit_notified (eTimes.03)
Response DtTm          en_route (eTimes.05)
On Scene DtTm          on_scene (eTimes.06)
Transport DtTm         left_scene (eTimes.09): leaving with the patient
Hospital DtTm          at_destination (eTimes.11)
Available DtTm         back_in_service (eTimes.13)
Final Priority         3 (emergency, lights and sirens) -> priority 1;
                       2 (non-emergency) -> non_emergent
Battalion              zone
Call Final Disposition "Cancelled" -> every unit on the call is called off
Call Type              dispatch reason (eDispatch.01) where it names one
Unit Type, ALS Unit    unit type and equipment of a unit not yet in the fleet
Location               "(lat, lon)"
=====================  =========================================================

SF records no unit cancel time, so a cancelled call carries no eTimes.14.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from goldenhour.adapters.importers.history_csv import problem, refused
from goldenhour.adapters.refdata.call_mix import SF_CALL_TYPES
from goldenhour.domain.dispatch.replay import RecordedCall
from goldenhour.domain.quality.history import UnitResponse
from goldenhour.domain.quality.intervals import Stamp
from goldenhour.domain.shared.errors import FieldProblem
from goldenhour.domain.units.crew_level import UnitType

SAN_FRANCISCO = ZoneInfo("America/Los_Angeles")
TIME_COLUMNS = {
    Stamp.PSAP_CALL: "Received DtTm",
    Stamp.UNIT_NOTIFIED: "Dispatch DtTm",
    Stamp.EN_ROUTE: "Response DtTm",
    Stamp.ON_SCENE: "On Scene DtTm",
    Stamp.LEFT_SCENE: "Transport DtTm",
    Stamp.AT_DESTINATION: "Hospital DtTm",
    Stamp.BACK_IN_SERVICE: "Available DtTm",
}
# SF unit types: ambulances transport; engines, trucks and squads respond first; the rest
# (chiefs, rescue captains, support) are supervisors for our purposes.
UNIT_TYPES = {
    "MEDIC": UnitType.TRANSPORT,
    "PRIVATE": UnitType.TRANSPORT,
    "ENGINE": UnitType.FIRST_RESPONSE,
    "TRUCK": UnitType.FIRST_RESPONSE,
    "RESCUE SQUAD": UnitType.FIRST_RESPONSE,
}
PRIORITIES = {"3": "1", "2": "non_emergent"}
REQUIRED = ("Call Number", "Unit ID", "Final Priority", "Battalion", "Location", "Call Type")
LOCATION = re.compile(r"^\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)$")


def looks_like_sf_export(header: list[str]) -> bool:
    return all(name in header for name in ("Call Number", "Unit ID", "Received DtTm"))


def read_sf_export(path: Path) -> list[UnitResponse]:
    """Every row of the export; InvalidInput listing every problem by row otherwise."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        absent = [name for name in (*REQUIRED, *TIME_COLUMNS.values()) if name not in header]
        if absent:
            raise refused(path, [problem(1, name, "column missing") for name in absent])
        responses: list[UnitResponse] = []
        problems: list[FieldProblem] = []
        for number, raw in enumerate(reader, start=2):
            found = _row(number, {k: (v or "").strip() for k, v in raw.items() if k}, problems)
            if found is not None:
                responses.append(found)
    if problems:
        raise refused(path, problems)
    return responses


@lru_cache(maxsize=65536)
def _local_time(text: str) -> datetime | None:
    """A San Francisco wall-clock time (cached: a unit's times repeat across its rows)."""
    try:
        return datetime.strptime(text, "%m/%d/%Y %I:%M:%S %p").replace(tzinfo=SAN_FRANCISCO)
    except ValueError:
        return None


def _row(number: int, cell: dict[str, str], problems: list[FieldProblem]) -> UnitResponse | None:
    before = len(problems)
    times: dict[Stamp, datetime] = {}
    for stamp, column in TIME_COLUMNS.items():
        if cell[column]:
            at = _local_time(cell[column])
            if at is None:
                problems.append(problem(number, column, f"not a time: {cell[column]!r}"))
                continue
            times[stamp] = at
    priority = PRIORITIES.get(cell["Final Priority"])
    if priority is None:
        problems.append(
            problem(number, "Final Priority", f"unknown {cell['Final Priority']!r}; 2 or 3")
        )
    where = LOCATION.match(cell["Location"])
    if where is None:
        problems.append(problem(number, "Location", f"not '(lat, lon)': {cell['Location']!r}"))
    for column in ("Call Number", "Unit ID"):
        if not cell[column]:
            problems.append(problem(number, column, "required"))
    if len(problems) > before or where is None or priority is None:
        return None
    group = cell.get("Call Type Group", "")
    return UnitResponse(
        row=number,
        incident=cell["Call Number"],
        unit=cell["Unit ID"],
        priority=priority,
        zone=cell["Battalion"],
        times=times,
        cancelled=cell.get("Call Final Disposition") == "Cancelled",
        lon=float(where.group(2)),
        lat=float(where.group(1)),
        address=cell.get("Address") or None,
        call_type=f"{cell['Call Type']} ({group})" if group else cell["Call Type"],
        dispatch_reason=SF_CALL_TYPES.get(cell["Call Type"]),
        unit_type=UNIT_TYPES.get(cell.get("Unit Type", ""), UnitType.SUPERVISOR).value,
        extra={
            "disposition": cell.get("Call Final Disposition", ""),
            "als": "true" if cell.get("ALS Unit") == "true" else "false",
        },
    )


def read_sf_calls(path: Path) -> list[RecordedCall]:
    """The EMS-relevant calls of the export, oldest first: one per incident (its earliest
    row), a Medical Incident or any call an ambulance (MEDIC, PRIVATE) went to."""
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if _local_time(row["Received DtTm"]) is not None:
                rows[row["Incident Number"]].append(row)
    calls = []
    for number, group in rows.items():
        first = min(group, key=lambda r: _local_time(r["Received DtTm"]) or datetime.max)
        ambulance = any(r["Unit Type"] in ("MEDIC", "PRIVATE") for r in group)
        if first["Call Type"] != "Medical Incident" and not ambulance:
            continue
        point = LOCATION.match(first["Location"].strip())
        lat, lon = (float(point.group(1)), float(point.group(2))) if point else (None, None)
        received = _local_time(first["Received DtTm"])
        assert received is not None  # rows without a time were left out above
        calls.append(
            RecordedCall(
                received,
                number,
                first["Call Type"],
                first["Address"],
                lon,
                lat,
                first["Station Area"].strip(),
            )  # fmt: skip
        )
    return sorted(calls, key=lambda c: (c.received_at, c.external_id))
