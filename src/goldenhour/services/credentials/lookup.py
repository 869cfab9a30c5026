"""Reading a provider's credentials out of storage into the domain's ``Credentials``.

Scope decisions and unit levels both need them, for one provider or a whole roster at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from goldenhour.adapters.db.tables import CertificationRow, EndorsementRow, Provider
from goldenhour.domain.credentials.certification_levels import parse_level
from goldenhour.domain.credentials.certifications import (
    Certification,
    CertificationStatus,
    Credentials,
    Endorsement,
)
from goldenhour.services.unit_of_work import UnitOfWork


def certifications_of(
    uow: UnitOfWork, provider_ids: Sequence[int]
) -> dict[int, list[CertificationRow]]:
    found: dict[int, list[CertificationRow]] = {pid: [] for pid in provider_ids}
    rows = uow.session.scalars(
        select(CertificationRow)
        .where(CertificationRow.provider_id.in_(list(provider_ids)))
        .order_by(CertificationRow.id)
    )
    for row in rows:
        found[row.provider_id].append(row)
    return found


def endorsements_of(
    uow: UnitOfWork, provider_ids: Sequence[int]
) -> dict[int, list[EndorsementRow]]:
    found: dict[int, list[EndorsementRow]] = {pid: [] for pid in provider_ids}
    rows = uow.session.scalars(
        select(EndorsementRow)
        .where(EndorsementRow.provider_id.in_(list(provider_ids)))
        .order_by(EndorsementRow.id)
    )
    for row in rows:
        found[row.provider_id].append(row)
    return found


def credentials_of(uow: UnitOfWork, providers: Sequence[Provider]) -> dict[int, Credentials]:
    """The domain view of each provider's certifications and endorsements."""
    ids = [p.id for p in providers]
    certs, endorsements = certifications_of(uow, ids), endorsements_of(uow, ids)
    return {
        p.id: Credentials(
            provider=f"{p.first_name[:1]}. {p.last_name} ({p.external_id})",
            certifications=tuple(_certification(c) for c in certs[p.id]),
            endorsements=tuple(Endorsement(e.name, e.expires) for e in endorsements[p.id]),
        )
        for p in providers
    }


def _certification(row: CertificationRow) -> Certification:
    return Certification(
        parse_level(row.level),
        row.number,
        row.issuing_state,
        row.issued,
        row.expires,
        CertificationStatus(row.status),
        row.status_since,
    )
