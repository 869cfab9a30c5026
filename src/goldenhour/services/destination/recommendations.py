"""Destination choice: rank the agency's facilities for a patient, and record the crew's pick.

The ranking is the pure ``domain.destination.recommendation`` over road ETAs from where the
patient is; the crew's final choice (NEMSIS eDisposition.21 type and .20 reason) is stored with
the rank the recommendation gave that facility, so quality review can see when and why crews
differed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from goldenhour.adapters.db.agency_rows import in_agency
from goldenhour.adapters.db.tables import IncidentRow, UnitRow
from goldenhour.adapters.db.tables.destination import DestinationChoiceRow
from goldenhour.adapters.refdata.destination_rules import default_rules
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.destination.codes import (
    DESTINATION_REASONS,
    DESTINATION_TYPES,
    destination_code,
)
from goldenhour.domain.destination.recommendation import (
    DestinationAdvice,
    parse_findings,
    recommend_destinations,
)
from goldenhour.domain.destination.transport_events import DestinationChosen
from goldenhour.services.accounts import audit
from goldenhour.services.destination import transport
from goldenhour.services.destination.facilities import get_facility, registry
from goldenhour.services.destination.transport import TravelFrom
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units.timeline import check_may_move


@dataclass(frozen=True)
class Choice:
    incident_id: int
    unit_id: int
    facility_id: int | None
    destination_type: str
    reason: str
    comment: str = ""


def recommend(
    uow: UnitOfWork,
    actor: Actor,
    travel: TravelFrom,
    findings: Sequence[str],
    age_years: float | None,
    origin: tuple[float, float],
    at: datetime | None = None,
) -> DestinationAdvice:
    patient = parse_findings(list(findings), age_years)
    facilities = [facility for _, facility in registry(uow, actor.agency_id)]
    etas = travel.etas_from(origin, [f.lonlat for f in facilities], mode="emergency")
    by_id = {f.id: float(eta) for f, eta in zip(facilities, etas, strict=True)}
    return recommend_destinations(
        patient, facilities, by_id, at or uow.clock.now(), default_rules()
    )


def choose(
    uow: UnitOfWork,
    actor: Actor,
    choice: Choice,
    advice: DestinationAdvice | None,
    travel: TravelFrom,
) -> DestinationChoiceRow:
    """Record where the unit takes the patient; ``advice`` gives the rank it had, if any.

    A unit already transporting notifies its new destination at once.
    """
    agency_id = actor.agency_id
    incident = in_agency(
        uow.session, IncidentRow, choice.incident_id, agency_id, "incident", "incident"
    )
    unit = in_agency(uow.session, UnitRow, choice.unit_id, agency_id, "unit_id", "unit")
    check_may_move(uow, actor, unit, uow.clock.now())
    name = None
    if choice.facility_id is not None:
        facility_row, _ = get_facility(uow, actor.agency_id, choice.facility_id)
        name = facility_row.name
    kind = destination_code(choice.destination_type, DESTINATION_TYPES, "destination_type")
    reason = destination_code(choice.reason, DESTINATION_REASONS, "reason")
    rank = next(
        (
            r.rank
            for r in (advice.ranked if advice else ())
            if r.facility_id == str(choice.facility_id)
        ),
        None,
    )
    row = DestinationChoiceRow(
        agency_id=actor.agency_id,
        incident_id=incident.id,
        unit_id=unit.id,
        facility_id=choice.facility_id,
        destination_type=kind,
        reason=reason,
        recommended_rank=rank,
        comment=choice.comment.strip()[:500],
        chosen_by=actor.user_id,
    )
    uow.session.add(row)
    uow.session.flush()
    audit.record(
        uow,
        actor,
        "choose",
        "destination",
        row.id,
        {
            "incident_id": incident.id,
            "unit_id": unit.id,
            "facility_id": choice.facility_id,
            "recommended_rank": rank,
        },
    )
    transport.pre_arrival_notice(uow, actor.agency_id, unit, travel)
    uow.emit(
        actor.agency_id,
        DestinationChosen(incident.id, unit.id, choice.facility_id, name, kind, reason, rank),
    )
    uow.commit()
    return row
