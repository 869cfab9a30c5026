"""Facts about destinations and transport, for the boards and the receiving hospitals."""

from __future__ import annotations

from dataclasses import dataclass

from goldenhour.domain.shared.events import Event


@dataclass(frozen=True)
class FacilityStatusChanged(Event):
    facility_id: int
    facility_name: str
    service: str
    state: str
    reason: str
    until: str | None


@dataclass(frozen=True)
class DestinationChosen(Event):
    incident_id: int
    unit_id: int
    facility_id: int | None
    facility_name: str | None
    destination_type: str
    reason: str
    recommended_rank: int | None


@dataclass(frozen=True)
class PreArrivalNotice(Event):
    """What the receiving hospital needs before the ambulance arrives; re-sent as it moves."""

    facility_id: int
    facility_name: str
    unit_id: int
    call_sign: str
    incident_id: int
    priority: int
    eta_s: float | None
    age: str | None
    sex: str | None
    impression: str | None
    latest_vitals: dict[str, object] | None


@dataclass(frozen=True)
class TransferOfCare(Event):
    unit_id: int
    call_sign: str
    incident_id: int
    facility_id: int | None
    offload_s: float | None


@dataclass(frozen=True)
class OffloadDelayed(Event):
    unit_id: int
    call_sign: str
    incident_id: int
    facility_id: int | None
    waiting_s: float
    threshold_s: float
