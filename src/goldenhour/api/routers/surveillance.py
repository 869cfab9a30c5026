"""Public-health routes: the officer's signal queue, advisories, crews' acknowledgements.

``/surveillance/*`` and drafting or approving need the public-health officer; the crew
advisories are read and acknowledged by anyone signed in to the agency (crews, dispatchers).
The public feed and page are in ``routers.public_advisories`` and need no sign-in.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from goldenhour.adapters.db.tables.surveillance import AdvisoryRow, SurveillanceSignalRow
from goldenhour.adapters.db.types import utcnow
from goldenhour.api.deps import AdminActor, CurrentActor, UowDep, require
from goldenhour.domain.accounts.roles import Actor, Role
from goldenhour.domain.advisories.drafting import AdvisoryDraft, AgencyAlerting, Words
from goldenhour.services.surveillance import advisories, detection, signals

router = APIRouter(tags=["public health"])
OfficerActor = Annotated[Actor, Depends(require(Role.PUBLIC_HEALTH_OFFICER))]


class WordsIn(BaseModel):
    headline: str = Field(min_length=1, max_length=160)
    description: str = Field(min_length=1, max_length=4000)
    instruction: str = Field(min_length=1, max_length=4000)
    cmam_text: str | None = Field(None, max_length=400)
    cmam_long_text: str | None = Field(None, max_length=1000)


class DraftIn(BaseModel):
    english: WordsIn
    spanish: WordsIn | None = None
    area: str = Field(min_length=1, max_length=200, description="areaDesc the public reads")
    urgency: str = "Expected"
    severity: str = "Severe"
    certainty: str = "Likely"
    response_types: list[str] = ["Avoid", "Monitor"]
    hours_valid: int = Field(24, ge=1, le=168)
    crew_instruction: str | None = Field(None, max_length=1000)
    units: list[str] = Field([], description="call signs: a Private crew advisory to these")


class DismissIn(BaseModel):
    reason: str = Field(min_length=1, max_length=2000)


class FollowIn(BaseModel):
    msg_type: str = Field(description="Update or Cancel")


class AckIn(BaseModel):
    unit_id: int


class AlertingIn(BaseModel):
    sender: str
    sender_name: str
    poison_center: str = "1-800-222-1222"
    county_fips: list[str] = []
    ipaws: bool = False
    eas_org: str = "CIV"
    web: str | None = None
    contact: str | None = None


def signal_view(row: SurveillanceSignalRow, *, cases: bool = False) -> dict[str, Any]:
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
    return view


def advisory_view(row: AdvisoryRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "identifier": row.identifier,
        "signal_id": row.signal_id,
        "follows_id": row.follows_id,
        "audience": row.audience,
        "msg_type": row.msg_type,
        "status": row.status,
        "created_at": row.created_at,
        "published_at": row.published_at,
        "cap": row.cap_xml,
    }


@router.post("/surveillance/runs")
def run_now(actor: OfficerActor, uow: UowDep, seed: int = 1) -> dict[str, Any]:
    """Run the detectors now (they also run daily on their own)."""
    stored = detection.run(uow, actor.agency_id, utcnow(), actor, seed)
    return {"signals": [signal_view(s) for s in stored]}


@router.get("/surveillance/signals")
def signal_queue(actor: OfficerActor, uow: UowDep, status: str = Query("open")) -> dict[str, Any]:
    items = [signal_view(s) for s in signals.queue(uow, actor, status)]
    return {"items": items, "count": len(items)}


@router.get("/surveillance/signals/{signal_id}")
def signal_cases(signal_id: int, actor: OfficerActor, uow: UowDep) -> dict[str, Any]:
    """The signal with its cases (incident ids, times, criteria; no names): audited."""
    return signal_view(signals.case_detail(uow, actor, signal_id), cases=True)


@router.post("/surveillance/signals/{signal_id}/dismiss")
def dismiss(signal_id: int, body: DismissIn, actor: OfficerActor, uow: UowDep) -> dict[str, Any]:
    return signal_view(signals.dismiss(uow, actor, signal_id, body.reason))


@router.post("/surveillance/signals/{signal_id}/advisories", status_code=201)
def draft(signal_id: int, body: DraftIn, actor: OfficerActor, uow: UowDep) -> dict[str, Any]:
    """Draft the public advisory from a signal (validated CAP 1.2; published on approval)."""
    d = AdvisoryDraft(
        Words(**body.english.model_dump()),
        Words(**body.spanish.model_dump()) if body.spanish else None,
        body.urgency,
        body.severity,
        body.certainty,
        tuple(body.response_types),
        body.hours_valid,
        body.crew_instruction,
    )
    return advisory_view(advisories.draft(uow, actor, signal_id, d, body.area, tuple(body.units)))


@router.post("/advisories/{advisory_id}/approve")
def approve(advisory_id: int, actor: OfficerActor, uow: UowDep) -> dict[str, Any]:
    return advisory_view(advisories.approve(uow, actor, advisory_id))


@router.post("/advisories/{advisory_id}/follow", status_code=201)
def follow(advisory_id: int, body: FollowIn, actor: OfficerActor, uow: UowDep) -> dict[str, Any]:
    """Draft an Update or Cancel of a published advisory (approve it to publish)."""
    return advisory_view(advisories.follow(uow, actor, advisory_id, body.msg_type))


@router.get("/advisories")
def listed(
    actor: OfficerActor, uow: UowDep, audience: str = "public", status: str = "draft"
) -> dict[str, Any]:
    items = [advisory_view(a) for a in advisories.listed(uow, actor.agency_id, audience, (status,))]
    return {"items": items, "count": len(items)}


@router.get("/advisories/crew")
def crew_advisories(actor: CurrentActor, uow: UowDep) -> dict[str, Any]:
    """The crew advisories in force, with the units that acknowledged each."""
    items = []
    for row in advisories.listed(uow, actor.agency_id, "crew", ("published",)):
        view = advisory_view(row)
        view["acknowledged_by_units"] = [a.unit_id for a in advisories.acks_of(uow, row.id)]
        items.append(view)
    return {"items": items, "count": len(items)}


@router.post("/advisories/{advisory_id}/acknowledge")
def acknowledge(advisory_id: int, body: AckIn, actor: CurrentActor, uow: UowDep) -> dict[str, Any]:
    ack = advisories.acknowledge(uow, actor, advisory_id, body.unit_id)
    return {"advisory_id": ack.advisory_id, "unit_id": ack.unit_id, "at": ack.at}


@router.put("/advisories/settings")
def alerting_settings(body: AlertingIn, actor: AdminActor, uow: UowDep) -> dict[str, Any]:
    """How the agency sends alerts (sender, poison centre, county FIPS, IPAWS or not)."""
    doc = body.model_dump()
    doc["county_fips"] = tuple(doc["county_fips"])
    saved = advisories.set_alerting(uow, actor, AgencyAlerting(**doc))
    return {**body.model_dump(), "ipaws": saved.ipaws}
