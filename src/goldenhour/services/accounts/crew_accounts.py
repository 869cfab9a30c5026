"""A crew member's own account: which provider it belongs to, and so which unit they are on.

An account linked to a provider follows that provider's crew assignments: the crew screen
opens on their unit, and a crew-only account may move only the unit it is on (a medic on M1
cannot mark M7 "on scene"). An account with no provider is a shared unit tablet, as many
agencies run their mobile data terminals, and may move any unit of the agency; dispatchers and
supervisors move any unit as well.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from goldenhour.adapters.db.agency_rows import in_agency
from goldenhour.adapters.db.tables import Provider, UnitRow, User
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.shared.errors import InvalidInput, NotFound
from goldenhour.services.accounts import audit
from goldenhour.services.unit_of_work import UnitOfWork


def link_provider(
    uow: UnitOfWork, actor: Actor | None, agency_id: int, user_id: int, provider_id: int | None
) -> User:
    """Tie the account to a provider of the same agency (or untie it with None).

    ``actor`` is None for the command line, which acts for the agency itself.
    """
    user = in_agency(uow.session, User, user_id, agency_id, "user", "user")
    if provider_id is not None:
        provider = uow.session.get(Provider, provider_id)
        if provider is None or provider.agency_id != agency_id:
            raise InvalidInput.for_field("provider_id", f"no provider {provider_id} in your agency")
        _check_free(uow, provider_id, user.id)
    user.provider_id = provider_id
    detail = {"provider_id": provider_id}
    audit.record(uow, actor, "link", "user", user.id, detail, agency_id)
    uow.commit()
    return user


def free_provider(uow: UnitOfWork, agency_id: int, external_id: str) -> int:
    """The id of the roster provider ``external_id``, when no account belongs to them yet."""
    provider_id = uow.session.scalar(
        select(Provider.id).where(
            Provider.agency_id == agency_id, Provider.external_id == external_id
        )
    )
    if provider_id is None:
        raise NotFound(f"provider: no provider {external_id!r} on the agency's roster")
    _check_free(uow, provider_id, None)
    return int(provider_id)


def _check_free(uow: UnitOfWork, provider_id: int, user_id: int | None) -> None:
    """InvalidInput when another account than ``user_id`` already belongs to the provider."""
    query = select(User.username).where(User.provider_id == provider_id)
    if user_id is not None:
        query = query.where(User.id != user_id)
    taken = uow.session.scalar(query)
    if taken is not None:
        raise InvalidInput.for_field(
            "provider_id", f"provider {provider_id} already signs in as {taken!r}"
        )


def current_unit(uow: UnitOfWork, provider_id: int, at: datetime) -> UnitRow | None:
    """The unit whose crew the provider is on at ``at``, if any."""
    found = uow.dispatch.units.crewed_by(provider_id, at)
    return uow.session.get(UnitRow, found.id) if found is not None else None


def signed_in_unit(
    uow: UnitOfWork, actor: Actor, provider_id: int | None, at: datetime
) -> UnitRow | None:
    """The unit a crew member's account is on at ``at``, or the unit a shared tablet signed in
    for; None for anyone else."""
    if provider_id is not None:
        return current_unit(uow, provider_id, at)
    if actor.unit_id is not None:
        return uow.session.get(UnitRow, actor.unit_id)
    return None
