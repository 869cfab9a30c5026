"""The chart's vocabulary: ``/chart`` (code lists, medications and procedures by the names
crews use, weight-based doses from the agency's protocol).

Reference data, not patient data: any signed-in user of the agency may look codes up.
"""

from __future__ import annotations

from fastapi import APIRouter, Query

from goldenhour.adapters.refdata.defined_lists import defined_list
from goldenhour.adapters.refdata.skills import load_skill_catalog
from goldenhour.api.deps import CurrentActor, UowDep
from goldenhour.api.schemas.chart import CodeRead, DoseRead, SkillRead
from goldenhour.domain.pcr.vocabulary import search_codes, search_skills
from goldenhour.domain.scope.skills import SkillKind
from goldenhour.services.scope import checks as scope

router = APIRouter(prefix="/chart", tags=["chart vocabulary"])


@router.get("/lists/{name}", response_model=list[CodeRead])
def codes(
    name: str,
    _actor: CurrentActor,
    q: str = Query("", max_length=100, description="code, name or category, e.g. 'opioid'"),
    limit: int = Query(20, ge=1, le=200),
) -> list[CodeRead]:
    """A NEMSIS Defined List searched (Impression, Symptom, CauseOfInjury, Medication,
    Procedure, IncidentLocationType) or a Suggested List (MedicalSurgicalHistory,
    MedicationAllergy, EnvironmentalFoodAllergy, PatientActivity)."""
    found = search_codes(defined_list(name), q, limit)
    return [CodeRead(code=c.code, label=c.label, category=c.category) for c in found]


def _skills(kind: SkillKind, listed: str, q: str, limit: int) -> list[SkillRead]:
    matches = search_skills(load_skill_catalog(), kind, defined_list(listed), q, limit)
    return [
        SkillRead(
            slug=m.skill.slug,
            name=m.skill.name,
            code=m.skill.code,
            routes=list(m.skill.routes),
            common_names=list(m.skill.names),
            listed_as=m.listed_as,
        )
        for m in matches
    ]


@router.get("/medications", response_model=list[SkillRead])
def medications(
    _actor: CurrentActor,
    q: str = Query("", max_length=100, description="any name crews use: narcan, epi, NTG, D10"),
    limit: int = Query(20, ge=1, le=200),
) -> list[SkillRead]:
    return _skills(SkillKind.MEDICATION, "Medication", q, limit)


@router.get("/procedures", response_model=list[SkillRead])
def procedures(
    _actor: CurrentActor,
    q: str = Query("", max_length=100, description="any name crews use: BVM, OPA, IO"),
    limit: int = Query(20, ge=1, le=200),
) -> list[SkillRead]:
    return _skills(SkillKind.PROCEDURE, "Procedure", q, limit)


@router.get("/dose", response_model=DoseRead)
def dose(
    actor: CurrentActor,
    uow: UowDep,
    skill: str = Query(description="the medication skill, e.g. naloxone-iv"),
    weight_kg: float = Query(gt=0, le=1000),
) -> DoseRead:
    """The weight-based dose the agency's protocol gives, with its working (404 if none)."""
    advice = scope.dose_advice(uow, actor, skill, weight_kg)
    return DoseRead(
        skill=advice.rule.skill,
        weight_kg=advice.weight_kg,
        dose=advice.dose,
        unit=advice.rule.unit,
        unit_code=advice.unit_code,
        volume_ml=advice.volume_ml,
        capped=advice.capped,
        working=advice.working,
        cite=advice.rule.cite,
    )
