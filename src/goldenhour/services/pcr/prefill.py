"""What a new record already knows from dispatch: the call, the unit, its times, its crew.

The crew should not re-type what the system recorded as it happened: the incident's type of
service and dispatch reason, the unit's call sign and NEMSIS capability, the times stamped as
the unit moved (eTimes), how it drove (lights and sirens, from the assignment's mode), the
agency's state as the incident state, the crew on duty with their levels (eCrew), GoldenHour as the
software (eRecord), and "Not Recorded" for the hospital outcome (eOutcome), which EMS cannot
know when it writes the record.
"""

from __future__ import annotations

from sqlalchemy import select

from goldenhour.adapters.db.tables import (
    Agency,
    AssignmentRow,
    IncidentTimeRow,
    PatientCareRecordRow,
    Provider,
)
from goldenhour.adapters.nemsis.elements import ems_schema
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.pcr.groups import build_group
from goldenhour.domain.pcr.record import PatientCareRecord, append_group, put, value_entry
from goldenhour.domain.pcr.tree import Entry, Group
from goldenhour.domain.shared.errors import Conflict
from goldenhour.domain.shared.us_states import ANSI_STATE_CODES, ansi_state_code
from goldenhour.domain.triage.priority import ResponseMode
from goldenhour.services.credentials.lookup import credentials_of
from goldenhour.services.dispatch.incidents import get_incident
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units.crews import get_unit, unit_views

SOFTWARE_CREATOR = "GoldenHour project"
SOFTWARE_NAME = "GoldenHour"
RESPONSE_MODE = {ResponseMode.EMERGENT.value: "2223001", ResponseMode.NON_EMERGENT.value: "2223005"}
OTHER_HEALTHCARE = "9925023"
# eResponse.24: how the unit drove, from the mode dispatch assigned it in.
LIGHTS = {ResponseMode.EMERGENT.value: "2224015"}  # lights and sirens
NO_LIGHTS = "2224019"
# eDispatch.02: GoldenHour's call intake asks the dispatch reason's key questions (triage
# protocol); whether pre-arrival instructions were given is not recorded.
EMD_BY_KEY_QUESTIONS = "2302007"


def agency_number(agency: Agency) -> str:
    """eResponse.01 / dAgency.02 (1-15 characters): the agency's slug until agencies carry
    their state-assigned number."""
    return agency.slug[:15]


def prefilled_record(
    uow: UnitOfWork,
    actor: Actor,
    incident_id: int,
    unit_id: int,
    record_uuid: str,
    software_version: str,
) -> PatientCareRecord:
    incident = get_incident(uow, actor.agency_id, incident_id)
    unit = get_unit(uow, actor, unit_id)
    assignment = uow.session.scalar(
        select(AssignmentRow)
        .where(AssignmentRow.incident_id == incident.id, AssignmentRow.unit_id == unit.id)
        .order_by(AssignmentRow.id.desc())
    )
    if assignment is None:
        raise Conflict(f"unit {unit.call_sign} was never assigned to incident {incident.id}")
    agency = uow.session.get(Agency, actor.agency_id)
    assert agency is not None
    earlier = uow.session.scalar(
        select(PatientCareRecordRow.id).where(PatientCareRecordRow.incident_id == incident.id)
    )
    number = f"{incident.id}-{unit.call_sign}"
    view = unit_views(uow, actor.agency_id, uow.clock.now(), [unit.id])
    capability = view[0].level.nemsis_capability if view else None
    facts: list[Entry] = [
        value_entry("eRecord.01", f"{agency.slug}-{record_uuid[:8]}"),
        value_entry("eRecord.02", SOFTWARE_CREATOR),
        value_entry("eRecord.03", SOFTWARE_NAME),
        value_entry("eRecord.04", software_version),
        value_entry("eResponse.01", agency_number(agency)),
        value_entry("eResponse.03", f"{incident.id:06d}"),  # 3-50 characters
        value_entry("eResponse.04", number if earlier is None else f"{number}-{record_uuid[:4]}"),
        value_entry("eResponse.05", incident.type_of_service),
        value_entry("eResponse.13", str(unit.id)),
        value_entry("eResponse.14", unit.call_sign),
        value_entry("eResponse.23", RESPONSE_MODE.get(assignment.mode, "2223005")),
        value_entry("eResponse.24", LIGHTS.get(assignment.mode, NO_LIGHTS)),
        value_entry("eDispatch.01", incident.dispatch_reason),
        value_entry("eDispatch.02", EMD_BY_KEY_QUESTIONS),
    ]
    if agency.state in ANSI_STATE_CODES:
        facts.append(value_entry("eScene.18", ansi_state_code(agency.state)))
    if capability:
        facts.append(value_entry("eResponse.07", capability))
    facts += dispatch_times(uow, incident.id, unit.id)
    schema = ems_schema()
    record = PatientCareRecord(record_uuid)
    for entry in _last_per_element(facts):
        record = put(record, schema, entry.element, [entry])
    record = append_group(record, schema, build_group(schema, "eOutcome", []))[0]
    crew = view[0].crew if view else ()
    providers = [uow.session.get(Provider, c.provider_id) for c in crew]
    for provider in (p for p in providers if p is not None):
        group = crew_member_group(uow, record, provider)
        if group is not None:
            record = append_group(record, schema, group)[0]
    return record


def dispatch_times(uow: UnitOfWork, incident_id: int, unit_id: int) -> list[Entry]:
    """The eTimes dispatch stamped for the call and this unit (the latest stamp of each)."""
    rows = uow.session.scalars(
        select(IncidentTimeRow)
        .where(IncidentTimeRow.incident_id == incident_id)
        .order_by(IncidentTimeRow.id)
    )
    stamps = [value_entry(t.element, t.at) for t in rows if t.unit_id in (None, unit_id)]
    return _last_per_element(stamps)


def with_dispatch_times(
    uow: UnitOfWork, record: PatientCareRecord, incident_id: int, unit_id: int
) -> PatientCareRecord:
    """Times dispatch stamped after the record was opened (left scene, back in service...)
    added where the record has none; a time the crew documented is never overwritten."""
    for entry in dispatch_times(uow, incident_id, unit_id):
        if not record.entries(entry.element):
            record = put(record, ems_schema(), entry.element, [entry])
    return record


def crew_level_code(uow: UnitOfWork, provider: Provider) -> str:
    """The provider's highest current certification as an eCrew.02 code."""
    credentials = credentials_of(uow, [provider])[provider.id]
    now = uow.clock.now()
    valid = [c.level for c in credentials.certifications if c.problem_at(now, None) is None]
    ranked = sorted(valid, key=lambda level: level.rank or 0, reverse=True)
    return ranked[0].personnel_code if ranked else OTHER_HEALTHCARE


def crew_member_group(
    uow: UnitOfWork, record: PatientCareRecord, provider: Provider
) -> Group | None:
    """The eCrew group that puts the provider on the record, or None when already there."""
    if any(e.value == provider.external_id for e in record.entries("eCrew.01")):
        return None
    return build_group(
        ems_schema(),
        "eCrew.CrewGroup",
        [
            value_entry("eCrew.01", provider.external_id),
            value_entry("eCrew.02", crew_level_code(uow, provider)),
        ],
    )


def _last_per_element(entries: list[Entry]) -> list[Entry]:
    return list({e.element: e for e in entries}.values())
