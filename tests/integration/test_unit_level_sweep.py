"""Levels of care change with the clock: the sweep notices an expiry nobody touched."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from goldenhour.adapters.db.tables import StoredEvent, UnitRow
from goldenhour.domain.accounts.roles import Actor, Role
from goldenhour.domain.credentials.roster import CertificationInput, ProviderInput
from goldenhour.services.accounts import users as accounts
from goldenhour.services.credentials import providers
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units import crews

UowFactory = Callable[[], UnitOfWork]


def test_the_sweep_drops_a_unit_whose_paramedic_certification_expired(
    uow_factory: UowFactory,
) -> None:
    today = datetime.now(UTC).date()
    with uow_factory() as uow:
        agency_id = accounts.create_agency(uow, "alpha", "Alpha", "WA").id
    with uow_factory() as uow:
        user = accounts.create_user(
            uow, None, agency_id, "sup", "Sup", "long-password-1", ["supervisor"]
        )
        actor = Actor(user.id, agency_id, "sup", (Role.SUPERVISOR,))
    expiring = CertificationInput(
        "paramedic", "P-1", "WA", today - timedelta(days=700), today + timedelta(days=2)
    )
    lasting = CertificationInput(
        "emt", "E-1", "WA", today - timedelta(days=700), today + timedelta(days=700)
    )
    with uow_factory() as uow:
        medic, emt = providers.create_providers(
            uow,
            actor,
            agency_id,
            [
                ProviderInput(
                    "P1",
                    "Pat",
                    "Medic",
                    (
                        expiring,
                        CertificationInput(
                            "emt",
                            "E-2",
                            "WA",
                            today - timedelta(days=900),
                            today + timedelta(days=700),
                        ),
                    ),
                ),
                ProviderInput("E1", "Eli", "Tech", (lasting,)),
            ],
        )
    with uow_factory() as uow:
        unit_id = crews.create_unit(uow, actor, "M1", "transport", "ALS", None).id
    for provider_id in (medic.id, emt.id):
        with uow_factory() as uow:
            crews.assign_crew(uow, actor, unit_id, provider_id, None, None)
    with uow_factory() as uow:
        assert uow.session.get(UnitRow, unit_id).derived_level == "ALS"  # type: ignore[union-attr]
        assert crews.sweep_levels(uow, datetime.now(UTC)) == 0
    with uow_factory() as uow:
        assert crews.sweep_levels(uow, datetime.now(UTC) + timedelta(days=4)) == 1
    with uow_factory() as uow:
        assert uow.session.get(UnitRow, unit_id).derived_level == "BLS"  # type: ignore[union-attr]
        last = uow.session.scalars(select(StoredEvent).order_by(StoredEvent.id.desc())).first()
        assert last is not None and last.name == "UnitLevelChanged"
        assert (last.payload["previous"], last.payload["current"]) == ("ALS", "BLS")
        assert any("expired" in reason for reason in last.payload["reasons"])
