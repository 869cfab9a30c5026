"""Case definitions as data: which encounters are a suspected opioid overdose, a carbon
monoxide exposure, a poisoning, or whatever an agency adds (heat illness...).

A definition is a list of criteria, any one of which makes a case: the call's dispatch reason
(eDispatch.01), a symptom or impression code matching a pattern (eSituation.09-.12; a symptom
documented as a pertinent negative does not count), or a medication given with a response
(naloxone with "Improved"). Patterns always match the whole code: the published opioid
pattern ``^(F11.*)|(T40.0.*)|...|(T40.6.*)$`` anchors only its first and last alternatives,
so read with a search its middle ones would match anywhere in a code.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from goldenhour.domain.shared.citations import Source
from goldenhour.domain.shared.errors import InvalidInput

# CAP 1.2 <category> values (OASIS CAP v1.2, section 3.2.2).
CAP_CATEGORIES = frozenset(
    {"Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport"}
    | {"Infra", "CBRNE", "Other"}
)


@dataclass(frozen=True)
class AdvisoryHints:
    """What an advisory built from a signal of this definition starts with."""

    categories: tuple[str, ...]
    event: str
    same_event: str  # IPAWS SAME event code
    instruction: str  # may name {poison_center}, the agency's number


@dataclass(frozen=True)
class Encounter:
    """What surveillance may know of one patient encounter: no name, no address text.

    ``patient`` is an opaque key that is the same for one patient seen by several units."""

    patient: str
    incident_id: int | None
    at_iso: str  # the incident's time, ISO 8601 with offset
    lat: float | None
    lon: float | None
    dispatch_reason: str | None
    symptoms: tuple[str, ...] = ()  # eSituation.09/.10 documented without a pertinent negative
    impressions: tuple[str, ...] = ()  # eSituation.11/.12
    medications: tuple[tuple[str, str | None], ...] = ()  # (eMedications.03, eMedications.07)


@dataclass(frozen=True)
class CaseDefinition:
    id: str
    name: str
    sources: tuple[Source, ...]
    dispatch_reasons: frozenset[str]
    codes: re.Pattern[str] | None
    medications: frozenset[str]
    medication_responses: frozenset[str]
    advisory: AdvisoryHints

    def criteria_met(self, encounter: Encounter) -> tuple[str, ...]:
        """The criteria this encounter meets, by element; empty when it is not a case."""
        met: list[str] = []
        if encounter.dispatch_reason in self.dispatch_reasons:
            met.append(f"eDispatch.01 {encounter.dispatch_reason}")
        if self.codes is not None:
            pattern = self.codes
            met += [f"eSituation.09/.10 {c}" for c in encounter.symptoms if pattern.fullmatch(c)]
            met += [f"eSituation.11/.12 {c}" for c in encounter.impressions if pattern.fullmatch(c)]
        for code, response in encounter.medications:
            if code in self.medications and response in self.medication_responses:
                met.append(f"eMedications.03 {code} with eMedications.07 {response}")
        return tuple(dict.fromkeys(met))


@dataclass(frozen=True)
class Case:
    """One patient counted once for one definition, at the incident's time and place."""

    definition: str
    patient: str
    incident_id: int | None
    at_iso: str
    lat: float
    lon: float
    criteria: tuple[str, ...]


def find_cases(
    definitions: Sequence[CaseDefinition], encounters: Sequence[Encounter]
) -> list[Case]:
    """Every case, once per patient and definition (the first encounter's time and place;
    criteria met by any of the patient's encounters). Encounters without a place cannot be
    mapped or scanned and are left out."""
    found: dict[tuple[str, str], Case] = {}
    for encounter in sorted(encounters, key=lambda e: e.at_iso):
        if encounter.lat is None or encounter.lon is None:
            continue
        for definition in definitions:
            met = definition.criteria_met(encounter)
            if not met:
                continue
            key = (definition.id, encounter.patient)
            earlier = found.get(key)
            if earlier is None:
                found[key] = Case(
                    definition.id,
                    encounter.patient,
                    encounter.incident_id,
                    encounter.at_iso,
                    encounter.lat,
                    encounter.lon,
                    met,
                )
            else:
                merged = tuple(dict.fromkeys((*earlier.criteria, *met)))
                found[key] = Case(**{**earlier.__dict__, "criteria": merged})
    return list(found.values())


def parse_case_definitions(
    default_text: str, agency_text: str | None = None
) -> list[CaseDefinition]:
    """The shipped definitions, with an agency's added (or same-id replaced) ones after them."""
    docs = [_toml(default_text, "case_definitions")]
    if agency_text is not None:
        docs.append(_toml(agency_text, "agency case definitions"))
    sources: dict[str, Source] = {}
    raw: dict[str, Mapping[str, Any]] = {}
    for doc in docs:
        for sid, s in doc.get("sources", {}).items():
            sources[sid] = Source(sid, str(s.get("title", "")), str(s.get("url", "")))
        for n, d in enumerate(doc.get("definition", [])):
            if "id" not in d:
                raise InvalidInput.for_field(f"definition[{n}].id", "is required")
            raw[str(d["id"])] = d
    return [_definition(d, sources) for d in raw.values()]


def _toml(text: str, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput.for_field(name, f"is not valid TOML: {exc}") from None


def _definition(d: Mapping[str, Any], sources: Mapping[str, Source]) -> CaseDefinition:
    did = str(d["id"])
    where = f"definition {did}"
    cited = [str(s) for s in d.get("sources", [])]
    if not cited:
        raise InvalidInput.for_field(f"{where}.sources", "a definition must cite its source")
    unknown = [s for s in cited if s not in sources]
    if unknown:
        raise InvalidInput.for_field(f"{where}.sources", f"unknown source(s) {unknown}")
    pattern = d.get("codes")
    try:
        codes = re.compile(str(pattern)) if pattern else None
    except re.error as exc:
        raise InvalidInput.for_field(
            f"{where}.codes", f"is not a regular expression: {exc}"
        ) from None
    if not (d.get("dispatch_reasons") or codes or d.get("medications")):
        raise InvalidInput.for_field(where, "needs dispatch_reasons, codes or medications")
    if d.get("medications") and not d.get("medication_responses"):
        raise InvalidInput.for_field(f"{where}.medication_responses", "required with medications")
    hints = d.get("advisory", {})
    categories = tuple(str(c) for c in hints.get("categories", ["Health"]))
    bad = [c for c in categories if c not in CAP_CATEGORIES]
    if bad:
        raise InvalidInput.for_field(f"{where}.advisory.categories", f"not CAP categories: {bad}")
    return CaseDefinition(
        id=did,
        name=str(d.get("name", did)),
        sources=tuple(sources[s] for s in cited),
        dispatch_reasons=frozenset(str(c) for c in d.get("dispatch_reasons", [])),
        codes=codes,
        medications=frozenset(str(c) for c in d.get("medications", [])),
        medication_responses=frozenset(str(c) for c in d.get("medication_responses", [])),
        advisory=AdvisoryHints(
            categories=categories,
            event=str(hints.get("event", d.get("name", did))),
            same_event=str(hints.get("same_event", "CEM")),
            instruction=str(hints.get("instruction", "")),
        ),
    )
