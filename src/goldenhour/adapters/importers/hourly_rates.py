"""A planner's call rates by zone, hour of day and priority: ``zone,hour,priority,rate``.

``zone`` is a zone of the simulated city (its first-due station, e.g. ``S3``), ``hour`` the
hour of the day 0-23 (local time), ``priority`` one of the city's call classes (JEMSS's
priority names, e.g. ``high``), ``rate`` calls per hour. A (zone, hour, priority) left out has
no calls. Every problem names the file, row and column, all at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from goldenhour.adapters.importers.location_files import number_cell, read_rows, refuse
from goldenhour.domain.planning.simulation.hourly import HOURS, HourlyRates
from goldenhour.domain.planning.simulation.model import IntArray
from goldenhour.domain.shared.errors import FieldProblem


def read_hourly_rates(
    path: Path, zones: Sequence[str], classes: Sequence[str], zone_of_place: IntArray
) -> HourlyRates:
    problems: list[FieldProblem] = []
    rows = read_rows(path, ("zone", "hour", "priority", "rate"), problems)
    per_hour = np.zeros((len(zones), HOURS, len(classes)))
    zone_index = {z: k for k, z in enumerate(zones)}
    class_index = {c.lower(): k for k, c in enumerate(classes)}
    for number, row in rows:
        where = f"{path.name} row {number}"
        zone = zone_index.get(row["zone"])
        if zone is None:
            problems.append(
                FieldProblem(f"{where}: zone", f"{row['zone']!r} is not one of {', '.join(zones)}")
            )
        klass = class_index.get(row["priority"].lower())
        if klass is None:
            known = ", ".join(classes)
            problems.append(
                FieldProblem(f"{where}: priority", f"{row['priority']!r} is not one of {known}")
            )
        hour = number_cell(row["hour"], f"{where}: hour", problems)
        if hour is not None and (hour != int(hour) or hour >= HOURS):
            problems.append(FieldProblem(f"{where}: hour", "must be a whole hour 0-23"))
            hour = None
        rate = number_cell(row["rate"], f"{where}: rate", problems)
        if zone is not None and klass is not None and hour is not None and rate is not None:
            per_hour[zone, int(hour), klass] += rate
    if not problems and per_hour.sum() <= 0:
        problems.append(FieldProblem(path.name, "no calls at all: every rate is 0"))
    refuse(problems)
    return HourlyRates(tuple(zones), tuple(classes), per_hour, zone_of_place)
