"""Care measures and data completeness on an agency's locked records of a period.

Records are read with their addenda applied (what was finally documented), in batches; the
period is by lock date, as for the NEMSIS export.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.quality.care_measures import care_report
from goldenhour.domain.quality.completeness import TopicElement, completeness
from goldenhour.services.nemsis.ems_exchange import day_range, locked_ids, records_of
from goldenhour.services.unit_of_work import UnitOfWork


def records_in(uow: UnitOfWork, agency_id: int, start: date, end: date) -> list[PatientCareRecord]:
    begin, stop = day_range(start, end)
    return list(records_of(uow, locked_ids(uow, agency_id, begin, stop)))


def care_measures(uow: UnitOfWork, agency_id: int, start: date, end: date) -> dict[str, Any]:
    report = care_report(records_in(uow, agency_id, start, end))
    report["period"] = {"from": start.isoformat(), "to": end.isoformat()}
    return report


def data_completeness(
    uow: UnitOfWork,
    agency_id: int,
    start: date,
    end: date,
    topics: Mapping[str, Sequence[TopicElement]],
) -> dict[str, Any]:
    report = completeness(records_in(uow, agency_id, start, end), topics)
    report["period"] = {"from": start.isoformat(), "to": end.isoformat()}
    return report
