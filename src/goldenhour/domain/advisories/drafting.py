"""From a signal to CAP alerts: the public advisory, its crew twin, updates and cancels.

The officer writes the words (headline, description, instruction, optionally a Spanish
version and the short phone texts); the case definition gives the category, event and SAME
code to start from; the agency gives who sends, the poison centre's number, the county FIPS
codes and whether alerts go through IPAWS. The crews' alert is the same information with
scope Restricted (every crew of the agency) or Private (named units) and the crew
instruction ("carry extra naloxone, PPE").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from goldenhour.domain.advisories.cap import Alert, Area, Info, Pair, reference
from goldenhour.domain.advisories.ipaws import PROFILE_CODE
from goldenhour.domain.surveillance.case_definitions import AdvisoryHints


@dataclass(frozen=True)
class AgencyAlerting:
    sender: str  # e.g. "alerts@metro-ems.example"
    sender_name: str
    poison_center: str = "1-800-222-1222"  # America's Poison Centers, US
    county_fips: tuple[str, ...] = ()  # 5-digit state+county codes, e.g. "53033"
    ipaws: bool = False
    eas_org: str = "CIV"
    web: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class Place:
    description: str
    lat: float
    lon: float
    radius_km: float
    polygon: tuple[tuple[float, float], ...] = ()  # closed ring of (lat, lon)


@dataclass(frozen=True)
class Words:
    headline: str
    description: str
    instruction: str
    cmam_text: str | None = None  # the phone alert (IPAWS WEA), 90 GSM-7 characters
    cmam_long_text: str | None = None  # 360 GSM-7 characters


@dataclass(frozen=True)
class AdvisoryDraft:
    english: Words
    spanish: Words | None = None
    urgency: str = "Expected"
    severity: str = "Severe"
    certainty: str = "Likely"
    response_types: tuple[str, ...] = ("Avoid", "Monitor")
    hours_valid: int = 24
    crew_instruction: str | None = None


def _area(place: Place, agency: AgencyAlerting) -> Area:
    ring = " ".join(f"{lat:.4f},{lon:.4f}" for lat, lon in place.polygon)
    geocodes: list[Pair] = [("FIPS6", f"0{c}") for c in agency.county_fips]
    if agency.ipaws:
        geocodes += [("SAME", f"0{c}") for c in agency.county_fips]
    return Area(
        place.description,
        polygons=(ring,) if ring else (),
        circles=(f"{place.lat:.4f},{place.lon:.4f} {place.radius_km:.2f}",),
        geocodes=tuple(geocodes),
    )


def _info(
    language: str,
    words: Words,
    hints: AdvisoryHints,
    draft: AdvisoryDraft,
    agency: AgencyAlerting,
    place: Place,
    sent: datetime,
) -> Info:
    parameters: list[Pair] = []
    if agency.ipaws:
        parameters += [("EAS-ORG", agency.eas_org), ("WEAHandling", "Public Safety")]
        if words.cmam_text:
            parameters.append(("CMAMtext", words.cmam_text))
            if words.cmam_long_text:
                parameters.append(("CMAMlongtext", words.cmam_long_text))
        else:
            parameters.append(("BLOCKCHANNEL", "CMAS"))
    return Info(
        language=language,
        categories=hints.categories,
        event=hints.event,
        urgency=draft.urgency,
        severity=draft.severity,
        certainty=draft.certainty,
        response_types=draft.response_types,
        event_codes=(("SAME", hints.same_event),) if agency.ipaws else (),
        expires=sent + timedelta(hours=draft.hours_valid),
        sender_name=agency.sender_name,
        headline=words.headline,
        description=words.description,
        instruction=words.instruction.replace("{poison_center}", agency.poison_center),
        web=agency.web,
        contact=agency.contact,
        parameters=tuple(parameters),
        areas=(_area(place, agency),),
    )


def public_alert(
    identifier: str,
    sent: datetime,
    hints: AdvisoryHints,
    draft: AdvisoryDraft,
    agency: AgencyAlerting,
    place: Place,
    *,
    status: str = "Actual",
) -> Alert:
    """The public advisory: one ``info`` per language the officer wrote."""
    infos = [_info("en-US", draft.english, hints, draft, agency, place, sent)]
    if draft.spanish is not None:
        infos.append(_info("es-US", draft.spanish, hints, draft, agency, place, sent))
    return Alert(
        identifier=identifier,
        sender=agency.sender,
        sent=sent,
        status=status,
        msg_type="Alert",
        scope="Public",
        codes=(PROFILE_CODE,) if agency.ipaws else (),
        infos=tuple(infos),
    )


def crew_alert(
    public: Alert,
    identifier: str,
    instruction: str,
    *,
    units: tuple[str, ...] = (),
    restriction: str = "EMS crews of the sending agency",
) -> Alert:
    """The same alert for the crews: Restricted to every crew, or Private to named units.
    Not for IPAWS (which carries public alerts), so the IPAWS parameters are left out."""
    infos = tuple(
        replace(
            info,
            instruction=instruction,
            parameters=(),
            event_codes=(),
            areas=tuple(
                replace(a, geocodes=tuple(g for g in a.geocodes if g[0] != "SAME"))
                for a in info.areas
            ),
        )
        for info in public.infos
        if info.language.startswith("en")
    )
    return replace(
        public,
        identifier=identifier,
        scope="Private" if units else "Restricted",
        restriction=None if units else restriction,
        addresses=" ".join(units) if units else None,
        codes=(),
        references=(reference(public),),
        infos=infos,
    )


def follow_up(
    previous: Alert,
    identifier: str,
    sent: datetime,
    msg_type: str,
    infos: tuple[Info, ...] | None = None,
) -> Alert:
    """An Update (new information) or Cancel of ``previous``, naming it in ``references``."""
    return replace(
        previous,
        identifier=identifier,
        sent=sent,
        msg_type=msg_type,
        references=(*previous.references, reference(previous)),
        infos=previous.infos if infos is None else infos,
    )
