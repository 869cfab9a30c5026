"""An agency moving to GoldenHour brings its roster and fleet as a NEMSIS DEMDataSet.

``read_dem_dataset`` has already parsed and checked the file; this stores what it found into
one agency, all or nothing: every provider with their certifications (expired ones too, with
their dates: the scope check at the time of care decides what they allowed, and a record
from before the expiry must still find them) and every vehicle as a unit. People and units
the agency already has (same dPersonnel.21 ID, same call sign) are left as they are and
listed, so running the same file twice changes nothing. A vehicle's equipment is the highest
level of care the staffing rules give its listed crew certification levels (dVehicle.05).

The file's scope tables (dConfiguration) are not applied: replacing an agency's protocol is a
medical director's decision, made with ``goldenhour scope``; the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from goldenhour.adapters.db.tables import Agency, Provider, UnitRow
from goldenhour.adapters.nemsis.dem_export import Licence, Vehicle
from goldenhour.adapters.nemsis.dem_import import DemImport
from goldenhour.adapters.refdata.scope import load_staffing_rules
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.credentials.certification_levels import (
    BY_CONFIGURATION_CODE,
    BY_PERSONNEL_CODE,
)
from goldenhour.domain.credentials.roster import CertificationInput, ProviderInput
from goldenhour.domain.shared.errors import FieldProblem, InvalidInput
from goldenhour.domain.shared.us_states import ANSI_STATE_CODES, ansi_state_code
from goldenhour.domain.units.crew_level import StaffingRules, UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.services.accounts import audit
from goldenhour.services.credentials import providers
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units import crews

USPS_BY_ANSI = {ansi: usps for usps, ansi in ANSI_STATE_CODES.items()}
# dVehicle.04 vehicle types: what carries patients, what only brings a crew to them.
TRANSPORT_TYPES = frozenset({"1404001", "1404009", "1404021", "1404025"})  # ambulance, air, boat
SUPERVISOR_TYPES = frozenset({"1404013", "1404015"})  # other, personal vehicle
DEFAULT_EQUIPMENT = CareLevel.BLS


@dataclass(frozen=True)
class DemStored:
    providers: tuple[Provider, ...]
    units: tuple[UnitRow, ...]
    notes: tuple[str, ...]  # what was left as it was or not applied, one line each

    def as_dict(self) -> dict[str, object]:
        return {
            "providers": [p.external_id for p in self.providers],
            "units": [u.call_sign for u in self.units],
            "notes": list(self.notes),
        }


def unit_type_of(vehicle_type: str) -> UnitType:
    if vehicle_type in TRANSPORT_TYPES:
        return UnitType.TRANSPORT
    if vehicle_type in SUPERVISOR_TYPES:
        return UnitType.SUPERVISOR
    return UnitType.FIRST_RESPONSE


def equipment_of(kind: UnitType, levels: tuple[str, ...], rules: StaffingRules) -> CareLevel | None:
    """The highest level of care a rule gives a unit of ``kind`` led at one of ``levels``."""
    fitting = [r.care_level for r in rules.rules if kind in r.unit_types and r.lead in levels]
    return max(fitting, default=None)


def store_dem(
    uow: UnitOfWork, actor: Actor | None, agency: Agency, imported: DemImport
) -> DemStored:
    """Store the file's people and vehicles into ``agency`` (see the module docstring)."""
    state_code = ansi_state_code(agency.state, "agency.state")
    if imported.header.state_code != state_code:
        raise InvalidInput.for_field(
            "dAgency.04",
            f"the file is for state {imported.header.state_code}; agency {agency.slug} is in "
            f"{agency.state} ({state_code})",
        )
    notes: list[str] = []
    known_people = set(
        uow.session.scalars(select(Provider.external_id).where(Provider.agency_id == agency.id))
    )
    new_people = []
    for person in imported.people:
        if person.external_id in known_people:
            notes.append(f"dPersonnel.21 {person.external_id!r}: already on the roster, kept")
            continue
        licences = [_certification(held, person.external_id) for held in person.licences]
        new_people.append(
            ProviderInput(person.external_id, person.first_name, person.last_name, licences)
        )
    today = uow.clock.now().date()
    problems: list[FieldProblem] = []
    for entry in new_people:
        problems += providers.check_provider(
            entry, f"dPersonnel.21 {entry.external_id!r}: ", today, allow_expired=True
        )
    if problems:
        raise InvalidInput(f"{len(problems)} problem(s); nothing was imported", problems)
    stored_people = tuple(providers.insert_provider(uow, actor, agency.id, p) for p in new_people)
    stored_units = _store_vehicles(uow, actor, agency, imported, notes)
    if imported.configuration is not None:
        notes.append(
            "dConfiguration: the scope tables were read but not applied; a medical director "
            "sets the agency protocol with `goldenhour scope`"
        )
    detail = {"providers": len(stored_people), "units": len(stored_units)}
    audit.record(uow, actor, "import", "dem", agency.id, detail, agency_id=agency.id)
    uow.commit()
    return DemStored(stored_people, stored_units, tuple(notes))


def _certification(licence: Licence, person: str) -> CertificationInput:
    return CertificationInput(
        level=BY_PERSONNEL_CODE[licence.level_code].slug,
        number=licence.number,
        issuing_state=USPS_BY_ANSI.get(licence.state_code),
        issued=licence.issued,
        expires=licence.expires,
        source=f"dPersonnel.21 {person!r}: licence {licence.number!r}: ",
    )


def _store_vehicles(
    uow: UnitOfWork, actor: Actor | None, agency: Agency, imported: DemImport, notes: list[str]
) -> tuple[UnitRow, ...]:
    known = set(
        uow.session.scalars(select(UnitRow.call_sign).where(UnitRow.agency_id == agency.id))
    )
    rules = load_staffing_rules(crews.staffing_jurisdiction(agency.state))
    stored = []
    for vehicle in imported.vehicles:
        call_sign = vehicle.call_sign.strip().upper()[:20]
        if call_sign in known:
            notes.append(f"dVehicle.03 {call_sign!r}: the agency already has this unit, kept")
            continue
        known.add(call_sign)
        stored.append(_unit(uow, actor, agency, vehicle, call_sign, rules, notes))
    return tuple(stored)


def _unit(
    uow: UnitOfWork,
    actor: Actor | None,
    agency: Agency,
    vehicle: Vehicle,
    call_sign: str,
    rules: StaffingRules,
    notes: list[str],
) -> UnitRow:
    kind = unit_type_of(vehicle.vehicle_type)
    levels = tuple(
        BY_CONFIGURATION_CODE[code].slug
        for code in vehicle.crew_levels
        if code in BY_CONFIGURATION_CODE
    )
    equipment = equipment_of(kind, levels, rules)
    if equipment is None:
        equipment = DEFAULT_EQUIPMENT
        notes.append(
            f"dVehicle.03 {call_sign!r}: no crew level in dVehicle.05 sets its equipment; "
            f"{DEFAULT_EQUIPMENT.name} assumed"
        )
    row = crews.insert_unit(
        uow, actor, agency.id, call_sign, kind, equipment, None, source="DEMDataSet"
    )
    return row
