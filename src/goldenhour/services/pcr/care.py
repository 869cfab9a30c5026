"""Care as it is given: vital signs, medications and procedures, each checked for scope.

Recording a medication or procedure names the crew member who performed it. GoldenHour asks
the scope decision (``services.scope.check_provider``) for that provider, skill and moment. The
intervention is always saved, because the record must say what happened; when the decision is
*denied*, or *requires medical control* and the record documents none, a scope flag is raised
for the medical director's review queue and shown on the record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from goldenhour.adapters.db.tables import PatientCareRecordRow, ScopeFlagRow
from goldenhour.adapters.nemsis.elements import ems_schema
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.pcr.events import InterventionRecorded, ScopeFlagRaised
from goldenhour.domain.pcr.interventions import (
    ROUTE_CODES,
    Intervention,
    Kind,
    Performer,
    intervention_group,
    medical_control_documented,
)
from goldenhour.domain.pcr.plausibility import Finding
from goldenhour.domain.pcr.record import append_group
from goldenhour.domain.pcr.signatures import Signature, signature_group
from goldenhour.domain.pcr.tree import Entry
from goldenhour.domain.pcr.vitals import vital_signs
from goldenhour.domain.scope.decision import Decision, ScopeDecision
from goldenhour.domain.scope.skills import CodeSystem, Skill, SkillKind
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.accounts import audit
from goldenhour.services.credentials.providers import get_provider
from goldenhour.services.pcr.access import check_performer
from goldenhour.services.pcr.prefill import crew_level_code, crew_member_group
from goldenhour.services.pcr.records import LOCKED, care_target, keep_care
from goldenhour.services.scope.checks import check_provider
from goldenhour.services.unit_of_work import UnitOfWork

OPEN, REVIEWED = "open", "reviewed"
CODE_TYPE = {CodeSystem.RXNORM: "9924003", CodeSystem.SNOMED_CT: "9924005"}


@dataclass(frozen=True)
class InterventionInput:
    kind: Kind
    skill: str  # slug, name or code from the skills catalog
    provider_id: int
    at: datetime
    authorization: str | None = None  # eMedications.11 / eProcedures.11 code
    authorizing_physician: str | None = None
    prior_to_care: bool = False
    details: tuple[Entry, ...] = ()
    late_reason: str | None = None  # given after the record was locked: why (an addendum)


@dataclass(frozen=True)
class InterventionResult:
    row: PatientCareRecordRow
    intervention: str  # e.g. eMedications.MedicationGroup[2]
    skill: Skill
    decision: ScopeDecision
    flag: ScopeFlagRow | None


def record_vitals(
    uow: UnitOfWork,
    actor: Actor,
    pcr_id: int,
    taken_at: datetime,
    entries: list[Entry],
    late_reason: str | None = None,
) -> tuple[PatientCareRecordRow, str, list[Finding]]:
    """Add a set of vital signs; impossible values are refused, implausible ones kept.

    A locked record takes them only as a late entry (``late_reason``: an addendum).
    """
    row, record = care_target(uow, actor, pcr_id, late_reason)
    group, warnings = vital_signs(ems_schema(), taken_at, entries)
    record, index = append_group(record, ems_schema(), group)
    where = f"eVitals.VitalGroup[{index}]"
    kept = [Finding(w.element, where, w.problem, w.severity) for w in warnings]
    keep_care(uow, actor, row, record, [group], late_reason, kept)
    audit.record(uow, actor, _action(row), "pcr", row.id, {"added": where})
    uow.commit()
    return row, where, kept


def record_signature(
    uow: UnitOfWork,
    actor: Actor,
    pcr_id: int,
    signature: Signature,
    late_reason: str | None = None,
) -> str:
    """Keep a signature drawn on the screen (or the reason there is none) on the record."""
    row, record = care_target(uow, actor, pcr_id, late_reason)
    group = signature_group(ems_schema(), signature)
    record, index = append_group(record, ems_schema(), group)
    keep_care(uow, actor, row, record, [group], late_reason)
    where = f"eOther.SignatureGroup[{index}]"
    detail = {"added": where, "signer": signature.signer.value}
    audit.record(uow, actor, _action(row), "pcr", row.id, detail)
    uow.commit()
    return where


def _action(row: PatientCareRecordRow) -> str:
    return "addendum" if row.status == LOCKED else "update"


def record_intervention(
    uow: UnitOfWork, actor: Actor, pcr_id: int, item: InterventionInput
) -> InterventionResult:
    row, record = care_target(uow, actor, pcr_id, item.late_reason)
    check_performer(uow, actor, row.unit_id, row.incident_id, item.provider_id, item.at)
    decision, skill = check_provider(uow, actor, item.provider_id, item.skill, item.at)
    expected = SkillKind.MEDICATION if item.kind is Kind.MEDICATION else SkillKind.PROCEDURE
    if skill.kind is not expected:
        raise InvalidInput.for_field("skill", f"{skill.slug} is a {skill.kind.value}")
    if skill.code is None or skill.code_system is None:
        raise InvalidInput.for_field(
            "skill", f"{skill.slug} has no SNOMED CT/RxNorm code; NEMSIS cannot record it"
        )
    provider = get_provider(uow, actor, item.provider_id)
    level = (
        decision.certification.level.personnel_code
        if decision.certification is not None
        else crew_level_code(uow, provider)
    )
    intervention = Intervention(
        kind=item.kind,
        at=item.at,
        code=skill.code,
        performer=Performer(provider.external_id, level),
        authorization=item.authorization,
        authorizing_physician=item.authorizing_physician,
        prior_to_care=item.prior_to_care,
        code_type=CODE_TYPE[skill.code_system] if item.kind is Kind.MEDICATION else None,
        details=_with_route(item, skill),
    )
    group = intervention_group(ems_schema(), intervention)
    added = [g for g in (crew_member_group(uow, record, provider), group) if g is not None]
    for each in added:
        record, index = append_group(record, ems_schema(), each)
    keep_care(uow, actor, row, record, added, item.late_reason)
    where = f"{item.kind.group}[{index}]"
    audit.record(
        uow, actor, _action(row), "pcr", row.id,
        {"added": where, "skill": skill.slug, "decision": decision.decision.value},
    )  # fmt: skip
    uow.emit(
        row.agency_id,
        InterventionRecorded(row.id, where, skill.slug, provider.id, decision.decision.value),
    )
    flag = None
    if _needs_flag(decision, medical_control_documented(group)):
        flag = _raise_flag(uow, actor, row, where, skill, item, decision)
    uow.commit()
    return InterventionResult(row, where, skill, decision, flag)


def _with_route(item: InterventionInput, skill: Skill) -> tuple[Entry, ...]:
    """A medication given by the catalog skill's one route needs no route in the request."""
    given = {e.element for e in item.details}
    if item.kind is Kind.MEDICATION and "eMedications.04" not in given and skill.routes:
        return (*item.details, Entry("eMedications.04", ROUTE_CODES[skill.routes[0]]))
    return item.details


def _needs_flag(decision: ScopeDecision, medical_control: bool) -> bool:
    if decision.decision is Decision.DENIED:
        return True
    return decision.decision is Decision.REQUIRES_MEDICAL_CONTROL and not medical_control


def _raise_flag(
    uow: UnitOfWork,
    actor: Actor,
    row: PatientCareRecordRow,
    where: str,
    skill: Skill,
    item: InterventionInput,
    decision: ScopeDecision,
) -> ScopeFlagRow:
    flag = ScopeFlagRow(
        agency_id=row.agency_id,
        pcr_id=row.id,
        intervention=where,
        skill=skill.slug,
        provider_id=item.provider_id,
        performed_at=item.at,
        decision=decision.decision.value,
        reasons={"reasons": [r.as_dict() for r in decision.reasons]},
        status=OPEN,
    )
    uow.session.add(flag)
    uow.session.flush()
    audit.record(uow, actor, "flag", "scope_flag", flag.id, {"pcr_id": row.id})
    uow.emit(
        row.agency_id,
        ScopeFlagRaised(flag.id, row.id, where, skill.slug, item.provider_id, flag.decision),
    )
    return flag
