"""A DEMDataSet stored into an agency: the roster and fleet arrive whole, once, or not at all."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from sqlalchemy import func, select

from conftest import require_refdata
from goldenhour.adapters.db.engine import make_engine, session_factory
from goldenhour.adapters.db.tables import Agency, AuditEntry, CertificationRow, Provider, UnitRow
from goldenhour.adapters.db.types import utcnow
from goldenhour.adapters.events.in_process import InProcessBus
from goldenhour.adapters.nemsis.dem_export import AgencyProfile
from goldenhour.adapters.nemsis.dem_import import read_dem_dataset
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.services.accounts import users as accounts
from goldenhour.services.nemsis import dem_export as nemsis_dem
from goldenhour.services.nemsis.dem_import import store_dem
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units import fleet

SAMPLES = ("nemsis", "SampleData", "DEM", "xml")
Uow = Callable[[], UnitOfWork]


@pytest.fixture
def uow(database_url: str) -> Iterator[Uow]:
    engine = make_engine(database_url)
    sessions = session_factory(engine)
    yield lambda: UnitOfWork(sessions, InProcessBus())
    engine.dispose()


def agency(uow: Uow, slug: str, state: str) -> Agency:
    with uow() as u:
        return accounts.create_agency(u, slug, slug.title(), state)


def roster(uow: Uow, agency_id: int) -> dict[str, tuple[object, ...]]:
    """Each provider's name and certifications, by their agency ID."""
    with uow() as u:
        people = u.session.scalars(select(Provider).where(Provider.agency_id == agency_id))
        certs = list(
            u.session.scalars(
                select(CertificationRow).where(CertificationRow.agency_id == agency_id)
            )
        )
        return {
            p.external_id: (
                p.first_name,
                p.last_name,
                sorted(
                    (c.level, c.number, c.issuing_state, c.issued, c.expires)
                    for c in certs
                    if c.provider_id == p.id
                ),
            )
            for p in people
        }


def fleet_of(uow: Uow, agency_id: int) -> list[tuple[str, str, str]]:
    with uow() as u:
        rows = u.session.execute(
            select(UnitRow.call_sign, UnitRow.unit_type, UnitRow.equipment).where(
                UnitRow.agency_id == agency_id
            )
        )
        return sorted((call_sign, kind, equipment) for call_sign, kind, equipment in rows)


def test_an_agency_s_dem_export_moves_its_roster_and_fleet_to_another(uow: Uow) -> None:
    require_refdata("nemsis", "XSDs")
    origin = agency(uow, "origin", "WA")
    stations = [("Station 1", -122.3, 47.6), ("Station 2", -122.2, 47.5)]
    with uow() as u:
        fleet.seed_fleet(u, None, origin.id, fleet.plan_fleet(stations, 6), utcnow(), "WA")
    with uow() as u:
        profile = AgencyProfile("Origin", ("53033",))
        document = nemsis_dem.dem_document(
            u, None, u.session.get(Agency, origin.id), profile, utcnow()
        )
    imported = read_dem_dataset(document)
    moved = agency(uow, "moved", "WA")
    with uow() as u:
        stored = store_dem(u, None, u.session.get(Agency, moved.id), imported)
    assert len(stored.providers) == len(roster(uow, origin.id)) > 0
    assert roster(uow, moved.id) == roster(uow, origin.id)
    assert fleet_of(uow, moved.id) == fleet_of(uow, origin.id)  # equipment too (dVehicle.05)
    assert {equipment for _, _, equipment in fleet_of(uow, moved.id)} == {"ALS", "EMR", "BLS"}
    assert not any("assumed" in n for n in stored.notes)
    assert any(n.startswith("dConfiguration") for n in stored.notes)  # scope: not applied
    with uow() as u:
        audited = u.session.scalar(
            select(func.count()).where(
                AuditEntry.action == "import", AuditEntry.agency_id == moved.id
            )
        )
    assert audited == 1

    with uow() as u:  # the same file again changes nothing and says why
        again = store_dem(u, None, u.session.get(Agency, moved.id), imported)
    assert again.providers == () and again.units == ()
    assert sum("already on the roster" in n for n in again.notes) == len(stored.providers)
    assert sum("already has this unit" in n for n in again.notes) == len(stored.units)
    assert roster(uow, moved.id) == roster(uow, origin.id)


def test_a_file_for_another_state_is_refused_and_nothing_is_stored(uow: Uow) -> None:
    sample = require_refdata(*SAMPLES, "DEMDataset-NoRepeat-2.xml")  # a Utah agency
    oregon = agency(uow, "oregon", "OR")
    with uow() as u, pytest.raises(InvalidInput) as refused:
        store_dem(u, None, u.session.get(Agency, oregon.id), read_dem_dataset(sample))
    assert refused.value.errors[0].field == "dAgency.04"
    assert "OR (41)" in refused.value.errors[0].problem
    assert roster(uow, oregon.id) == {} and fleet_of(uow, oregon.id) == []


def test_expired_licences_are_history_but_impossible_dates_refuse_the_file(uow: Uow) -> None:
    utah = agency(uow, "utah", "UT")
    good = read_dem_dataset(require_refdata(*SAMPLES, "DEMDataset-NoRepeat-2.xml"))
    with uow() as u:
        stored = store_dem(u, None, u.session.get(Agency, utah.id), good)
    ((first, last, licences),) = roster(uow, utah.id).values()
    assert (first, last) == (good.people[0].first_name, good.people[0].last_name)
    assert licences == [("registered-nurse", "pX", "UT", date(1954, 2, 7), date(2008, 12, 7))]
    assert [u.equipment for u in stored.units] == ["BLS"]  # an RN crew sets no EMS equipment
    assert any("BLS assumed" in n for n in stored.notes)

    bad = read_dem_dataset(require_refdata(*SAMPLES, "DEMDataset-NoRepeat-1.xml"))
    before = roster(uow, utah.id), fleet_of(uow, utah.id)
    with uow() as u, pytest.raises(InvalidInput, match="nothing was imported") as refused:
        store_dem(u, None, u.session.get(Agency, utah.id), bad)
    problem = refused.value.errors[0]
    assert problem.field.endswith("expires") and "before the issue date" in problem.problem
    assert (roster(uow, utah.id), fleet_of(uow, utah.id)) == before
