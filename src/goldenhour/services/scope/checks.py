"""Scope-of-practice questions asked of an agency's real rules and real providers.

An agency's scope is the national model, its state's overlay (when GoldenHour ships one) and
the agency's own protocol, which may only narrow what the state allows. Compiled tables are
cached per (state, protocol) so a decision costs a dictionary lookup and a few date checks.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from goldenhour.adapters.db.tables import Agency, AgencyProtocol
from goldenhour.adapters.db.tables.charting import AgencyProtocolVersion
from goldenhour.adapters.refdata.scope import known_jurisdictions, national_layer, state_layer
from goldenhour.adapters.refdata.skills import load_skill_catalog
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.credentials.certification_levels import parse_level
from goldenhour.domain.credentials.certifications import Certification, Credentials, Endorsement
from goldenhour.domain.pcr.dosing import DoseAdvice, dose_rules, weight_based_dose
from goldenhour.domain.scope.decision import CompiledScope, ScopeDecision, compile_scope, decide
from goldenhour.domain.scope.overlays import overlay_from_mapping
from goldenhour.domain.scope.rules import LayerKind, ScopeLayer
from goldenhour.domain.scope.skills import Skill
from goldenhour.domain.shared.errors import NotFound
from goldenhour.services.accounts import audit
from goldenhour.services.credentials.lookup import credentials_of
from goldenhour.services.credentials.providers import get_provider
from goldenhour.services.unit_of_work import UnitOfWork


def compiled_scope(state: str | None, protocol: dict[str, Any] | None) -> CompiledScope:
    key = json.dumps(protocol, sort_keys=True) if protocol else ""
    return _compiled(state if state in known_jurisdictions() else None, key)


@lru_cache(maxsize=256)
def _compiled(state: str | None, protocol_json: str) -> CompiledScope:
    layers: list[ScopeLayer] = [national_layer()]
    if state is not None:
        layers.append(state_layer(state))
    if protocol_json:
        layers.append(agency_layer(json.loads(protocol_json)))
    return compile_scope(layers, load_skill_catalog().slugs)


def agency_layer(document: dict[str, Any]) -> ScopeLayer:
    return overlay_from_mapping(document, LayerKind.AGENCY, load_skill_catalog().slugs)


def agency_scope(uow: UnitOfWork, agency_id: int) -> CompiledScope:
    agency = uow.session.get(Agency, agency_id)
    protocol = uow.session.get(AgencyProtocol, agency_id)
    return compiled_scope(agency.state if agency else None, protocol.document if protocol else None)


def set_agency_protocol(
    uow: UnitOfWork, actor: Actor, document: dict[str, Any], note: str = ""
) -> CompiledScope:
    """Store the agency's protocol after proving it only narrows the state's scope (and that
    its weight-based doses are well formed); every version is kept with who, when and why."""
    agency = uow.session.get(Agency, actor.agency_id)
    assert agency is not None
    scope = compiled_scope(agency.state, document)  # raises InvalidInput on any widening rule
    dose_rules(document, load_skill_catalog().slugs)
    row = uow.session.get(AgencyProtocol, actor.agency_id)
    if row is None:
        uow.session.add(AgencyProtocol(agency_id=actor.agency_id, document=document))
    else:
        row.document, row.updated_at = document, uow.clock.now()
    uow.session.add(
        AgencyProtocolVersion(
            agency_id=actor.agency_id,
            document=document,
            author_id=actor.user_id,
            note=note.strip()[:1000],
            at=uow.clock.now(),
        )
    )
    audit.record(
        uow,
        actor,
        "update",
        "agency_protocol",
        actor.agency_id,
        {"rules": len(document.get("rule", [])), "doses": len(document.get("dose", []))},
    )
    uow.commit()
    return scope


def agency_protocol(uow: UnitOfWork, actor: Actor) -> dict[str, Any] | None:
    row = uow.session.get(AgencyProtocol, actor.agency_id)
    return row.document if row is not None else None


def protocol_history(uow: UnitOfWork, actor: Actor) -> list[AgencyProtocolVersion]:
    """Every version the agency's protocol has had, newest first."""
    return list(
        uow.session.scalars(
            select(AgencyProtocolVersion)
            .where(AgencyProtocolVersion.agency_id == actor.agency_id)
            .order_by(AgencyProtocolVersion.id.desc())
        )
    )


def dose_advice(uow: UnitOfWork, actor: Actor, skill_text: str, weight_kg: float) -> DoseAdvice:
    """The weight-based dose the agency's protocol gives for a medication, with its working."""
    skill = load_skill_catalog().parse(skill_text, "skill")
    rules = dose_rules(agency_protocol(uow, actor) or {}, load_skill_catalog().slugs)
    rule = next((r for r in rules if r.skill == skill.slug), None)
    if rule is None:
        raise NotFound(f"dose: the agency's protocol gives no weight-based dose for {skill.slug}")
    return weight_based_dose(rule, weight_kg)


def check_provider(
    uow: UnitOfWork, actor: Actor, provider_id: int, skill_text: str, at: datetime | None
) -> tuple[ScopeDecision, Skill]:
    """May this provider of the caller's agency perform this skill at ``at`` (default now)?"""
    provider = get_provider(uow, actor, provider_id)
    skill = load_skill_catalog().parse(skill_text, "skill")
    credentials = credentials_of(uow, [provider])[provider.id]
    return decide(
        agency_scope(uow, actor.agency_id), credentials, skill.slug, at or uow.clock.now()
    ), skill


def check_level(
    level_text: str,
    skill_text: str,
    jurisdiction: str | None,
    endorsements: Sequence[tuple[str, date | None]],
    expires: date | None,
    at: datetime,
) -> tuple[ScopeDecision, Skill]:
    """The same decision for a hypothetical provider holding one certification, at ``at``."""
    scope = (
        compiled_scope(jurisdiction, None) if jurisdiction is None else _state_scope(jurisdiction)
    )
    cert = Certification(
        parse_level(level_text, "level"), "hypothetical", scope.jurisdiction, expires=expires
    )
    held = tuple(Endorsement(name, until) for name, until in endorsements)
    skill = load_skill_catalog().parse(skill_text, "skill")
    decision = decide(scope, Credentials("hypothetical", (cert,), held), skill.slug, at)
    return decision, skill


def _state_scope(jurisdiction: str) -> CompiledScope:
    state_layer(jurisdiction.upper())  # names the unknown jurisdiction with suggestions
    return compiled_scope(jurisdiction.upper(), None)
