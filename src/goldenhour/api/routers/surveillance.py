"""Public-health routes: the officer's signal queue, advisories, crews' acknowledgements.

``/surveillance/*`` and drafting or approving need the public-health officer; the crew
advisories are read and acknowledged by anyone signed in to the agency (crews, dispatchers).
The public feed and page are in ``routers.public_advisories`` and need no sign-in.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from goldenhour.adapters.cap.xml import read_alert
from goldenhour.adapters.db.tables.surveillance import AdvisoryRow, SurveillanceSignalRow
from goldenhour.adapters.db.types import utcnow
from goldenhour.adapters.surveillance.definitions_file import load_definitions
from goldenhour.api.deps import AdminActor, CurrentActor, RuntimeDep, UowDep, require
from goldenhour.api.paging import PageDep, newest_first, page_of
from goldenhour.api.schemas.common import Id, Page
from goldenhour.api.schemas.surveillance import (
    AckIn,
    AckRead,
    AdvisoryDraftIn,
    AdvisoryRead,
    AlertingIn,
    CrewAdvisoryRead,
    DismissIn,
    FollowIn,
    SignalRead,
)
from goldenhour.domain.accounts.roles import Actor, Role
from goldenhour.domain.advisories.drafting import AdvisoryDraft, AgencyAlerting, Words
from goldenhour.services.accounts import users as accounts
from goldenhour.services.surveillance import advisories, detection, signals
from goldenhour.services.unit_of_work import UnitOfWork

router = APIRouter(tags=["public health"])
OfficerActor = Annotated[Actor, Depends(require(Role.PUBLIC_HEALTH_OFFICER))]


def signal_view(row: SurveillanceSignalRow, *, cases: bool = False) -> SignalRead:
    """A signal for the queue and its map: areas, counts and times; case rows on request."""
    view = {
        "id": row.id,
        "detector": row.detector,
        "definition": row.definition,
        "level": row.level,
        "status": row.status,
        "start": row.start,
        "end": row.end,
        "observed": row.observed,
        "expected": row.expected,
        "p": row.p,
        "center": {"lat": row.center_lat, "lon": row.center_lon},
        "radius_km": row.radius_km,
        "areas": row.detail.get("areas", []),
        "parameters": row.detail.get("parameters", {}),
        "result": row.detail.get("result", {}),
        "recommendation": row.detail.get("recommendation", ""),
        "reason": row.reason,
    }
    if cases:
        view["cases"] = row.detail.get("cases", [])
    return SignalRead.model_validate(view)


def advisory_view(row: AdvisoryRow, uow: UnitOfWork) -> AdvisoryRead:
    alert = read_alert(row.cap_xml.encode("utf-8"))
    slug = accounts.get_agency(uow, row.agency_id).slug
    info = alert.infos[0] if alert.infos else None
    return AdvisoryRead.model_validate(
        {
            "headline": (info.headline or info.event) if info else alert.msg_type,
            "id": row.id,
            "identifier": row.identifier,
            "signal_id": row.signal_id,
            "follows_id": row.follows_id,
            "audience": row.audience,
            "msg_type": row.msg_type,
            "status": row.status,
            "created_at": row.created_at,
            "published_at": row.published_at,
            "public_page": f"/public/{slug}/advisories#{row.identifier}",
            "cap": row.cap_xml,
        }
    )


def _draft(body: AdvisoryDraftIn) -> AdvisoryDraft:
    return AdvisoryDraft(
        Words(**body.english.model_dump()),
        Words(**body.spanish.model_dump()) if body.spanish else None,
        body.urgency,
        body.severity,
        body.certainty,
        tuple(body.response_types),
        body.hours_valid,
        body.crew_instruction,
    )


@router.post("/surveillance/runs", response_model=Page[SignalRead])
def run_now(
    actor: OfficerActor, uow: UowDep, runtime: RuntimeDep, seed: int = 1
) -> Page[SignalRead]:
    """Run the detectors now (they also run daily on their own); the new signals."""
    definitions = load_definitions(runtime.settings.case_definitions)
    rows = detection.run(uow, actor.agency_id, utcnow(), actor, seed, definitions=definitions)
    stored = [signal_view(s) for s in rows]
    return Page(items=stored, count=len(stored))


@router.get("/surveillance/signals", response_model=Page[SignalRead])
def signal_queue(
    actor: OfficerActor, uow: UowDep, page: PageDep, status: str = Query("open")
) -> Page[SignalRead]:
    """The officer's queue: open (default), dismissed or advised signals, newest first."""
    return page_of(signals.queue(uow, actor, status), page, newest_first, signal_view)


@router.get("/surveillance/signals/{signal_id}", response_model=SignalRead)
def signal_cases(signal_id: Id, actor: OfficerActor, uow: UowDep) -> SignalRead:
    """The signal with its cases (incident ids, times, criteria; no names): audited."""
    return signal_view(signals.case_detail(uow, actor, signal_id), cases=True)


@router.post("/surveillance/signals/{signal_id}/dismiss", response_model=SignalRead)
def dismiss(signal_id: Id, body: DismissIn, actor: OfficerActor, uow: UowDep) -> SignalRead:
    return signal_view(signals.dismiss(uow, actor, signal_id, body.reason))


@router.post(
    "/surveillance/signals/{signal_id}/advisories", status_code=201, response_model=AdvisoryRead
)
def draft(
    signal_id: Id, body: AdvisoryDraftIn, actor: OfficerActor, uow: UowDep, runtime: RuntimeDep
) -> AdvisoryRead:
    """Draft the public advisory from a signal (validated CAP 1.2; published on approval)."""
    d = _draft(body)
    definitions = load_definitions(runtime.settings.case_definitions)
    row = advisories.draft(uow, actor, signal_id, d, body.area, tuple(body.units), definitions)
    return advisory_view(row, uow)


@router.post("/advisories/{advisory_id}/approve", response_model=AdvisoryRead)
def approve(advisory_id: Id, actor: OfficerActor, uow: UowDep) -> AdvisoryRead:
    return advisory_view(advisories.approve(uow, actor, advisory_id), uow)


@router.post("/advisories/{advisory_id}/follow", status_code=201, response_model=AdvisoryRead)
def follow(
    advisory_id: Id, body: FollowIn, actor: OfficerActor, uow: UowDep, runtime: RuntimeDep
) -> AdvisoryRead:
    """Draft an Update (optionally with revised words) or a Cancel of a published advisory;
    approve it to publish."""
    revised = _draft(body.draft) if body.draft else None
    area = body.draft.area if body.draft else None
    definitions = load_definitions(runtime.settings.case_definitions)
    row = advisories.follow(uow, actor, advisory_id, body.msg_type, revised, area, definitions)
    return advisory_view(row, uow)


@router.get("/advisories", response_model=Page[AdvisoryRead])
def listed(
    actor: OfficerActor,
    uow: UowDep,
    page: PageDep,
    audience: str = "public",
    status: str = "draft",
) -> Page[AdvisoryRead]:
    """Newest first."""
    rows = advisories.listed(uow, actor.agency_id, audience, (status,))
    return page_of(rows, page, newest_first, lambda a: advisory_view(a, uow))


@router.get("/advisories/crew", response_model=Page[CrewAdvisoryRead])
def crew_advisories(actor: CurrentActor, uow: UowDep, page: PageDep) -> Page[CrewAdvisoryRead]:
    """The crew advisories in force (newest first), with the units that acknowledged each."""
    rows = advisories.listed(uow, actor.agency_id, "crew", ("published",))
    return page_of(rows, page, newest_first, lambda row: _crew_advisory(uow, row))


def _crew_advisory(uow: UnitOfWork, row: AdvisoryRow) -> CrewAdvisoryRead:
    alert = read_alert(row.cap_xml.encode("utf-8"))
    info = alert.infos[0] if alert.infos else None
    return CrewAdvisoryRead(
        id=row.id,
        identifier=row.identifier,
        msg_type=row.msg_type,
        scope=alert.scope,
        units=(alert.addresses or "").split(),
        headline=(info.headline or info.event) if info else "",
        instruction=(info.instruction or "") if info else "",
        area=info.areas[0].description if info and info.areas else "",
        published_at=row.published_at,
        acknowledged_by_units=[a.unit_id for a in advisories.acks_of(uow, row.id)],
    )


@router.post("/advisories/{advisory_id}/acknowledge", response_model=AckRead)
def acknowledge(advisory_id: Id, body: AckIn, actor: CurrentActor, uow: UowDep) -> AckRead:
    ack = advisories.acknowledge(uow, actor, advisory_id, body.unit_id)
    return AckRead(advisory_id=ack.advisory_id, unit_id=ack.unit_id, at=ack.at)


@router.put("/advisories/settings", response_model=AlertingIn)
def alerting_settings(body: AlertingIn, actor: AdminActor, uow: UowDep) -> AlertingIn:
    """How the agency sends alerts (sender, poison centre, county FIPS, IPAWS or not)."""
    doc = body.model_dump()
    doc["county_fips"] = tuple(doc["county_fips"])
    advisories.set_alerting(uow, actor, AgencyAlerting(**doc))
    return body
