"""Calls and incidents: take a call, re-triage it, see its recommendation, assign, cancel.

Dispatchers and supervisors take calls and assign units; anyone signed in to the agency may
read. Another agency's incident is a 404, never a 403, so ids leak nothing.
"""

from __future__ import annotations

from fastapi import APIRouter, Header, Query

from goldenhour.api.deps import CurrentActor, UowDep
from goldenhour.api.dispatch_deps import DispatcherActor, PositionCacheDep, SetupDep
from goldenhour.api.paging import PageDep, newest_first, oldest_first, page_of
from goldenhour.api.schemas.common import Id, Page
from goldenhour.api.schemas.dispatch import (
    AssignmentCreate,
    AssignmentRead,
    CallCreate,
    Cancel,
    IncidentRead,
    KeptRead,
    NoteCreate,
    NoteRead,
    RecommendationRead,
    Retriage,
    RetriageRead,
    TimeRead,
)
from goldenhour.api.views import incident_read, recommendation_read
from goldenhour.domain.dispatch.records import Incident
from goldenhour.services.dispatch import assignment as dispatch
from goldenhour.services.dispatch import incidents, intake, notes, recommendations, request_keys
from goldenhour.services.unit_of_work import UnitOfWork

router = APIRouter(prefix="/incidents", tags=["incidents"])


def _full(uow: UnitOfWork, incident: Incident) -> IncidentRead:
    times = [TimeRead.model_validate(t) for t in incidents.times_of(uow, incident.id)]
    assigned = [AssignmentRead.model_validate(a) for a in dispatch.assignments_of(uow, incident.id)]
    return incident_read(incident).model_copy(update={"times": times, "assignments": assigned})


@router.post("", response_model=IncidentRead, status_code=201)
def take_call(
    body: CallCreate,
    actor: DispatcherActor,
    uow: UowDep,
    setup: SetupDep,
    idempotency_key: str | None = Header(
        None, alias="Idempotency-Key", description="a retry with the same key gets the first answer"
    ),
) -> IncidentRead:
    """Take a call. Never refused for where or what it is: what is uncertain is in ``flags``."""
    where = body.location
    call = intake.Call(
        lon=where.lon if where else None,
        lat=where.lat if where else None,
        **body.model_dump(exclude={"location"}),
    )
    retry = None
    if idempotency_key is not None:
        key = request_keys.check_key(idempotency_key)
        fingerprint = request_keys.fingerprint(body.model_dump(mode="json"))
        retry = intake.Retry("POST /incidents", key, fingerprint)
    taken = intake.take_call(uow, actor, setup, call, retry)
    if not taken.first:
        return _full(uow, taken.incident)
    times = [TimeRead.model_validate(t) for t in taken.times]  # no unit is on a new call yet
    return incident_read(taken.incident).model_copy(update={"times": times, "assignments": []})


@router.get("", response_model=Page[IncidentRead])
def list_incidents(
    actor: CurrentActor,
    uow: UowDep,
    page: PageDep,
    status: list[str] = Query(default=[], description="pending, open, closed, cancelled"),
) -> Page[IncidentRead]:
    """Newest first, ``limit`` at a time; follow ``next_cursor`` for the rest."""
    rows = incidents.list_incidents(uow, actor.agency_id, status, page.limit + 1, page.last_id)
    return page_of(rows, page, newest_first, incident_read)


@router.get("/{incident_id}", response_model=IncidentRead)
def get_incident(incident_id: Id, actor: CurrentActor, uow: UowDep) -> IncidentRead:
    return _full(uow, incidents.get_incident(uow, actor.agency_id, incident_id))


@router.get("/{incident_id}/recommendations", response_model=RecommendationRead)
def get_recommendation(
    incident_id: Id, actor: CurrentActor, uow: UowDep, setup: SetupDep
) -> RecommendationRead:
    incident = incidents.get_incident(uow, actor.agency_id, incident_id)
    found = recommendations.for_incident(uow, setup, incident, uow.clock.now())
    return recommendation_read(incident.id, found)


@router.post("/{incident_id}/triage", response_model=RetriageRead)
def retriage(
    incident_id: Id, body: Retriage, actor: DispatcherActor, uow: UowDep, setup: SetupDep
) -> RetriageRead:
    found = incidents.retriage_call(
        uow, actor, setup, incident_id, body.answers, body.dispatch_reason
    )
    incident = incidents.get_incident(uow, actor.agency_id, incident_id)
    kept = [
        KeptRead(
            unit_id=int(k.assignment.unit_id),
            role=k.role.name,
            mode_change=k.mode_change.value if k.mode_change else None,
        )
        for k in found.matching.kept
    ]
    return RetriageRead(
        incident=_full(uow, incident),
        kept=kept,
        releasable=[int(a.unit_id) for a in found.matching.releasable],
        recommendation=recommendation_read(incident.id, found),
    )


@router.post("/{incident_id}/assignments", response_model=AssignmentRead, status_code=201)
def assign(
    incident_id: Id,
    body: AssignmentCreate,
    actor: DispatcherActor,
    uow: UowDep,
    setup: SetupDep,
    cache: PositionCacheDep,
) -> AssignmentRead:
    row = dispatch.assign_unit(uow, actor, setup, incident_id, body.unit_id, body.role, body.divert)
    cache.forget(actor.agency_id)
    return AssignmentRead.model_validate(row)


@router.post("/{incident_id}/cancel", response_model=IncidentRead)
def cancel(
    incident_id: Id,
    body: Cancel,
    actor: DispatcherActor,
    uow: UowDep,
    setup: SetupDep,
    cache: PositionCacheDep,
) -> IncidentRead:
    incident = dispatch.cancel_incident(uow, actor, setup, incident_id, body.reason)
    cache.forget(actor.agency_id)
    return _full(uow, incident)


@router.get("/{incident_id}/notes", response_model=Page[NoteRead])
def list_notes(incident_id: Id, actor: CurrentActor, uow: UowDep, page: PageDep) -> Page[NoteRead]:
    """The call's notes, oldest first, each with its author and time."""
    rows = notes.notes_of(uow, actor.agency_id, incident_id)
    return page_of(rows, page, oldest_first, NoteRead.model_validate)


@router.post("/{incident_id}/notes", response_model=NoteRead, status_code=201)
def add_note(incident_id: Id, body: NoteCreate, actor: DispatcherActor, uow: UowDep) -> NoteRead:
    """Add a note (never edited: a correction is another note); every board hears of it."""
    return NoteRead.model_validate(notes.add_note(uow, actor, incident_id, body.text))
