"""Turning patient care records and scope flags into API answers (and API entries into
domain entries)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from goldenhour.adapters.db.tables import ScopeFlagRow
from goldenhour.adapters.nemsis.elements import ems_schema
from goldenhour.adapters.refdata.defined_lists import defined_list
from goldenhour.api.schemas.pcr import (
    AddendumRead,
    ChartItemRead,
    EntryIn,
    FlagRead,
    MissingRead,
    PcrRead,
    QueueItemRead,
    VitalsSetRead,
)
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.pcr.groups import normalized
from goldenhour.domain.pcr.not_values import parse_not_value, parse_pertinent_negative
from goldenhour.domain.pcr.record import value_entry
from goldenhour.domain.pcr.tree import Entry, Group, node_to_json
from goldenhour.domain.pcr.vitals import VITAL_NAMES
from goldenhour.services.pcr import records as pcr
from goldenhour.services.pcr import review
from goldenhour.services.pcr import signing as pcr_lock
from goldenhour.services.unit_of_work import UnitOfWork


def to_entries(
    items: Sequence[EntryIn], rename: Callable[[str], str] = lambda name: name
) -> list[Entry]:
    entries = []
    schema = ems_schema()
    for item in items:
        element = rename(item.element)
        value = None if item.value is None else value_entry(element, item.value).value
        entry = Entry(
            element,
            value,
            parse_not_value(item.nv, f"{element}.nv") if item.nv else None,
            parse_pertinent_negative(item.pn, f"{element}.pn") if item.pn else None,
            tuple(sorted(item.attributes.items())),
        )
        entries.append(normalized(schema.spec(element), entry) if element in schema else entry)
    return entries


def flag_read(flag: ScopeFlagRow) -> FlagRead:
    return FlagRead(
        id=flag.id,
        pcr_id=flag.pcr_id,
        intervention=flag.intervention,
        skill=flag.skill,
        provider_id=flag.provider_id,
        performed_at=flag.performed_at,
        decision=flag.decision,
        reasons=flag.reasons.get("reasons", []),
        status=flag.status,
        outcome=flag.outcome,
        comment=flag.comment,
        reviewer_id=flag.reviewer_id,
        reviewed_at=flag.reviewed_at,
    )


def pcr_read(uow: UnitOfWork, actor: Actor, pcr_id: int) -> PcrRead:
    view = pcr.get_pcr(uow, actor, pcr_id)
    row = view.row
    ready = pcr_lock.readiness_of(uow, view)
    return PcrRead(
        id=row.id,
        uuid=row.uuid,
        incident_id=row.incident_id,
        unit_id=row.unit_id,
        status=row.status,
        source=row.source,
        created_at=row.created_at,
        locked_at=row.locked_at,
        locked_by=row.locked_by,
        record=view.record.to_json(),
        warnings=row.warnings.get("findings", []),
        flags=[flag_read(f) for f in review.flags_of(uow, row.id)],
        addenda=[AddendumRead.model_validate(a) for a in view.addenda],
        missing_for_lock=[MissingRead(**m.as_dict()) for m in ready.missing] if ready else [],
        to_chart=[
            ChartItemRead(key=i.key, section=i.section, label=i.label, elements=list(i.elements))
            for i in (ready.to_chart if ready else [])
        ],
        not_recorded_at_lock=[MissingRead(**m.as_dict()) for m in ready.not_recorded]
        if ready
        else [],
    )


def queue_item(view: review.FlagView) -> QueueItemRead:
    provider = view.provider
    impression = view.patient.impression
    names = {c.code: c.label for c in defined_list("Impression")}
    return QueueItemRead(
        **flag_read(view.flag).model_dump(),
        provider=f"{provider.first_name} {provider.last_name} ({provider.external_id})"
        if provider
        else None,
        incident_id=view.record.incident_id,
        unit_id=view.record.unit_id,
        unit=view.unit,
        record_uuid=view.record.uuid,
        documented=node_to_json(view.intervention) if view.intervention else None,
        patient_age=view.patient.age,
        patient_sex=view.patient.sex,
        impression=f"{impression} {names.get(impression, '')}".strip() if impression else None,
        vitals_around=[_vitals_set(g) for g in view.vitals_around],
    )


def _vitals_set(group: Group) -> VitalsSetRead:
    values = {
        name: entry.value
        for name, element in VITAL_NAMES.items()
        if name not in ("taken_at", "prior_to_care")
        for entry in group.all_entries(element)[:1]
        if entry.value is not None
    }
    return VitalsSetRead(taken_at=group.value("eVitals.01"), values=values)
