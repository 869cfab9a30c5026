"""Turning incident rows and recommendations into API bodies (shared by several routers)."""

from __future__ import annotations

from collections.abc import Mapping

from goldenhour.api.schemas.dispatch import (
    CandidateRead,
    ExcludedRead,
    FlagRead,
    IncidentRead,
    InterceptRead,
    RecommendationRead,
    RoleRecommendationRead,
    SuggestionRead,
)
from goldenhour.domain.dispatch.codes import DISPATCH_REASONS
from goldenhour.domain.dispatch.recommendation import Ranked
from goldenhour.domain.dispatch.records import Incident
from goldenhour.services.dispatch.recommendations import IncidentRecommendation, roles_json


def incident_read(row: Incident) -> IncidentRead:
    return IncidentRead(
        id=row.id,
        status=row.status,
        lon=row.lon,
        lat=row.lat,
        address=row.address,
        landmark=row.landmark,
        callback=row.callback,
        type_of_service=row.type_of_service,
        dispatch_reason=row.dispatch_reason,
        dispatch_reason_name=DISPATCH_REASONS[row.dispatch_reason],
        complaint=row.complaint,
        answers=row.answers,
        priority=row.priority,
        level=row.level,
        mode=row.mode,
        plan=row.plan,
        roles=row.roles["roles"],
        rule=row.rule_why,
        source=row.source,
        received_at=row.received_at,
        closed_at=row.closed_at,
        location_source=row.location_source,
        flags=[FlagRead(**f) for f in row.flags or []],
        duplicate_of=row.duplicate_of,
        cad_call_type=row.cad_call_type,
        external_id=row.external_id,
        level_raised_reason=row.level_raised_reason,
    )


def _ranked(items: tuple[Ranked, ...], call_signs: Mapping[str, str]) -> list[CandidateRead]:
    return [
        CandidateRead(
            unit_id=int(r.unit_id),
            call_sign=call_signs[r.unit_id],
            unit_type=r.unit_type.value,
            level=r.level.name,
            eta_s=round(r.eta_s, 1),
            held_back=r.held_back,
            reasons=list(r.reasons),
        )
        for r in items
    ]


def recommendation_read(incident_id: int, found: IncidentRecommendation) -> RecommendationRead:
    signs = found.call_signs
    roles = []
    for rec in found.recommendation.roles:
        intercept = rec.intercept
        roles.append(
            RoleRecommendationRead(
                role=roles_json([rec.role])["roles"][0],
                candidates=_ranked(rec.candidates, signs),
                excluded=[
                    ExcludedRead(
                        unit_id=int(e.unit_id),
                        call_sign=signs[e.unit_id],
                        why=e.why.value,
                        detail=e.detail,
                    )
                    for e in rec.excluded
                ],
                intercept=None
                if intercept is None
                else InterceptRead(
                    send_now=_ranked(intercept.send_now, signs),
                    to_meet=_ranked(intercept.to_meet, signs),
                    reason=intercept.reason,
                ),
            )
        )
    return RecommendationRead(
        incident_id=incident_id,
        roles=roles,
        suggestions=[
            SuggestionRead(
                role=s.role, unit_id=int(s.unit_id), call_sign=signs[s.unit_id], note=s.note
            )
            for s in found.recommendation.suggestions
        ],
        unfilled=list(found.recommendation.unfilled),
    )
