"""Planning routes: compare a base plan with a scenario on a simulated city (supervisors)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from goldenhour.adapters.refdata.triage_protocol import load_protocol
from goldenhour.api.deps import SupervisorActor
from goldenhour.api.schemas.planning import CompareIn, CompareRead
from goldenhour.domain.planning.simulation.model import SimConfig
from goldenhour.domain.planning.simulation.scenarios import parse_scenario
from goldenhour.services.planning.cities import load_city
from goldenhour.services.planning.replications import Study, run_study, side_by_side

router = APIRouter(tags=["planning"])


@router.post("/planning/compare", response_model=CompareRead, response_model_by_alias=True)
def compare(body: CompareIn, actor: SupervisorActor) -> dict[str, Any]:
    """Simulate the city's base plan and the scenario on the same calls, in this process."""
    scenario = parse_scenario(body.scenario)
    city = load_city(body.city)
    scenario.apply(city.model)
    study = Study(city.model, city.calls, SimConfig(protocol=load_protocol()), body.days, body.seed)
    result = run_study(study, [scenario], body.replications, workers=1)
    return {
        "city": body.city,
        "scenario": scenario.name,
        "days": body.days,
        "replications": body.replications,
        **side_by_side(result, scenario.name),
    }
