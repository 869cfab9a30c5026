"""Destination recommendation: the right patient to the right facility, ranked and explained.

Input: the patient's findings, the facilities, each facility's road ETA in seconds (computed by
the caller from the routing adapter; ``None`` or ``inf`` = no route) and the time, for the
statuses. Output: facilities ranked by the deciding rule's tiers, nearest first within a tier,
each with its ETA, how much longer that is than the nearest open emergency department, and
why; and every facility left out, with why (closed, on diversion with reason and expiry, no
route, beyond a bypass bound, not what this patient needs).

EMS practice on diversion: a facility diverting the service the patient needs is skipped,
unless *every* suitable facility is diverting; then they are ranked anyway and the advice says
so, because diversion is a request, and the patient still has to go somewhere.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from goldenhour.domain.destination.facilities import Facility
from goldenhour.domain.destination.facility_status import (
    Service,
    ServiceState,
    ServiceStatus,
    status_for,
)
from goldenhour.domain.destination.rules import (
    DestinationRules,
    Finding,
    Tier,
    parse_finding,
)
from goldenhour.domain.shared.citations import Source
from goldenhour.domain.shared.errors import InvalidInput


@dataclass(frozen=True)
class PatientFindings:
    """What the crew found. ``pediatric`` marks a child whose age is not known."""

    findings: frozenset[Finding] = frozenset()
    age_years: float | None = None
    pediatric: bool = False

    def __post_init__(self) -> None:
        # Accept plain names too (an API payload): every finding is checked, typos refused.
        checked = frozenset(parse_finding(str(f), "findings") for f in self.findings)
        object.__setattr__(self, "findings", checked)
        if self.age_years is not None and not 0 <= self.age_years <= 130:
            raise InvalidInput.for_field("age_years", f"{self.age_years} is not an age (0..130)")

    def is_child(self, rules: DestinationRules) -> bool:
        return self.pediatric or (
            self.age_years is not None and self.age_years < rules.pediatric_age_below
        )


def parse_findings(
    names: Iterable[str], age_years: float | None = None, field: str = "findings"
) -> PatientFindings:
    """Findings from names (``"pediatric"`` flags a child); "did you mean" on a typo."""
    texts = list(names)
    child = any(t.strip().lower() == "pediatric" for t in texts)
    found = frozenset(
        parse_finding(t, f"{field}[{i}]")
        for i, t in enumerate(texts)
        if t.strip().lower() != "pediatric"
    )
    return PatientFindings(found, age_years, child)


@dataclass(frozen=True)
class RankedDestination:
    rank: int
    facility_id: str
    name: str
    eta_s: float
    extra_s: float | None  # versus the nearest open emergency department; None: there is none
    tier: str
    reasons: tuple[str, ...]
    diverted: bool = False


@dataclass(frozen=True)
class SkippedDestination:
    facility_id: str
    name: str
    eta_s: float | None
    reason: str


@dataclass(frozen=True)
class DestinationAdvice:
    finding: Finding
    why: str
    sources: tuple[Source, ...]
    child: bool
    ranked: tuple[RankedDestination, ...]
    skipped: tuple[SkippedDestination, ...]
    nearest_ed_id: str | None
    nearest_ed_eta_s: float | None
    all_diverted: bool
    notes: tuple[str, ...]

    @property
    def best(self) -> RankedDestination | None:
        return self.ranked[0] if self.ranked else None


def minutes(seconds: float) -> str:
    """``"7 min"``; under half a minute reads ``"<1 min"``."""
    whole = round(seconds / 60)
    return f"{whole} min" if whole >= 1 else "<1 min"


@dataclass
class _Candidate:
    facility: Facility
    eta_s: float
    tier: int
    notes: list[str]


def recommend_destinations(
    patient: PatientFindings,
    facilities: Sequence[Facility],
    etas_s: Mapping[str, float | None],
    at: datetime,
    rules: DestinationRules,
    tz: tzinfo = UTC,
) -> DestinationAdvice:
    """Rank ``facilities`` for ``patient`` (pure; see the module docstring)."""
    if at.tzinfo is None:
        raise InvalidInput.for_field("at", "must include a time zone")
    finding = rules.deciding(patient.findings)
    rule = rules.rules[finding]
    child = patient.is_child(rules)
    tiers = rule.tiers_for(child)
    skipped: list[SkippedDestination] = []

    def status(f: Facility, tier: Tier) -> ServiceStatus:
        both = (status_for(f.statuses, rule.service, at), status_for(f.statuses, tier.service, at))
        return max(both, key=lambda s: s.state)

    def skip(f: Facility, eta: float | None, reason: str) -> None:
        skipped.append(SkippedDestination(f.id, f.name, eta, reason))

    candidates: list[_Candidate] = []
    for f in facilities:
        eta = etas_s.get(f.id)
        whole = status_for(f.statuses, Service.FACILITY, at)
        first = next((i for i, t in enumerate(tiers) if _meets(f, t)), None)
        if eta is None or not math.isfinite(eta):
            skip(f, None, "no road route to it")
        elif whole.state is ServiceState.CLOSED:
            skip(f, eta, whole.describe(tz, at))
        elif first is None:
            labels = " / ".join(dict.fromkeys(t.label for t in tiers))
            skip(f, eta, f"does not qualify as: {labels}")
        else:
            candidates.append(_Candidate(f, eta, first, []))

    def nearest(tier: Tier) -> _Candidate | None:
        fits = [
            c
            for c in candidates
            if _meets(c.facility, tier) and status(c.facility, tier).state is ServiceState.OPEN
        ]
        return min(fits, key=lambda c: c.eta_s, default=None)

    by_versus = {t.versus: nearest(tiers[t.versus]) for t in tiers if t.versus is not None}
    references = [None if t.versus is None else by_versus[t.versus] for t in tiers]
    for c in candidates:
        _apply_bounds(c, tiers, references)
    placed = [c for c in candidates if c.tier < len(tiers)]
    for c in candidates:
        if c.tier >= len(tiers):
            skip(c.facility, c.eta_s, "; ".join(c.notes))
    nearest_ed = _nearest_open_ed(facilities, etas_s, at)

    open_ones, diverted = [], []
    for c in placed:
        s = status(c.facility, tiers[c.tier])
        if s.state is ServiceState.CLOSED:
            skip(c.facility, c.eta_s, s.describe(tz, at))
        elif s.state is ServiceState.DIVERSION:
            c.notes.append(s.describe(tz, at))
            diverted.append(c)
        else:
            open_ones.append(c)
    all_diverted = not open_ones and bool(diverted)
    chosen = diverted if all_diverted else open_ones
    if not all_diverted:
        for c in diverted:
            skip(c.facility, c.eta_s, "; ".join(c.notes))
    chosen.sort(key=lambda c: (c.tier, c.eta_s, c.facility.name, c.facility.id))

    ed_eta = nearest_ed[1] if nearest_ed else None
    ranked = tuple(
        RankedDestination(
            rank=i + 1,
            facility_id=c.facility.id,
            name=c.facility.name,
            eta_s=c.eta_s,
            extra_s=None if ed_eta is None else c.eta_s - ed_eta,
            tier=tiers[c.tier].label,
            reasons=(tiers[c.tier].label, _travel(c.eta_s, ed_eta, nearest_ed), *c.notes),
            diverted=all_diverted,
        )
        for i, c in enumerate(chosen)
    )
    return DestinationAdvice(
        finding=finding,
        why=rule.why,
        sources=tuple(rules.sources[s] for s in rule.sources),
        child=child,
        ranked=ranked,
        skipped=tuple(skipped),
        nearest_ed_id=nearest_ed[0].id if nearest_ed else None,
        nearest_ed_eta_s=ed_eta,
        all_diverted=all_diverted,
        notes=_notes(patient, finding, child, all_diverted, ranked),
    )


def _meets(f: Facility, tier: Tier) -> bool:
    return all(f.capabilities.meets(need) for need in tier.needs)


def _apply_bounds(
    c: _Candidate, tiers: Sequence[Tier], references: Sequence[_Candidate | None]
) -> None:
    """Drop ``c`` down the tiers while it is beyond its tier's bypass bound."""
    while c.tier < len(tiers):
        tier, ref = tiers[c.tier], references[c.tier]
        if ref is None or tier.versus is None or c.eta_s - ref.eta_s <= tier.max_extra_s:
            return
        versus = tiers[tier.versus].label
        note = (
            f"{minutes(c.eta_s - ref.eta_s)} longer than the nearest {versus} ({ref.facility.name})"
            f", beyond the {minutes(tier.max_extra_s)} bypass bound for a {tier.label}"
        )
        later = range(c.tier + 1, len(tiers))
        c.tier = next((i for i in later if _meets(c.facility, tiers[i])), len(tiers))
        c.notes.append(note if c.tier == len(tiers) else f"{note}: ranked as {tiers[c.tier].label}")


def _nearest_open_ed(
    facilities: Sequence[Facility],
    etas_s: Mapping[str, float | None],
    at: datetime,
) -> tuple[Facility, float] | None:
    best: tuple[Facility, float] | None = None
    for f in facilities:
        eta = etas_s.get(f.id)
        if (
            eta is not None
            and math.isfinite(eta)
            and f.capabilities.emergency_department
            and status_for(f.statuses, Service.EMERGENCY, at).state is ServiceState.OPEN
            and (best is None or eta < best[1])
        ):
            best = (f, eta)
    return best


def _travel(eta: float, ed_eta: float | None, nearest_ed: tuple[Facility, float] | None) -> str:
    text = f"{minutes(eta)} away"
    if ed_eta is None or nearest_ed is None:
        return text + "; no open emergency department to compare with"
    extra = eta - ed_eta
    if abs(extra) < 30:
        return text + ", as near as the nearest open emergency department"
    side = "longer" if extra > 0 else "shorter"
    return text + f", {minutes(abs(extra))} {side} than the nearest open emergency department"


def _notes(
    patient: PatientFindings,
    finding: Finding,
    child: bool,
    all_diverted: bool,
    ranked: Sequence[RankedDestination],
) -> tuple[str, ...]:
    notes = []
    others = sorted(f.value for f in patient.findings if f is not finding)
    if others:
        notes.append(f"{finding.value} decides; also found: {', '.join(others)}")
    if child:
        notes.append("child: pediatric-capable facilities first")
    if all_diverted:
        notes.append(
            "every suitable facility is on diversion: ranked anyway; notify the destination"
        )
    if not ranked:
        notes.append("no suitable facility is reachable: contact medical control")
    return tuple(notes)
