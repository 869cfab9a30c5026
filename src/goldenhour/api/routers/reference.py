"""Reference tables the screens render from, so no rule is written twice in JavaScript."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from goldenhour.adapters.refdata.skills import load_skill_catalog
from goldenhour.api.deps import CurrentActor
from goldenhour.api.paging import PageDep, page_of
from goldenhour.api.schemas.common import Page
from goldenhour.domain.destination.codes import DESTINATION_REASONS, DESTINATION_TYPES
from goldenhour.domain.destination.rules import Finding
from goldenhour.domain.scope.skills import Skill
from goldenhour.domain.units.timeline import TRANSITIONS

router = APIRouter(prefix="/reference", tags=["reference"])


@router.get("/unit-status-transitions")
def unit_status_transitions(_actor: CurrentActor) -> dict[str, list[str]]:
    """From each unit status, the statuses a crew may go to next (the crew screen's buttons)."""
    table: dict[str, list[str]] = {}
    for frm, to in TRANSITIONS:
        table.setdefault(frm.value, []).append(to.value)
    return table


@router.get("/destination")
def destination_vocabulary(_actor: CurrentActor) -> dict[str, object]:
    """Patient findings for destination advice and NEMSIS destination type/reason codes."""
    return {
        "findings": [finding.value for finding in Finding],
        "types": DESTINATION_TYPES,
        "reasons": DESTINATION_REASONS,
    }


class SkillEntry(BaseModel):
    slug: str
    name: str
    kind: str


@router.get("/skills", response_model=Page[SkillEntry])
def skills(_actor: CurrentActor, page: PageDep) -> Page[SkillEntry]:
    """Procedures and medications a crew may record, for the screens' pickers, by slug."""
    return page_of(load_skill_catalog().skills, page, lambda s: (s.slug,), _entry)


def _entry(skill: Skill) -> SkillEntry:
    return SkillEntry(slug=skill.slug, name=skill.name, kind=skill.kind.value)
