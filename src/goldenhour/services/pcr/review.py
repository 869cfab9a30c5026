"""The medical director's review queue: interventions flagged at the point of care.

A flag stays *open* until the medical director reviews it with an outcome (was the care
appropriate, does it need education, or a referral) and a comment. The queue shows each flag
with enough of its record to judge it (incident, unit, the intervention as documented); every
look at it is audited like any other read of a patient record.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from goldenhour.adapters.db.tables import PatientCareRecordRow, Provider, ScopeFlagRow
from goldenhour.adapters.db.types import utcnow
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.pcr.tree import Group
from goldenhour.domain.shared.errors import Conflict, InvalidInput, NotFound
from goldenhour.services.accounts import audit
from goldenhour.services.pcr.care import OPEN, REVIEWED
from goldenhour.services.unit_of_work import UnitOfWork


class Outcome(StrEnum):
    APPROPRIATE = "appropriate"  # care was right (e.g. medical control given by radio)
    EDUCATION = "education"  # the provider needs education or remediation
    REFERRED = "referred"  # referred for formal review (credentialing, the state office)
    DOCUMENTATION = "documentation"  # care was right, the record was not: addendum asked


@dataclass(frozen=True)
class FlagView:
    flag: ScopeFlagRow
    provider: Provider | None
    record: PatientCareRecordRow
    intervention: Group | None  # the flagged group as documented


def queue(uow: UnitOfWork, actor: Actor, status: str, limit: int) -> list[FlagView]:
    if status not in (OPEN, REVIEWED):
        raise InvalidInput.for_field("status", f"must be {OPEN} or {REVIEWED}")
    flags = list(
        uow.session.scalars(
            select(ScopeFlagRow)
            .where(ScopeFlagRow.agency_id == actor.agency_id, ScopeFlagRow.status == status)
            .order_by(ScopeFlagRow.id)
            .limit(limit)
        )
    )
    views = [_view(uow, flag) for flag in flags]
    audit.record(uow.session, actor, "list", "scope_flag", "", {"ids": [f.id for f in flags]})
    uow.commit()
    return views


def flags_of(uow: UnitOfWork, pcr_id: int) -> list[ScopeFlagRow]:
    return list(
        uow.session.scalars(
            select(ScopeFlagRow).where(ScopeFlagRow.pcr_id == pcr_id).order_by(ScopeFlagRow.id)
        )
    )


def review(uow: UnitOfWork, actor: Actor, flag_id: int, outcome: str, comment: str) -> FlagView:
    flag = uow.session.get(ScopeFlagRow, flag_id, with_for_update=True)
    if flag is None or flag.agency_id != actor.agency_id:
        raise NotFound(f"scope flag: no flag {flag_id} in your agency")
    if flag.status == REVIEWED:
        raise Conflict(f"scope flag {flag_id} was already reviewed")
    try:
        parsed = Outcome(outcome)
    except ValueError:
        known = ", ".join(o.value for o in Outcome)
        raise InvalidInput.for_field("outcome", f"must be one of {known}") from None
    if not comment.strip():
        raise InvalidInput.for_field("comment", "a review needs a comment")
    flag.status, flag.outcome, flag.comment = REVIEWED, parsed.value, comment.strip()
    flag.reviewer_id, flag.reviewed_at = actor.user_id, utcnow()
    audit.record(uow.session, actor, "review", "scope_flag", flag.id, {"outcome": parsed.value})
    view = _view(uow, flag)
    uow.commit()
    return view


def _view(uow: UnitOfWork, flag: ScopeFlagRow) -> FlagView:
    row = uow.session.get(PatientCareRecordRow, flag.pcr_id)
    assert row is not None
    record = PatientCareRecord.from_json(row.document)
    name, _, rest = flag.intervention.partition("[")
    index = int(rest.rstrip("]")) if rest else 1
    groups = record.groups(name)
    group = groups[index - 1] if 0 < index <= len(groups) else None
    return FlagView(flag, uow.session.get(Provider, flag.provider_id), row, group)
