"""Taking a call as it really arrives: whatever the call-taker or the CAD sends is stored.

Only malformed input (a field of the wrong type, a time without a zone) is refused, by the
API before anything is stored. Everything else becomes a flag on the stored call
(``domain.dispatch.intake``): a call without coordinates is located from its address or
left "location unverified"; a point off the roads is kept and routed from the nearest road;
a call without a known reason is taken as Unknown Problem for triage; a CAD call type is read
through the agency's table; a PSAP clock running ahead is noted; a call near an open one is
marked "possible duplicate of #N", never merged.

Only the storing holds the database's write lock (on SQLite, one writer at a time): what the
call is, where, and who is recommended for it (triage, the agency's call types, the geocoder,
the roads, every unit ranked by road time) is worked out on a snapshot first, so call-takers
taking calls at once wait for each other only for the milliseconds a call takes to store. The
answer is built before the commit, so a stored call is never answered with an error that says
nothing was saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError

from goldenhour.domain.accounts.roles import Actor
from goldenhour.domain.dispatch.assignment import LIVE, PENDING
from goldenhour.domain.dispatch.call_types import CallType, apply_call_type, raise_level
from goldenhour.domain.dispatch.codes import TimeElement, type_of_service_code
from goldenhour.domain.dispatch.events import IncidentCreated
from goldenhour.domain.dispatch.intake import (
    DUPLICATE_WITHIN,
    UNKNOWN_PROBLEM,
    CallFlag,
    Flag,
    OpenCall,
    duplicate_area,
    possible_duplicate,
    psap_time,
)
from goldenhour.domain.dispatch.records import Incident, IncidentTime
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.triage.decision import TriageResult, triage
from goldenhour.domain.units.levels_of_care import parse_care_level
from goldenhour.services.dispatch import request_keys
from goldenhour.services.dispatch.call_types import find_call_type
from goldenhour.services.dispatch.incidents import (
    EMERGENCY_RESPONSE,
    announce,
    get_incident,
    stamp_each,
    summary,
    triage_columns,
    triaged,
)
from goldenhour.services.dispatch.recommendations import IncidentRecommendation, for_incident
from goldenhour.services.dispatch.setup import DispatchSetup
from goldenhour.services.unit_of_work import UnitOfWork

FOUND_AT = 0.5  # a geocoded candidate at least this sure places the call


@dataclass(frozen=True)
class Call:
    """What the call-taker (or the CAD) sends; every part but the call itself is optional."""

    lon: float | None = None
    lat: float | None = None
    dispatch_reason: str | None = None
    answers: Mapping[str, object] = field(default_factory=dict)
    type_of_service: str | None = None
    address: str | None = None
    landmark: str | None = None
    callback: str | None = None
    complaint: str | None = None
    received_at: datetime | None = None
    call_type: str | None = None  # the CAD's own call type, read through the agency's table
    external_id: str | None = None  # the CAD's incident number
    level: str | None = None  # the call-taker raises the level of care...
    level_reason: str | None = None  # ...saying why


@dataclass(frozen=True)
class Retry:
    """An ``Idempotency-Key`` with its route and the request's fingerprint."""

    route: str
    key: str
    fingerprint: str


@dataclass(frozen=True)
class Taken:
    """The stored call. ``first`` is False for a retry (the same ``Idempotency-Key``, or the
    same CAD incident number): the call stored the first time, nothing stored again.

    ``times`` are the call's times as stored (in UTC, as the store hands them back), known
    only for a call stored now (no unit is on it yet); a retry's are read again."""

    incident: Incident
    first: bool = True
    times: tuple[IncidentTime, ...] = ()


def take_call(
    uow: UnitOfWork, actor: Actor, setup: DispatchSetup, call: Call, retry: Retry | None = None
) -> Taken:
    """Store the call with its flags and recommendation, commit; a retry gets the call stored
    the first time, never a second incident."""
    with uow.reading():
        earlier = _earlier(uow, actor.agency_id, call, retry)
        if earlier is not None:
            return earlier
        understood = _understood(uow, actor, setup, call)
    try:
        return _store(uow, actor, understood, retry)
    except IntegrityError:  # the same request twice at once: the other copy was stored
        uow.rollback()
        earlier = _earlier(uow, actor.agency_id, call, retry)
        if earlier is None:
            raise
        return earlier


def _earlier(uow: UnitOfWork, agency_id: int, call: Call, retry: Retry | None) -> Taken | None:
    incident_id: int | None = None
    if retry is not None:
        found = request_keys.earlier_answer(
            uow, agency_id, retry.route, retry.key, retry.fingerprint
        )
        incident_id = int(found[1]["incident_id"]) if found else None
    if incident_id is not None:
        return Taken(get_incident(uow, agency_id, incident_id), first=False)
    if call.external_id:
        same = uow.dispatch.incidents.by_external_id(agency_id, call.external_id)
        return None if same is None else Taken(same, first=False)
    return None


@dataclass(frozen=True)
class _Understood:
    """The call as it will be stored (its flags but the duplicate check's), and who is
    recommended for it: all that the call's content and the units decide, read on a snapshot
    before anything is stored."""

    incident: Incident
    recommended: IncidentRecommendation
    now: datetime


def _understood(uow: UnitOfWork, actor: Actor, setup: DispatchSetup, call: Call) -> _Understood:
    now = uow.clock.now()
    if call.received_at is not None and call.received_at.tzinfo is None:
        raise InvalidInput.for_field(
            "received_at", "a time without a time zone: add Z or an offset such as -08:00"
        )
    if call.level is not None and not (call.level_reason or "").strip():
        raise InvalidInput.for_field("level_reason", "say why the level of care is raised")
    flags: list[Flag] = []
    received, ahead = psap_time(call.received_at, now, setup.clock_skew_s)
    flags += [ahead] if ahead else []
    result, mapped, service = _triaged_call(uow, actor, setup, call, flags)
    if call.level is not None:
        level = parse_care_level(call.level, "level")
        raised = raise_level(result, level)
        if raised is not result:
            result = raised
            flags.append(
                Flag(CallFlag.LEVEL_RAISED, f"raised to {level.name}: {call.level_reason}")
            )
    lon, lat, source = _located(setup, call, flags)
    incident = Incident(
        agency_id=actor.agency_id,
        lon=lon,
        lat=lat,
        location_source=source,
        address=call.address,
        landmark=call.landmark,
        callback=call.callback,
        type_of_service=service,
        dispatch_reason=result.dispatch_reason,
        complaint=call.complaint,
        status=PENDING,
        received_at=received,
        created_by=actor.user_id,
        cad_call_type=call.call_type or (mapped.call_type if mapped else None),
        external_id=call.external_id,
        level_raised_reason=call.level_reason if call.level is not None else None,
        flags=[f.as_dict() for f in flags],
        **triage_columns(result),
    )
    return _Understood(incident, for_incident(uow, setup, incident, now), now)


def _store(uow: UnitOfWork, actor: Actor, known: _Understood, retry: Retry | None) -> Taken:
    """The write transaction: the duplicate check (against the calls stored up to this
    moment), the call, its times, audit entry, events and recommendation, the retry key."""
    incident = replace(known.incident, flags=list(known.incident.flags))
    duplicate = possible_duplicate(
        incident.lon, incident.lat, incident.received_at, _open_calls(uow, incident)
    )
    if duplicate:
        incident.flags.append(duplicate[0].as_dict())
        incident.duplicate_of = duplicate[1]
    uow.dispatch.incidents.add(incident)
    times = stamp_each(
        uow,
        incident,
        None,
        ((TimeElement.PSAP_CALL, incident.received_at), (TimeElement.DISPATCH_NOTIFIED, known.now)),
    )
    uow.audit(actor, "create", "incident", incident.id, summary(incident))
    uow.emit(
        actor.agency_id,
        IncidentCreated(
            incident.id,
            incident.dispatch_reason,
            incident.priority,
            incident.level,
            incident.lon,
            incident.lat,
            incident.address,
        ),
    )
    uow.emit(actor.agency_id, triaged(incident, None, None))
    announce(uow, incident, known.recommended)
    if retry is not None:
        request_keys.remember(
            uow, actor.agency_id, retry.route, retry.key, retry.fingerprint, 201,
            {"incident_id": incident.id},
        )  # fmt: skip
    uow.commit()
    return Taken(incident, times=tuple(replace(t, at=t.at.astimezone(UTC)) for t in times))


def _triaged_call(
    uow: UnitOfWork, actor: Actor, setup: DispatchSetup, call: Call, flags: list[Flag]
) -> tuple[TriageResult, CallType | None, str]:
    """Triage on what is known: the reason (a NEMSIS reason or the agency's call type), else
    Unknown Problem; answers that cannot be used are set aside, not a reason to refuse."""
    mapped = find_call_type(uow, actor.agency_id, call.call_type) if call.call_type else None
    if call.call_type and mapped is None:
        flags.append(Flag(CallFlag.CALL_TYPE_UNMAPPED, f"{call.call_type!r} is not in the table"))
    reason = call.dispatch_reason
    if reason and mapped is None:
        try:
            triage(setup.protocol, reason, {})
        except InvalidInput:
            mapped = find_call_type(uow, actor.agency_id, reason)
            reason = None if mapped is None else mapped.dispatch_reason
            if mapped is None:
                flags.append(
                    Flag(
                        CallFlag.REASON_UNKNOWN,
                        f"{call.dispatch_reason!r} is neither a NEMSIS dispatch reason nor one "
                        "of the agency's call types: taken as Unknown Problem, triage it",
                    )
                )
    elif not reason and mapped is not None:
        reason = mapped.dispatch_reason
    elif not reason:
        flags.append(
            Flag(CallFlag.REASON_UNKNOWN, "no reason yet: taken as Unknown Problem, triage it")
        )
    reason = reason or UNKNOWN_PROBLEM
    try:
        result = triage(setup.protocol, reason, call.answers)
    except InvalidInput as exc:
        result = triage(setup.protocol, reason, {})
        flags.append(Flag(CallFlag.ANSWERS_SET_ASIDE, exc.detail))
    if mapped is not None:
        result = apply_call_type(result, mapped, setup.protocol)
    wanted = call.type_of_service or (mapped.type_of_service if mapped else EMERGENCY_RESPONSE)
    try:
        service = type_of_service_code(wanted)
    except InvalidInput:
        service = EMERGENCY_RESPONSE
        flags.append(
            Flag(CallFlag.TYPE_OF_SERVICE_UNKNOWN, f"{wanted!r}: taken as Emergency Response")
        )
    return result, mapped, service


def _located(
    setup: DispatchSetup, call: Call, flags: list[Flag]
) -> tuple[float | None, float | None, str | None]:
    """The call's point (kept as given, or found from the address) and where it came from."""
    if call.lon is not None and call.lat is not None:
        lon, lat, source = call.lon, call.lat, "given"
    else:
        found = setup.addresses.find(call.address, 1) if setup.addresses and call.address else []
        if not found or found[0].confidence < FOUND_AT:
            what = f"{call.address!r} was not found on the map" if call.address else "no address"
            flags.append(
                Flag(CallFlag.LOCATION_UNVERIFIED, f"no coordinates and {what}: locate the call")
            )
            return None, None, None
        best = found[0]
        lon, lat, source = best.lon, best.lat, "address"
        rough = ", approximate" if best.approximate else ""
        flags.append(
            Flag(
                CallFlag.LOCATION_FROM_ADDRESS,
                f"from the address: {best.label} ({best.kind}, confidence {best.confidence:.2f}"
                f"{rough})",
            )
        )
    access = setup.road_access(lon, lat)
    if access.route_from is None:
        flags.append(Flag(CallFlag.NO_ROAD_ETA, f"({lon}, {lat}) is {access.why}: no road ETA"))
    elif access.off_road_m > 0:
        flags.append(
            Flag(CallFlag.OFF_ROAD, f"{access.why}: kept as given, routed from the road there")
        )
    return lon, lat, source


def _open_calls(uow: UnitOfWork, incident: Incident) -> list[OpenCall]:
    if incident.lon is None or incident.lat is None:
        return []
    return uow.dispatch.incidents.received_between(
        incident.agency_id,
        incident.received_at - DUPLICATE_WITHIN,
        incident.received_at + DUPLICATE_WITHIN + timedelta(seconds=1),
        sorted(LIVE),
        duplicate_area(incident.lon, incident.lat),
    )
