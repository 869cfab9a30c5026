"""Run the detectors on the agency's own incidents and records, on schedule or on demand.

The case stream is built from the last ``LOOKBACK_DAYS`` of incidents and their patient care
records (case definitions in ``data/surveillance``); the fixed threshold, the EWMA and the
space-time permutation scan each see it, and every new signal is stored once (a signal
already raised for the same detector, definition, areas and window is not raised again).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime, timedelta

from sqlalchemy import select

from goldenhour.adapters.db.tables import Agency, IncidentRow, PatientCareRecordRow
from goldenhour.adapters.db.tables.surveillance import SurveillanceRunRow, SurveillanceSignalRow
from goldenhour.adapters.surveillance.definitions_file import default_definitions
from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.pcr.record import PatientCareRecord
from goldenhour.domain.surveillance.case_definitions import Case, CaseDefinition, find_cases
from goldenhour.domain.surveillance.detectors import (
    Signal,
    ewma_signals,
    scan_signals,
    threshold_signals,
)
from goldenhour.domain.surveillance.encounters import IncidentFacts, encounters_of
from goldenhour.domain.surveillance.events import SignalRaised
from goldenhour.domain.surveillance.recommend import recommendation
from goldenhour.domain.surveillance.scan import ScanParameters
from goldenhour.services.accounts import audit
from goldenhour.services.unit_of_work import UnitOfWork

LOOKBACK_DAYS = 31
RUN_EVERY = timedelta(days=1)
SCAN = {"max_radius_km": 3.0, "max_days": 7, "replicas": 999}


def cases_of(
    uow: UnitOfWork,
    agency_id: int,
    since: datetime,
    until: datetime,
    definitions: Sequence[CaseDefinition],
) -> list[Case]:
    incidents = list(
        uow.session.scalars(
            select(IncidentRow).where(
                IncidentRow.agency_id == agency_id,
                IncidentRow.received_at > since,
                IncidentRow.received_at <= until,
                IncidentRow.status != "cancelled",
            )
        )
    )
    records: dict[int, list[PatientCareRecord]] = {}
    if incidents:
        for row in uow.session.scalars(
            select(PatientCareRecordRow).where(
                PatientCareRecordRow.incident_id.in_([i.id for i in incidents])
            )
        ):
            assert row.incident_id is not None
            records.setdefault(row.incident_id, []).append(
                PatientCareRecord.from_json(row.document)
            )
    encounters = [
        e
        for i in incidents
        for e in encounters_of(
            IncidentFacts(i.id, i.received_at.isoformat(), i.lat, i.lon, i.dispatch_reason),
            records.get(i.id, []),
        )
    ]
    return find_cases(definitions, encounters)


def _fingerprint(signal: Signal) -> str:
    areas = ",".join(sorted(a.id for a in signal.areas))
    key = f"{signal.detector}|{signal.definition}|{areas}|{signal.start.date()}|{signal.end.date()}"
    return hashlib.sha256(key.encode()).hexdigest()


def detect(cases: list[Case], now: datetime, seed: int) -> list[Signal]:
    signals = threshold_signals(cases, now) + ewma_signals(cases, now.date())
    start = (now - timedelta(days=LOOKBACK_DAYS - 1)).date()
    for definition in sorted({c.definition for c in cases}):
        params = ScanParameters(start=start, end=now.date(), seed=seed, **SCAN)  # type: ignore[arg-type]
        signals += scan_signals(cases, definition, params)
    return signals


def run(
    uow: UnitOfWork,
    agency_id: int,
    now: datetime,
    actor: Actor | None = None,
    seed: int = 1,
    trigger: str = "demand",
    definitions: Sequence[CaseDefinition] | None = None,
) -> list[SurveillanceSignalRow]:
    """One run: detect, store new signals, emit ``SignalRaised`` for each; returns them.
    ``definitions``: the shipped case definitions unless the agency has its own file."""
    chosen = default_definitions() if definitions is None else definitions
    cases = cases_of(uow, agency_id, now - timedelta(days=LOOKBACK_DAYS), now, chosen)
    signals = detect(cases, now, seed)
    run_row = SurveillanceRunRow(
        agency_id=agency_id,
        at=now,
        trigger=trigger,
        user_id=actor.user_id if actor else None,
        cases=len(cases),
        signals=0,
    )
    uow.session.add(run_row)
    uow.session.flush()
    known = set(
        uow.session.scalars(
            select(SurveillanceSignalRow.fingerprint).where(
                SurveillanceSignalRow.agency_id == agency_id
            )
        )
    )
    stored = []
    for signal in signals:
        fingerprint = _fingerprint(signal)
        if fingerprint in known:
            continue
        known.add(fingerprint)
        lat, lon = signal.center
        row = SurveillanceSignalRow(
            agency_id=agency_id,
            fingerprint=fingerprint,
            run_id=run_row.id,
            detector=signal.detector,
            definition=signal.definition,
            level=signal.level,
            start=signal.start,
            end=signal.end,
            observed=signal.observed,
            expected=signal.expected,
            p=signal.p,
            center_lat=lat,
            center_lon=lon,
            radius_km=signal.radius_km,
            status="open",
            detail={
                "areas": [asdict(a) for a in signal.areas],
                "parameters": signal.parameters,
                "result": signal.result,
                "recommendation": recommendation(signal),
                "cases": [
                    {"incident_id": c.incident_id, "at": c.at_iso, "criteria": list(c.criteria)}
                    for c in signal.cases
                ],
            },
        )
        uow.session.add(row)
        uow.session.flush()
        stored.append(row)
        uow.emit(agency_id, SignalRaised(row.id, row.detector, row.definition, row.level))
    run_row.signals = len(stored)
    audit.record(
        uow,
        actor,
        "surveillance_run",
        "agency",
        agency_id,
        {"cases": len(cases), "signals": len(stored)},
        agency_id=agency_id,
    )
    uow.commit()
    return stored


def run_due(
    uow: UnitOfWork, now: datetime, definitions: Sequence[CaseDefinition] | None = None
) -> int:
    """The daily schedule: run for every agency whose last run is a day old (or never)."""
    ran = 0
    for agency_id in list(uow.session.scalars(select(Agency.id))):
        last = uow.session.scalar(
            select(SurveillanceRunRow.at)
            .where(SurveillanceRunRow.agency_id == agency_id)
            .order_by(SurveillanceRunRow.at.desc())
            .limit(1)
        )
        if last is None or now - last >= RUN_EVERY:
            run(uow, agency_id, now, trigger="schedule", definitions=definitions)
            ran += 1
    return ran
