"""The agency's DEMDataSet from what GoldenHour holds: agency, scope, providers, units.

Only active providers and units are listed. A certification whose issuing state has no ANSI
code (a fictional test jurisdiction) is left out of dPersonnel licensure rather than written
wrong. The export is audited: personnel data is personal data.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from goldenhour.adapters.db.tables import Agency, CertificationRow, Provider, UnitRow
from goldenhour.adapters.nemsis.configuration import export_configuration
from goldenhour.adapters.nemsis.dem_export import (
    AgencyProfile,
    Licence,
    Person,
    Vehicle,
    dem_dataset_bytes,
)
from goldenhour.adapters.refdata.scope import load_staffing_rules
from goldenhour.adapters.refdata.skills import load_skill_catalog
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.credentials.certification_levels import BY_SLUG
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.shared.us_states import ANSI_STATE_CODES, ansi_state_code
from goldenhour.domain.units.crew_level import StaffingRules
from goldenhour.services.accounts import audit
from goldenhour.services.nemsis.ems_exchange import agency_header
from goldenhour.services.scope.checks import agency_scope
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units.crews import staffing_jurisdiction

# dVehicle.04 vehicle type for each GoldenHour unit type.
VEHICLE_TYPES = {"transport": "1404001", "first-response": "1404017", "supervisor": "1404013"}


def dem_document(
    uow: UnitOfWork, actor: Actor | None, agency: Agency, profile: AgencyProfile, at: datetime
) -> bytes:
    state_code = ansi_state_code(agency.state, "agency.state")
    configuration = export_configuration(
        agency_scope(uow, agency.id), load_skill_catalog(), "DEM", state_code
    )
    units = list(
        uow.session.scalars(
            select(UnitRow)
            .where(UnitRow.agency_id == agency.id, UnitRow.active.is_(True))
            .order_by(UnitRow.call_sign)
        )
    )
    if not units:
        raise InvalidInput.for_field(
            "units", "the agency has no active unit; dConfiguration.16 Crew Call Sign is Mandatory"
        )
    providers = list(
        uow.session.scalars(
            select(Provider)
            .where(Provider.agency_id == agency.id, Provider.active.is_(True))
            .order_by(Provider.external_id)
        )
    )
    certifications = list(
        uow.session.scalars(
            select(CertificationRow)
            .where(CertificationRow.agency_id == agency.id)
            .order_by(CertificationRow.id)
        )
    )
    people = [
        Person(
            p.external_id,
            p.first_name,
            p.last_name,
            tuple(_licence(c) for c in certifications if c.provider_id == p.id and _known(c)),
        )
        for p in providers
    ]
    rules = load_staffing_rules(staffing_jurisdiction(agency.state))
    vehicles = [
        Vehicle(
            str(u.id),
            u.call_sign,
            VEHICLE_TYPES.get(u.unit_type, "1404013"),
            crew_levels(rules, u.unit_type, u.equipment),
        )
        for u in units
    ]
    xml = dem_dataset_bytes(
        agency_header(agency),
        profile,
        configuration.xml,
        [u.call_sign for u in units],
        people,
        vehicles,
        at,
    )
    detail = {"providers": len(people), "units": len(vehicles)}
    audit.record(uow, actor, "export", "dem", agency.id, detail, agency_id=agency.id)
    uow.commit()
    return xml


def crew_levels(rules: StaffingRules, unit_type: str, equipment: str) -> tuple[str, ...]:
    """dVehicle.05: the certification levels that lead a unit of this type at its equipment's
    level of care under the agency's staffing rules (so an import restores the equipment)."""
    leads = (
        r.lead for r in rules.rules if r.care_level.name == equipment and unit_type in r.unit_types
    )
    codes = (BY_SLUG[lead].configuration_code for lead in leads)
    return tuple(dict.fromkeys(code for code in codes if code))


def _known(cert: CertificationRow) -> bool:
    return cert.issuing_state in ANSI_STATE_CODES and cert.status == "active"


def _licence(cert: CertificationRow) -> Licence:
    return Licence(
        ANSI_STATE_CODES[str(cert.issuing_state)],
        cert.number,
        BY_SLUG[cert.level].personnel_code,
        cert.issued,
        cert.expires,
    )
