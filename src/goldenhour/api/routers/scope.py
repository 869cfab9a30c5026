"""``POST /api/v1/scope/check``: may this provider (or this level) perform this skill?"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from goldenhour.api.deps import CurrentActor, UowDep, require
from goldenhour.api.paging import PageDep, newest_first, page_of
from goldenhour.api.schemas.common import Page
from goldenhour.api.schemas.credentials import (
    AgencyProtocolRead,
    AgencyProtocolWrite,
    ProtocolVersionRead,
    ReasonRead,
    ScopeCheck,
    ScopeCheckRead,
)
from goldenhour.domain.accounts.roles import Actor, Role
from goldenhour.domain.scope.decision import ScopeDecision
from goldenhour.domain.scope.skills import Skill
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.scope import checks as scope

router = APIRouter(prefix="/scope", tags=["scope"])


def _read(decision: ScopeDecision, skill: Skill) -> ScopeCheckRead:
    cert = decision.certification
    return ScopeCheckRead(
        decision=decision.decision.value,
        skill=skill.slug,
        reasons=[ReasonRead.model_validate(r) for r in decision.reasons],
        certification=None
        if cert is None
        else {
            "level": cert.level.slug,
            "number": cert.number,
            "issuing_state": cert.issuing_state,
            "expires": cert.expires.isoformat() if cert.expires else None,
        },
    )


@router.post("/check", response_model=ScopeCheckRead)
def check(body: ScopeCheck, actor: CurrentActor, uow: UowDep) -> ScopeCheckRead:
    if (body.provider_id is None) == (body.level is None):
        raise InvalidInput.for_field("provider_id", "give exactly one of provider_id or level")
    if body.provider_id is not None:
        return _read(*scope.check_provider(uow, actor, body.provider_id, body.skill, body.at))
    assert body.level is not None
    held = [(e.name, e.expires) for e in body.endorsements]
    return _read(
        *scope.check_level(
            body.level,
            body.skill,
            body.jurisdiction,
            held,
            body.expires,
            body.at or uow.clock.now(),
        )
    )


ProtocolEditor = Annotated[Actor, Depends(require(Role.MEDICAL_DIRECTOR, Role.AGENCY_ADMIN))]


@router.put("/protocol", status_code=204)
def set_protocol(body: AgencyProtocolWrite, actor: ProtocolEditor, uow: UowDep) -> None:
    """Replace the agency's protocol (the medical director's or an administrator's); refused
    (422) if any rule would widen the state's scope or a dose row is malformed."""
    scope.set_agency_protocol(uow, actor, body.document, body.note)


@router.get("/protocol", response_model=AgencyProtocolRead)
def get_protocol(actor: CurrentActor, uow: UowDep) -> AgencyProtocolRead:
    """The agency's protocol as it stands (crews read its doses; everyone may read it)."""
    return AgencyProtocolRead(document=scope.agency_protocol(uow, actor))


@router.get("/protocol/history", response_model=Page[ProtocolVersionRead])
def protocol_history(
    actor: ProtocolEditor, uow: UowDep, page: PageDep
) -> Page[ProtocolVersionRead]:
    """Every version of the agency's protocol, newest first, with who changed it and why."""
    rows = scope.protocol_history(uow, actor)
    return page_of(rows, page, newest_first, ProtocolVersionRead.model_validate)
