"""Providers and their certifications: create, change standing, import a roster.

A certification's standing (active, suspended, revoked) changes what its holder may do and the
level of care of any unit they crew, so every change here re-derives the levels of the units the
provider is on (``crews.refresh_levels``) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select

from goldenhour.adapters.db.agency_rows import in_agency
from goldenhour.adapters.db.tables import CertificationRow, EndorsementRow, Provider
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.credentials.certification_levels import parse_level
from goldenhour.domain.credentials.certifications import (
    CertificationStatus,
)
from goldenhour.domain.credentials.roster import CertificationInput, EndorsementInput, ProviderInput
from goldenhour.domain.shared.errors import Conflict, FieldProblem, InvalidInput, NotFound
from goldenhour.services.accounts import audit
from goldenhour.services.unit_of_work import UnitOfWork
from goldenhour.services.units import crews


def check_certification(
    cert: CertificationInput, where: str, today: date, *, allow_expired: bool = False
) -> list[FieldProblem]:
    """Every problem with one certification, each naming its field under ``where``.

    A new certification must be current, except in a history import (``allow_expired``), where
    an expired one still tells what its holder was allowed when their old records were made.
    """
    problems: list[FieldProblem] = []
    try:
        parse_level(cert.level, f"{where}level")
    except InvalidInput as exc:
        problems.extend(exc.errors)
    if not cert.number.strip():
        problems.append(FieldProblem(f"{where}number", "is required"))
    if cert.issuing_state is not None and not (
        len(cert.issuing_state) == 2
        and cert.issuing_state.isalpha()
        and cert.issuing_state.isupper()
    ):
        problems.append(FieldProblem(f"{where}issuing_state", "must be a two-letter state code"))
    if cert.issued and cert.expires and cert.expires < cert.issued:
        problems.append(
            FieldProblem(
                f"{where}expires", f"{cert.expires} is before the issue date {cert.issued}"
            )
        )
    elif cert.expires and cert.expires < today and not allow_expired:
        problems.append(
            FieldProblem(f"{where}expires", f"the certification expired on {cert.expires}")
        )
    if cert.issued and cert.issued > today:
        problems.append(FieldProblem(f"{where}issued", f"{cert.issued} is in the future"))
    if cert.status not in {s.value for s in CertificationStatus}:
        problems.append(FieldProblem(f"{where}status", "must be active, suspended or revoked"))
    return problems


def check_provider(
    provider: ProviderInput, where: str, today: date, *, allow_expired: bool = False
) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for name in ("external_id", "first_name", "last_name"):
        if not getattr(provider, name).strip():
            problems.append(FieldProblem(f"{where}{name}", "is required"))
    for index, cert in enumerate(provider.certifications):
        prefix = cert.source or f"{where}certifications[{index}]."
        problems += check_certification(cert, prefix, today, allow_expired=allow_expired)
    for index, endorsement in enumerate(provider.endorsements):
        if not endorsement.name.strip():
            problems.append(FieldProblem(f"{where}endorsements[{index}].name", "is required"))
    return problems


def create_providers(
    uow: UnitOfWork,
    actor: Actor | None,
    agency_id: int,
    providers: Sequence[ProviderInput],
    where: Sequence[str] | None = None,
) -> list[Provider]:
    """Create all of ``providers`` or none: every bad field of every row is reported at once.

    ``actor`` is None for the command-line roster import, which acts for the agency itself.
    """
    today = uow.clock.now().date()
    labels = where or ["" for _ in providers]
    problems: list[FieldProblem] = []
    seen: dict[str, str] = {}
    for label, provider in zip(labels, providers, strict=True):
        problems += check_provider(provider, label, today)
        if provider.external_id in seen:
            problems.append(
                FieldProblem(
                    f"{label}external_id",
                    f"{provider.external_id!r} repeats {seen[provider.external_id]}",
                )
            )
        seen.setdefault(provider.external_id, label.rstrip(": .") or "an earlier entry")
    existing = set(
        uow.session.scalars(
            select(Provider.external_id).where(
                Provider.agency_id == agency_id, Provider.external_id.in_(list(seen))
            )
        )
    )
    for label, provider in zip(labels, providers, strict=True):
        if provider.external_id in existing:
            problems.append(
                FieldProblem(
                    f"{label}external_id", f"provider {provider.external_id!r} already exists"
                )
            )
    if problems:
        raise InvalidInput("; ".join(str(p) for p in problems), problems)
    rows = [insert_provider(uow, actor, agency_id, provider) for provider in providers]
    uow.commit()
    return rows


def insert_provider(
    uow: UnitOfWork, actor: Actor | None, agency_id: int, provider: ProviderInput
) -> Provider:
    """Add one already-checked provider with their certifications; the caller commits."""
    row = Provider(
        agency_id=agency_id,
        external_id=provider.external_id.strip(),
        first_name=provider.first_name.strip(),
        last_name=provider.last_name.strip(),
        active=True,
    )
    uow.session.add(row)
    uow.session.flush()
    for cert in provider.certifications:
        _add_certification(uow, row, cert)
    for endorsement in provider.endorsements:
        uow.session.add(
            EndorsementRow(
                agency_id=agency_id,
                provider_id=row.id,
                name=endorsement.name.strip(),
                expires=endorsement.expires,
            )
        )
    detail = {"external_id": row.external_id}
    audit.record(uow, actor, "create", "provider", row.id, detail, agency_id)
    return row


def _add_certification(
    uow: UnitOfWork, provider: Provider, cert: CertificationInput
) -> CertificationRow:
    row = CertificationRow(
        agency_id=provider.agency_id,
        provider_id=provider.id,
        level=parse_level(cert.level).slug,
        number=cert.number.strip(),
        issuing_state=cert.issuing_state,
        issued=cert.issued,
        expires=cert.expires,
        status=cert.status,
        status_since=None,
    )
    uow.session.add(row)
    return row


def get_provider(uow: UnitOfWork, actor: Actor, provider_id: int) -> Provider:
    return in_agency(uow.session, Provider, provider_id, actor.agency_id, "provider", "provider")


def provider_by_external_id(uow: UnitOfWork, agency_id: int, external_id: str) -> Provider | None:
    """The provider with this roster id (``external_id``) in the agency, if any."""
    return uow.session.scalar(
        select(Provider).where(Provider.agency_id == agency_id, Provider.external_id == external_id)
    )


def list_providers(uow: UnitOfWork, actor: Actor) -> list[Provider]:
    query = select(Provider).where(Provider.agency_id == actor.agency_id)
    return list(uow.session.scalars(query.order_by(Provider.last_name, Provider.first_name)))


def add_certification(
    uow: UnitOfWork, actor: Actor, provider_id: int, cert: CertificationInput
) -> CertificationRow:
    provider = get_provider(uow, actor, provider_id)
    problems = check_certification(cert, "", uow.clock.now().date())
    if problems:
        raise InvalidInput("; ".join(str(p) for p in problems), problems)
    row = _add_certification(uow, provider, cert)
    uow.session.flush()
    audit.record(
        uow,
        actor,
        "create",
        "certification",
        row.id,
        {"provider_id": provider.id, "level": row.level},
    )
    crews.refresh_levels(uow, actor.agency_id, uow.clock.now())
    uow.commit()
    return row


def add_endorsement(
    uow: UnitOfWork, actor: Actor, provider_id: int, endorsement: EndorsementInput
) -> EndorsementRow:
    provider = get_provider(uow, actor, provider_id)
    if not endorsement.name.strip():
        raise InvalidInput.for_field("name", "is required")
    row = EndorsementRow(
        agency_id=actor.agency_id,
        provider_id=provider.id,
        name=endorsement.name.strip(),
        expires=endorsement.expires,
    )
    uow.session.add(row)
    uow.session.flush()
    audit.record(uow, actor, "create", "endorsement", row.id, {"name": row.name})
    uow.commit()
    return row


def set_certification_status(
    uow: UnitOfWork,
    actor: Actor,
    provider_id: int,
    cert_id: int,
    status: str,
    since: datetime | None,
) -> CertificationRow:
    """Suspend, revoke or reinstate a certification from ``since`` (default: now)."""
    get_provider(uow, actor, provider_id)
    row = uow.session.get(CertificationRow, cert_id)
    if row is None or row.provider_id != provider_id:
        raise NotFound(f"certification: no certification {cert_id} for provider {provider_id}")
    try:
        new_status = CertificationStatus(status)
    except ValueError:
        raise InvalidInput.for_field("status", "must be active, suspended or revoked") from None
    if row.status == CertificationStatus.REVOKED and new_status != CertificationStatus.REVOKED:
        raise Conflict("status: a revoked certification cannot be reinstated; add a new one")
    previous = row.status
    row.status = new_status.value
    row.status_since = since or uow.clock.now()
    audit.record(
        uow,
        actor,
        "status",
        "certification",
        row.id,
        {"from": previous, "to": row.status, "since": row.status_since.isoformat()},
    )
    crews.refresh_levels(uow, actor.agency_id, uow.clock.now())
    uow.commit()
    return row
