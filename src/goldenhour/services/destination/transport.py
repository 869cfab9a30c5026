"""Transport monitoring: pre-arrival notices, transfer of care, and offload delays.

A hospital hears of an incoming patient when the unit starts transport (and again as the ETA
changes); the time from arrival to transfer of care (the offload interval, NEMSIS eTimes.11 to
eTimes.12) is watched per unit and facility, and an alert is raised once when it passes the
configured threshold. Patient details come from the patient care record when one exists.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Protocol

import numpy as np
import numpy.typing as npt
from sqlalchemy import select

from goldenhour.adapters.db.tables import (
    Agency,
    IncidentRow,
    IncidentTimeRow,
    PatientCareRecordRow,
    UnitRow,
)
from goldenhour.adapters.db.tables.destination import (
    DestinationChoiceRow,
    FacilityRow,
    OffloadAlertRow,
)
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.destination.offload import (
    TransportTimeline,
    WaitingUnit,
    offload_alerts_due,
    units_waiting,
)
from goldenhour.domain.destination.transport_events import (
    OffloadDelayed,
    PreArrivalNotice,
    TransferOfCare,
)
from goldenhour.domain.dispatch.codes import TimeElement
from goldenhour.domain.pcr.handover import HandoverSummary, handover_summary
from goldenhour.domain.shared.errors import Conflict
from goldenhour.domain.units.timeline import UnitStatus
from goldenhour.services.accounts import audit
from goldenhour.services.pcr import records as pcr
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units import crews
from goldenhour.services.units.timeline import check_may_move

LOOKBACK = timedelta(hours=24)  # transports older than this are no longer watched
NOTICE_ETA_CHANGE_S = 60.0  # a moving unit re-notifies when its ETA moved by a minute...
NOTICE_EVERY = timedelta(minutes=2)  # ...or every two minutes
NO_FACILITY = "none"


class TravelFrom(Protocol):
    def etas_from(
        self, origin: tuple[float, float], destinations: npt.ArrayLike, mode: str = ...
    ) -> npt.NDArray[np.float64]: ...


def latest_choice(
    uow: UnitOfWork, agency_id: int, incident_id: int, unit_id: int
) -> DestinationChoiceRow | None:
    """Where this unit is taking this incident's patient (the crew's latest choice)."""
    return uow.session.scalars(
        select(DestinationChoiceRow)
        .where(
            DestinationChoiceRow.agency_id == agency_id,
            DestinationChoiceRow.incident_id == incident_id,
            DestinationChoiceRow.unit_id == unit_id,
        )
        .order_by(DestinationChoiceRow.id.desc())
    ).first()


def pre_arrival_notice(
    uow: UnitOfWork, agency_id: int, unit: UnitRow, travel: TravelFrom, moving: bool = False
) -> PreArrivalNotice | None:
    """Tell the chosen destination a patient is coming (no commit); None when there is no
    transport to a facility, or when ``moving`` and the ETA has not changed enough to matter."""
    if unit.status != UnitStatus.TRANSPORTING or unit.incident_id is None:
        return None
    choice = latest_choice(uow, agency_id, unit.incident_id, unit.id)
    if choice is None or choice.facility_id is None:
        return None
    facility = uow.session.get(FacilityRow, choice.facility_id)
    incident = uow.session.get(IncidentRow, unit.incident_id)
    if facility is None or incident is None:
        return None
    eta = None
    if unit.lon is not None and unit.lat is not None:
        seconds = float(travel.etas_from((unit.lon, unit.lat), [(facility.lon, facility.lat)])[0])
        eta = round(seconds, 1) if math.isfinite(seconds) else None
    now = uow.clock.now()
    if moving and not _worth_updating(choice, eta, now):
        return None
    choice.notice_eta_s, choice.notice_at = eta, now
    patient = _patient(uow, agency_id, incident.id, unit.id)
    notice = PreArrivalNotice(
        facility.id,
        facility.name,
        unit.id,
        unit.call_sign,
        incident.id,
        incident.priority,
        eta,
        age=patient.age,
        sex=patient.sex,
        impression=patient.impression,
        latest_vitals=patient.latest_vitals,
    )
    uow.emit(agency_id, notice)
    return notice


def _patient(uow: UnitOfWork, agency_id: int, incident_id: int, unit_id: int) -> HandoverSummary:
    """The handover facts from this unit's record of the patient, if it has started one.

    Reading the record is a read of protected health information, so it is audited.
    """
    row = uow.session.scalars(
        select(PatientCareRecordRow)
        .where(
            PatientCareRecordRow.agency_id == agency_id,
            PatientCareRecordRow.incident_id == incident_id,
            PatientCareRecordRow.unit_id == unit_id,
        )
        .order_by(PatientCareRecordRow.id.desc())
    ).first()
    if row is None:
        return HandoverSummary(None, None, None, None)
    audit.record(uow, None, "read", "pcr", row.id, {"purpose": "pre-arrival notice"}, agency_id)
    return handover_summary(pcr.current_record(uow, row))


def _worth_updating(choice: DestinationChoiceRow, eta: float | None, now: datetime) -> bool:
    if choice.notice_at is None or choice.notice_eta_s is None or eta is None:
        return True
    return (
        abs(eta - choice.notice_eta_s) >= NOTICE_ETA_CHANGE_S
        or now - choice.notice_at >= NOTICE_EVERY
    )


def record_transfer_of_care(
    uow: UnitOfWork, actor: Actor, unit_id: int, at: datetime | None = None
) -> IncidentTimeRow:
    """Stamp eTimes.12 for a unit at its destination: the hospital has taken the patient."""
    unit = crews.get_unit(uow, actor, unit_id)
    check_may_move(uow, actor, unit, uow.clock.now())
    if unit.status != UnitStatus.AT_DESTINATION or unit.incident_id is None:
        raise Conflict(f"status: unit {unit.call_sign} is {unit.status}, not at a destination")
    times = _times(uow, unit.incident_id, unit.id)
    if TimeElement.DESTINATION_TRANSFER_OF_CARE in times:
        raise Conflict(f"unit {unit.call_sign}: transfer of care was already recorded")
    at = at or uow.clock.now()
    arrived = times.get(TimeElement.AT_DESTINATION)
    row = IncidentTimeRow(
        agency_id=actor.agency_id,
        incident_id=unit.incident_id,
        unit_id=unit.id,
        element=TimeElement.DESTINATION_TRANSFER_OF_CARE.value,
        at=at,
    )
    uow.session.add(row)
    uow.session.flush()
    choice = latest_choice(uow, actor.agency_id, unit.incident_id, unit.id)
    offload = (at - arrived).total_seconds() if arrived else None
    audit.record(
        uow,
        actor,
        "transfer_of_care",
        "unit",
        unit.id,
        {"incident_id": unit.incident_id, "offload_s": offload},
    )
    uow.emit(
        actor.agency_id,
        TransferOfCare(
            unit.id,
            unit.call_sign,
            unit.incident_id,
            choice.facility_id if choice else None,
            offload,
        ),
    )
    uow.commit()
    return row


def _times(uow: UnitOfWork, incident_id: int, unit_id: int) -> dict[str, datetime]:
    rows = uow.session.scalars(
        select(IncidentTimeRow).where(
            IncidentTimeRow.incident_id == incident_id, IncidentTimeRow.unit_id == unit_id
        )
    )
    return {row.element: row.at for row in rows}


def timelines(uow: UnitOfWork, agency_id: int, now: datetime) -> list[TransportTimeline]:
    """Recent transports of the agency: left scene, arrived, handed over, and where."""
    elements = (
        TimeElement.LEFT_SCENE,
        TimeElement.AT_DESTINATION,
        TimeElement.DESTINATION_TRANSFER_OF_CARE,
    )
    rows = uow.session.scalars(
        select(IncidentTimeRow).where(
            IncidentTimeRow.agency_id == agency_id,
            IncidentTimeRow.unit_id.is_not(None),
            IncidentTimeRow.element.in_([e.value for e in elements]),
            IncidentTimeRow.at >= now - LOOKBACK,
        )
    )
    stamps: dict[tuple[int, int], dict[str, datetime]] = defaultdict(dict)
    for row in rows:
        assert row.unit_id is not None
        stamps[(row.incident_id, row.unit_id)][row.element] = row.at
    found = []
    for (incident_id, unit_id), times in stamps.items():
        if TimeElement.AT_DESTINATION not in times:
            continue
        choice = latest_choice(uow, agency_id, incident_id, unit_id)
        facility = str(choice.facility_id) if choice and choice.facility_id else NO_FACILITY
        found.append(
            TransportTimeline(
                str(unit_id),
                str(incident_id),
                facility,
                times.get(TimeElement.LEFT_SCENE),
                times[TimeElement.AT_DESTINATION],
                times.get(TimeElement.DESTINATION_TRANSFER_OF_CARE),
            )
        )
    return found


def waiting(
    uow: UnitOfWork, agency_id: int, now: datetime, threshold_s: float
) -> Mapping[str, tuple[WaitingUnit, ...]]:
    return units_waiting(timelines(uow, agency_id, now), now, threshold_s)


def sweep_offload(uow: UnitOfWork, now: datetime, threshold_s: float) -> int:
    """Raise each offload alert that is due, once; returns how many were raised."""
    raised = 0
    for agency_id in uow.session.scalars(select(Agency.id)):
        alerted = {
            (str(a.unit_id), str(a.incident_id))
            for a in uow.session.scalars(
                select(OffloadAlertRow).where(OffloadAlertRow.agency_id == agency_id)
            )
        }
        for alert in offload_alerts_due(timelines(uow, agency_id, now), now, threshold_s, alerted):
            unit = uow.session.get(UnitRow, int(alert.unit_id))
            facility_id = None if alert.facility_id == NO_FACILITY else int(alert.facility_id)
            uow.session.add(
                OffloadAlertRow(
                    incident_id=int(alert.incident_id),
                    unit_id=int(alert.unit_id),
                    agency_id=agency_id,
                    facility_id=facility_id,
                    raised_at=now,
                )
            )
            uow.emit(
                agency_id,
                OffloadDelayed(
                    int(alert.unit_id),
                    unit.call_sign if unit else alert.unit_id,
                    int(alert.incident_id),
                    facility_id,
                    alert.waiting_s,
                    threshold_s,
                ),
            )
            raised += 1
    uow.commit()
    return raised
