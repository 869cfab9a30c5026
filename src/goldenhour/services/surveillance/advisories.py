"""Advisories from signals: draft, approve (which publishes), update, cancel, acknowledge.

Nothing reaches the public before an officer approves it, and nothing is approved that does
not validate against the OASIS ``cap12.xsd`` and, when the agency sends through IPAWS, the
IPAWS profile. Approval publishes the public alert (the feed and the public page read only
published alerts) and its crew twin, which goes to every crew screen and board on the event
stream and stays there until each crew acknowledges it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from sqlalchemy import select

from goldenhour.adapters.cap.xml import read_alert, to_xml, validate
from goldenhour.adapters.db.tables import Agency, UnitRow
from goldenhour.adapters.db.tables.surveillance import (
    AdvisoryAckRow,
    AdvisoryRow,
    AgencyAlertingRow,
)
from goldenhour.adapters.surveillance.definitions_file import default_definitions
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.advisories.cap import Alert, check_alert
from goldenhour.domain.advisories.drafting import (
    AdvisoryDraft,
    AgencyAlerting,
    Place,
    Words,
    crew_alert,
    follow_up,
    public_alert,
)
from goldenhour.domain.advisories.ipaws import ipaws_problems
from goldenhour.domain.shared.errors import Conflict, InvalidInput, NotFound
from goldenhour.domain.surveillance.case_definitions import AdvisoryHints, CaseDefinition
from goldenhour.domain.surveillance.events import (
    AdvisoryDrafted,
    AdvisoryPublished,
    CrewAdvisoryAcknowledged,
    CrewAdvisoryIssued,
)
from goldenhour.services.accounts import audit
from goldenhour.services.surveillance import signals
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units.timeline import check_may_move


def alerting(uow: UnitOfWork, agency_id: int) -> AgencyAlerting:
    row = uow.session.get(AgencyAlertingRow, agency_id)
    agency = uow.session.get(Agency, agency_id)
    assert agency is not None
    doc: dict[str, Any] = dict(row.document) if row else {}
    doc.setdefault("sender", f"{agency.slug}@goldenhour.invalid")
    doc.setdefault("sender_name", agency.name)
    doc["county_fips"] = tuple(doc.get("county_fips", ()))
    return AgencyAlerting(**doc)


def set_alerting(uow: UnitOfWork, actor: Actor, settings: AgencyAlerting) -> AgencyAlerting:
    row = uow.session.get(AgencyAlertingRow, actor.agency_id)
    doc = {**asdict(settings), "county_fips": list(settings.county_fips)}
    if row is None:
        uow.session.add(AgencyAlertingRow(agency_id=actor.agency_id, document=doc))
    else:
        row.document, row.updated_at = doc, uow.clock.now()
    audit.record(uow, actor, "update", "agency_alerting", actor.agency_id, doc)
    uow.commit()
    return settings


def _identifier(agency_id: int) -> str:
    return f"GH-{agency_id}-{uuid.uuid4().hex[:16]}"


def _checked(alert: Alert, ipaws: bool) -> str:
    problems = check_alert(alert) + (ipaws_problems(alert) if ipaws else [])
    xml = to_xml(alert)
    problems += validate(xml)
    if problems:
        raise InvalidInput(f"the advisory is not valid CAP: {problems[0]}", problems)
    return xml.decode("utf-8")


def draft(
    uow: UnitOfWork,
    actor: Actor,
    signal_id: int,
    draft: AdvisoryDraft,
    area: str,
    units: tuple[str, ...] = (),
    definitions: Sequence[CaseDefinition] | None = None,
) -> AdvisoryRow:
    """An officer's draft from a signal: the public alert, validated, not yet published."""
    signal = signals.get(uow, actor, signal_id, lock=True)
    if signal.status == "dismissed":
        raise Conflict(f"signal {signal_id} was dismissed")
    hints = _hints(signal.definition, definitions)
    agency = alerting(uow, actor.agency_id)
    place = Place(area, signal.center_lat, signal.center_lon, signal.radius_km)
    alert = public_alert(_identifier(actor.agency_id), uow.clock.now(), hints, draft, agency, place)
    row = AdvisoryRow(
        agency_id=actor.agency_id,
        identifier=alert.identifier,
        signal_id=signal.id,
        audience="public",
        msg_type="Alert",
        status="draft",
        draft={"draft": _draft_json(draft), "area": area, "units": list(units)},
        cap_xml=_checked(alert, agency.ipaws),
        created_by=actor.user_id,
    )
    uow.session.add(row)
    signal.status, signal.decided_by, signal.decided_at = "advised", actor.user_id, uow.clock.now()
    uow.session.flush()
    uow.emit(actor.agency_id, AdvisoryDrafted(row.id, signal.id, row.msg_type))
    audit.record(uow, actor, "draft", "advisory", row.id, {"signal": signal.id})
    uow.commit()
    return row


def _hints(definition: str, definitions: Sequence[CaseDefinition] | None) -> AdvisoryHints:
    """The definition's advisory hints; a generic Health event for a definition since removed."""
    known = {d.id: d.advisory for d in (definitions or default_definitions())}
    return known.get(definition) or AdvisoryHints(
        ("Health",), f"{definition.replace('_', ' ')} cluster", "CEM", ""
    )


def _draft_json(d: AdvisoryDraft) -> dict[str, Any]:
    return asdict(d)


def draft_from_json(doc: dict[str, Any]) -> AdvisoryDraft:
    spanish = doc.get("spanish")
    return AdvisoryDraft(
        english=Words(**doc["english"]),
        spanish=Words(**spanish) if spanish else None,
        urgency=str(doc["urgency"]),
        severity=str(doc["severity"]),
        certainty=str(doc["certainty"]),
        response_types=tuple(doc["response_types"]),
        hours_valid=int(doc["hours_valid"]),
        crew_instruction=doc.get("crew_instruction"),
    )


def get(uow: UnitOfWork, actor: Actor, advisory_id: int) -> AdvisoryRow:
    row = uow.session.get(AdvisoryRow, advisory_id, with_for_update=True)
    if row is None or row.agency_id != actor.agency_id:
        raise NotFound(f"advisory: no advisory {advisory_id} in your agency")
    return row


def approve(uow: UnitOfWork, actor: Actor, advisory_id: int) -> AdvisoryRow:
    """Publish a draft (validated again) and send its crew twin to every crew screen."""
    row = get(uow, actor, advisory_id)
    if row.status != "draft":
        raise Conflict(f"advisory {advisory_id} is {row.status}, not a draft")
    agency = alerting(uow, actor.agency_id)
    public = read_alert(row.cap_xml.encode("utf-8"))
    _checked(public, agency.ipaws)
    now = uow.clock.now()
    row.status, row.approved_by, row.published_at = "published", actor.user_id, now
    ended = "cancelled" if row.msg_type == "Cancel" else "superseded"
    if row.follows_id is not None:
        # The earlier public advisory and its crew twin give way to this one.
        for earlier in uow.session.scalars(
            select(AdvisoryRow).where(
                AdvisoryRow.status == "published",
                (AdvisoryRow.id == row.follows_id)
                | ((AdvisoryRow.follows_id == row.follows_id) & (AdvisoryRow.audience == "crew")),
            )
        ):
            earlier.status = ended
    d = draft_from_json(row.draft["draft"])
    units = tuple(row.draft.get("units", []))
    instruction = d.crew_instruction or (public.infos[0].instruction if public.infos else "") or ""
    crew = crew_alert(public, _identifier(actor.agency_id), instruction, units=units)
    crew_row = AdvisoryRow(
        agency_id=actor.agency_id,
        identifier=crew.identifier,
        signal_id=row.signal_id,
        follows_id=row.id,
        audience="crew",
        msg_type=row.msg_type,
        status="cancelled" if row.msg_type == "Cancel" else "published",
        draft=row.draft,
        cap_xml=_checked(crew, False),
        created_by=actor.user_id,
        approved_by=actor.user_id,
        published_at=now,
    )
    uow.session.add(crew_row)
    uow.session.flush()
    info = crew.infos[0] if crew.infos else None
    area = info.areas[0].description if info and info.areas else ""
    uow.emit(actor.agency_id, AdvisoryPublished(row.id, row.identifier, row.msg_type))
    uow.emit(
        actor.agency_id,
        CrewAdvisoryIssued(
            crew_row.id,
            crew.identifier,
            crew.msg_type,
            (info.headline or "") if info else "",
            instruction,
            area,
            units,
        ),
    )
    audit.record(uow, actor, "approve", "advisory", row.id, {"crew": crew_row.id})
    uow.commit()
    return row


def follow(
    uow: UnitOfWork,
    actor: Actor,
    advisory_id: int,
    msg_type: str,
    revised: AdvisoryDraft | None = None,
    area: str | None = None,
    definitions: Sequence[CaseDefinition] | None = None,
) -> AdvisoryRow:
    """A draft Update or Cancel of a published public advisory (approved like any draft).
    An Update may carry the officer's revised words (``revised``, ``area``); without them it
    repeats the earlier information."""
    if msg_type not in ("Update", "Cancel"):
        raise InvalidInput.for_field("msg_type", "must be Update or Cancel")
    if revised is not None and msg_type != "Update":
        raise InvalidInput.for_field("draft", "only an Update carries new words")
    earlier = get(uow, actor, advisory_id)
    if earlier.status != "published" or earlier.audience != "public":
        raise Conflict(f"advisory {advisory_id} is not a published public advisory")
    agency = alerting(uow, actor.agency_id)
    now, identifier = uow.clock.now(), _identifier(actor.agency_id)
    doc, infos = earlier.draft, None
    if revised is not None and earlier.signal_id is not None:
        signal = signals.get(uow, actor, earlier.signal_id)
        where = area or str(earlier.draft.get("area", ""))
        place = Place(where, signal.center_lat, signal.center_lon, signal.radius_km)
        hints = _hints(signal.definition, definitions)
        infos = public_alert(identifier, now, hints, revised, agency, place).infos
        doc = {**earlier.draft, "draft": _draft_json(revised), "area": where}
    alert = follow_up(read_alert(earlier.cap_xml.encode()), identifier, now, msg_type, infos)
    row = AdvisoryRow(
        agency_id=actor.agency_id,
        identifier=alert.identifier,
        signal_id=earlier.signal_id,
        follows_id=earlier.id,
        audience="public",
        msg_type=msg_type,
        status="draft",
        draft=doc,
        cap_xml=_checked(alert, agency.ipaws),
        created_by=actor.user_id,
    )
    uow.session.add(row)
    uow.session.flush()
    uow.emit(actor.agency_id, AdvisoryDrafted(row.id, row.signal_id, msg_type))
    audit.record(uow, actor, "draft", "advisory", row.id, {"follows": earlier.id})
    uow.commit()
    return row


def listed(
    uow: UnitOfWork, agency_id: int, audience: str, statuses: tuple[str, ...]
) -> list[AdvisoryRow]:
    return list(
        uow.session.scalars(
            select(AdvisoryRow)
            .where(
                AdvisoryRow.agency_id == agency_id,
                AdvisoryRow.audience == audience,
                AdvisoryRow.status.in_(statuses),
            )
            .order_by(AdvisoryRow.id.desc())
        )
    )


def shown_to_public(
    uow: UnitOfWork, agency_id: int, identifier: str, statuses: Sequence[str]
) -> AdvisoryRow:
    """One public advisory by its CAP identifier, if its status is one the public sees."""
    row = uow.session.scalar(
        select(AdvisoryRow).where(
            AdvisoryRow.agency_id == agency_id,
            AdvisoryRow.identifier == identifier,
            AdvisoryRow.audience == "public",
            AdvisoryRow.status.in_(statuses),
        )
    )
    if row is None:
        raise NotFound(f"advisory: no published advisory {identifier}")
    return row


def acknowledge(uow: UnitOfWork, actor: Actor, advisory_id: int, unit_id: int) -> AdvisoryAckRow:
    """A crew acknowledges a crew advisory for its unit, once."""
    row = get(uow, actor, advisory_id)
    unit = uow.session.get(UnitRow, unit_id)
    if unit is None or unit.agency_id != actor.agency_id:
        raise NotFound(f"unit: no unit {unit_id} in your agency")
    check_may_move(uow, actor, unit, uow.clock.now())
    if row.audience != "crew":
        raise InvalidInput.for_field("advisory_id", "only crew advisories are acknowledged")
    addressed = read_alert(row.cap_xml.encode("utf-8")).addresses
    if addressed and unit.call_sign not in addressed.split():
        raise InvalidInput.for_field(
            "unit_id", f"this advisory is for {addressed}, not {unit.call_sign}"
        )
    if actor.unit_id is not None and actor.unit_id != unit_id:
        raise InvalidInput.for_field("unit_id", "this sign-in acknowledges for its own unit only")
    existing = uow.session.scalar(
        select(AdvisoryAckRow).where(
            AdvisoryAckRow.advisory_id == row.id, AdvisoryAckRow.unit_id == unit_id
        )
    )
    if existing is not None:
        return existing
    ack = AdvisoryAckRow(
        agency_id=actor.agency_id,
        advisory_id=row.id,
        unit_id=unit_id,
        user_id=actor.user_id,
        at=uow.clock.now(),
    )
    uow.session.add(ack)
    uow.emit(actor.agency_id, CrewAdvisoryAcknowledged(row.id, unit_id, unit.call_sign))
    audit.record(uow, actor, "acknowledge", "advisory", row.id, {"unit": unit_id})
    uow.commit()
    return ack


def acks_of(uow: UnitOfWork, advisory_id: int) -> list[AdvisoryAckRow]:
    return list(
        uow.session.scalars(select(AdvisoryAckRow).where(AdvisoryAckRow.advisory_id == advisory_id))
    )
