"""The medical director's review queue: interventions flagged at the point of care.

A flag stays *open* until the medical director reviews it with an outcome (was the care
appropriate, does it need education, or a referral) and a comment: there is no default
outcome. The queue shows each flag with enough of its record to judge it (patient age and sex,
impression, the vital signs taken around the time, the intervention as documented, the
provider, the reasons the scope check gave), filtered by date, unit, provider, skill and
outcome; every look at it is audited like any other read of a patient record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select

from goldenhour.adapters.db.agency_rows import in_agency
from goldenhour.adapters.db.tables import PatientCareRecordRow, Provider, ScopeFlagRow, UnitRow
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.pcr.handover import HandoverSummary, handover_summary
from goldenhour.domain.pcr.tree import Group
from goldenhour.domain.shared.errors import Conflict, InvalidInput
from goldenhour.services.accounts import audit
from goldenhour.services.pcr.care import OPEN, REVIEWED
from goldenhour.services.pcr.records import current_record
from goldenhour.services.unit_of_work import UnitOfWork


class Outcome(StrEnum):
    APPROPRIATE = "appropriate"  # care was right (e.g. medical control given by radio)
    EDUCATION = "education"  # the provider needs education or remediation
    REFERRED = "referred"  # referred for formal review (credentialing, the state office)
    DOCUMENTATION = "documentation"  # care was right, the record was not: addendum asked


VITALS_AROUND = timedelta(minutes=30)  # vital signs this close to the intervention


@dataclass(frozen=True)
class FlagView:
    flag: ScopeFlagRow
    provider: Provider | None
    record: PatientCareRecordRow
    intervention: Group | None  # the flagged group as documented
    patient: HandoverSummary  # age, sex, impression, latest vitals
    unit: str | None  # the unit's call sign
    vitals_around: tuple[Group, ...] = ()  # sets taken within VITALS_AROUND of the entry


@dataclass(frozen=True)
class QueueFilter:
    status: str | None = OPEN  # None: open and reviewed alike
    since: datetime | None = None
    until: datetime | None = None
    unit_id: int | None = None
    provider_id: int | None = None
    skill: str | None = None
    outcome: str | None = None


def queue(
    uow: UnitOfWork, actor: Actor, wanted: QueueFilter, limit: int, after_id: int | None = None
) -> list[FlagView]:
    """Oldest first, ids above ``after_id``; up to one flag more than ``limit``, so the caller
    knows a page follows (only ``limit`` of them are audited as read)."""
    if wanted.status not in (OPEN, REVIEWED, None):
        raise InvalidInput.for_field("status", f"must be {OPEN} or {REVIEWED}")
    if wanted.outcome is not None and wanted.outcome not in {o.value for o in Outcome}:
        raise InvalidInput.for_field("outcome", f"must be one of {', '.join(Outcome)}")
    query = (
        select(ScopeFlagRow)
        .join(PatientCareRecordRow, PatientCareRecordRow.id == ScopeFlagRow.pcr_id)
        .where(ScopeFlagRow.agency_id == actor.agency_id)
    )
    columns = {
        "status": ScopeFlagRow.status,
        "unit_id": PatientCareRecordRow.unit_id,
        "provider_id": ScopeFlagRow.provider_id,
        "skill": ScopeFlagRow.skill,
        "outcome": ScopeFlagRow.outcome,
    }
    for name, column in columns.items():
        if getattr(wanted, name) is not None:
            query = query.where(column == getattr(wanted, name))
    if wanted.since is not None:
        query = query.where(ScopeFlagRow.performed_at >= wanted.since)
    if wanted.until is not None:
        query = query.where(ScopeFlagRow.performed_at < wanted.until)
    if after_id is not None:
        query = query.where(ScopeFlagRow.id > after_id)
    flags = list(uow.session.scalars(query.order_by(ScopeFlagRow.id).limit(limit + 1)))
    views = [_view(uow, flag) for flag in flags]
    audit.record(uow, actor, "list", "scope_flag", "", {"ids": [f.id for f in flags[:limit]]})
    uow.commit()
    return views


def flags_of(uow: UnitOfWork, pcr_id: int) -> list[ScopeFlagRow]:
    return list(
        uow.session.scalars(
            select(ScopeFlagRow).where(ScopeFlagRow.pcr_id == pcr_id).order_by(ScopeFlagRow.id)
        )
    )


def review(uow: UnitOfWork, actor: Actor, flag_id: int, outcome: str, comment: str) -> FlagView:
    agency_id = actor.agency_id
    flag = in_agency(uow.session, ScopeFlagRow, flag_id, agency_id, "scope flag", "flag", lock=True)
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
    flag.reviewer_id, flag.reviewed_at = actor.user_id, uow.clock.now()
    audit.record(uow, actor, "review", "scope_flag", flag.id, {"outcome": parsed.value})
    view = _view(uow, flag)
    uow.commit()
    return view


@dataclass(frozen=True)
class HistoryLine:
    key: str  # the provider's id or the skill's slug
    flags: int
    open: int
    outcomes: dict[str, int]


def history(uow: UnitOfWork, actor: Actor, by: str) -> list[HistoryLine]:
    """Flags per provider or per skill, with the outcomes the medical director gave."""
    column = {"provider": ScopeFlagRow.provider_id, "skill": ScopeFlagRow.skill}.get(by)
    if column is None:
        raise InvalidInput.for_field("by", "must be provider or skill")
    rows = uow.session.execute(
        select(column, ScopeFlagRow.status, ScopeFlagRow.outcome, func.count())
        .where(ScopeFlagRow.agency_id == actor.agency_id)
        .group_by(column, ScopeFlagRow.status, ScopeFlagRow.outcome)
    )
    lines: dict[str, HistoryLine] = {}
    for key, status, outcome, count in rows:
        line = lines.setdefault(str(key), HistoryLine(str(key), 0, 0, {}))
        outcomes = dict(line.outcomes)
        if outcome is not None:
            outcomes[outcome] = outcomes.get(outcome, 0) + count
        lines[str(key)] = HistoryLine(
            line.key, line.flags + count, line.open + (count if status == OPEN else 0), outcomes
        )
    audit.record(uow, actor, "list", "scope_flag_history", by)
    uow.commit()
    return sorted(lines.values(), key=lambda line: (-line.flags, line.key))


def _view(uow: UnitOfWork, flag: ScopeFlagRow) -> FlagView:
    row = uow.session.get(PatientCareRecordRow, flag.pcr_id)
    assert row is not None
    record = current_record(uow, row)
    name, _, rest = flag.intervention.partition("[")
    index = int(rest.rstrip("]")) if rest else 1
    groups = record.groups(name)
    group = groups[index - 1] if 0 < index <= len(groups) else None
    around = tuple(g for g in record.groups("eVitals.VitalGroup") if _near(g, flag.performed_at))
    provider = uow.session.get(Provider, flag.provider_id)
    unit = uow.session.get(UnitRow, row.unit_id) if row.unit_id is not None else None
    call_sign = unit.call_sign if unit is not None else None
    return FlagView(flag, provider, row, group, handover_summary(record), call_sign, around)


def _near(vitals: Group, at: datetime) -> bool:
    try:
        taken = datetime.fromisoformat(vitals.value("eVitals.01") or "")
    except ValueError:
        return False
    return abs(taken - at) <= VITALS_AROUND
