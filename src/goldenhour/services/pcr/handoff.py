"""The handoff document for the receiving hospital, printed from the record as it stands.

The same record the chart and the NEMSIS export read (with its addenda), so the hospital gets
what the crew documented and nothing else; printing it is a read of the record and is audited
like one.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from goldenhour.adapters.db.tables import Agency, Provider, UnitRow
from goldenhour.adapters.handoff.document import handoff_html
from goldenhour.adapters.nemsis.elements import ems_schema
from goldenhour.adapters.refdata.skills import load_skill_catalog
from goldenhour.domain.accounts.roles import Actor
from goldenhour.services.accounts import audit
from goldenhour.services.pcr import records as pcr
from goldenhour.services.unit_of_work import UnitOfWork


def handoff_pdf(
    uow: UnitOfWork, actor: Actor, pcr_id: int, print_pdf: Callable[[str], bytes]
) -> tuple[str, bytes]:
    """The record's number and its handoff document as PDF."""
    view = pcr.get_pcr(uow, actor, pcr_id)
    record = view.record
    crew_ids = [e.value for e in record.entries("eCrew.01") if e.value]
    providers = uow.session.scalars(
        select(Provider).where(
            Provider.agency_id == actor.agency_id, Provider.external_id.in_(crew_ids)
        )
    )
    crew = {p.external_id: f"{p.first_name} {p.last_name}" for p in providers}
    agency = uow.session.get(Agency, actor.agency_id)
    unit = uow.session.get(UnitRow, view.row.unit_id) if view.row.unit_id else None
    care_names = {s.code: s.name for s in load_skill_catalog() if s.code}
    page = handoff_html(
        ems_schema(),
        record,
        agency.name if agency else "",
        unit.call_sign if unit else "",
        crew,
        care_names,
        view.row.status,
    )
    audit.record(uow, actor, "print", "pcr", view.row.id, {"document": "handoff"})
    uow.commit()
    return record.value("eRecord.01") or str(pcr_id), print_pdf(page)
