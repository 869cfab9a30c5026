"""Reference tables the screens render from, so no rule is written twice in JavaScript."""

from __future__ import annotations

from fastapi import APIRouter

from goldenhour.adapters.refdata.skills import load_skill_catalog
from goldenhour.api.deps import CurrentActor
from goldenhour.domain.destination.codes import DESTINATION_REASONS, DESTINATION_TYPES
from goldenhour.domain.destination.rules import Finding
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


@router.get("/skills")
def skills(_actor: CurrentActor) -> list[dict[str, str]]:
    """Procedures and medications a crew may record, for the screens' pickers."""
    return [{"slug": s.slug, "name": s.name, "kind": s.kind.value} for s in load_skill_catalog()]
