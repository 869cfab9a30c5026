"""What the call-taking and dispatch screens read: the triage form and the pending queue."""

from __future__ import annotations

from fastapi import APIRouter

from goldenhour.adapters.refdata.alert_limits import load_alert_limits
from goldenhour.api.deps import CurrentActor, RuntimeDep, UowDep
from goldenhour.api.dispatch_deps import SetupDep
from goldenhour.api.paging import Key, PageDep, page_of
from goldenhour.api.schemas.common import Page
from goldenhour.api.schemas.dispatch import (
    AlertLimitsRead,
    IncidentRead,
    InstructionRead,
    ProtocolRead,
    QuestionRead,
    ReasonRead,
    SourceRead,
    TriagePreview,
    TriagePreviewRead,
)
from goldenhour.api.views import incident_read
from goldenhour.domain.dispatch.codes import DISPATCH_REASONS, TYPES_OF_SERVICE
from goldenhour.domain.dispatch.records import Incident
from goldenhour.domain.triage.decision import triage
from goldenhour.services.dispatch import pending

router = APIRouter(tags=["dispatch"])


@router.get("/triage/protocol", response_model=ProtocolRead)
def triage_protocol(_actor: CurrentActor, setup: SetupDep) -> ProtocolRead:
    """The key questions, and which of them each dispatch reason asks, to render the form."""
    protocol = setup.protocol
    return ProtocolRead(
        name=protocol.name,
        version=protocol.version,
        questions=[
            QuestionRead(
                id=q.id,
                label=q.label,
                type=q.type.value,
                choices=list(q.choices),
                minimum=q.minimum,
                maximum=q.maximum,
                help=q.help,
            )
            for q in protocol.questions.values()
        ],
        reasons=[
            ReasonRead(code=code, name=name, questions=[q.id for q in protocol.questions_for(code)])
            for code, name in DISPATCH_REASONS.items()
        ],
        types_of_service=dict(TYPES_OF_SERVICE),
    )


@router.post("/triage/preview", response_model=TriagePreviewRead)
def triage_preview(body: TriagePreview, _actor: CurrentActor, setup: SetupDep) -> TriagePreviewRead:
    """The determinant and pre-arrival instructions for the answers so far (nothing stored):
    the call-taking screen shows them change as each question is answered."""
    result = triage(setup.protocol, body.dispatch_reason, body.answers)
    instructions = [setup.protocol.instructions[key] for key in result.instructions]
    return TriagePreviewRead(
        priority=int(result.priority),
        level=result.level.name,
        mode=result.mode.value,
        plan=result.plan,
        why=result.rule.why,
        source=SourceRead(title=result.source.title, url=result.source.url),
        instructions=[
            InstructionRead(
                id=i.id,
                text=i.text,
                steps=list(i.steps),
                source=SourceRead(title=i.source.title, url=i.source.url),
            )
            for i in instructions
        ],
    )


@router.get("/dispatch/alert-limits", response_model=AlertLimitsRead)
def alert_limits(_actor: CurrentActor, runtime: RuntimeDep) -> AlertLimitsRead:
    """When the board alerts: the agency's overdue limit per unit status (its TOML file,
    ``GOLDENHOUR_ALERT_LIMITS``, or the shipped one), stale position age and offload limit."""
    settings = runtime.settings
    return AlertLimitsRead(
        status_limits_s=load_alert_limits(settings.alert_limits),
        stale_position_s=settings.stale_position_s,
        offload_threshold_s=settings.offload_threshold_s,
    )


@router.get("/pending", response_model=Page[IncidentRead])
def pending_queue(actor: CurrentActor, uow: UowDep, page: PageDep) -> Page[IncidentRead]:
    """Calls no unit is on: priority first, then the longest waiting."""
    return page_of(pending.queue(uow, actor.agency_id), page, _most_urgent, incident_read)


def _most_urgent(call: Incident) -> Key:
    return (int(call.priority), call.received_at.timestamp(), call.id)
