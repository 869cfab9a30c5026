"""Facilities from real hospital lists (HIFLD, CMS) and for the demo region.

* :func:`read_hifld`: the HIFLD "Hospitals" layer (``hifld_us_hospital_locations_2020.csv``),
  filtered to a bounding box. It gives location, type, open/closed, trauma designations and
  helipads; missing values are written ``NOT AVAILABLE`` or ``-999``. Rows that cannot become
  a facility (no id, name or usable coordinates, a repeated id) are skipped and reported by
  line; values that parse but mean nothing to us (a "TRH" trauma code, "LEVEL V") are kept
  out of the capabilities and reported as notes, so nothing is dropped silently.
* :func:`read_cms` + :func:`apply_cms_emergency_services`: HIFLD has no emergency department
  flag; CMS Hospital General Information does ("Emergency Services"). A facility is matched
  on name + city + state, or else on the nearest CMS hospital in the same state within
  ``max_distance_m``; the report lists what matched how, what changed and what did not match.
* :func:`demo_facilities`: the demo region's generated hospitals with varied, deterministic
  capabilities, so every destination rule has somewhere to go.

Everything is read with the stdlib ``csv`` module; see ``SOURCES.md`` section 6.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from goldenhour.adapters.routing.region import Place
from goldenhour.domain.destination.facilities import (
    Capabilities,
    Facility,
    FacilityKind,
    TraumaLevel,
    parse_capabilities,
)
from goldenhour.domain.destination.facility_status import Service, ServiceState, ServiceStatus
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.shared.names import name_key

BBox = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
MISSING = frozenset({"", "NOT AVAILABLE", "-999", "N/A"})
HIFLD_COLUMNS = ("ID", "NAME", "CITY", "STATE", "TYPE", "STATUS", "LATITUDE", "LONGITUDE")
_HOSPITAL_TYPES = {"GENERAL ACUTE CARE", "CRITICAL ACCESS", "CHILDREN", "WOMEN", "MILITARY"}
# Types that run an emergency department, until CMS says otherwise.
_ED_TYPES = {"GENERAL ACUTE CARE", "CRITICAL ACCESS", "CHILDREN"}
_TRAUMA_TOKEN = re.compile(r"LEVEL (I|II|III|IV|V)( PEDIATRIC)?( REHAB)?")
_CMS_POINT = re.compile(r"\(\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\)\s*$")


@dataclass(frozen=True)
class RowNote:
    line: int  # line in the file, header = 1
    name: str
    text: str


@dataclass(frozen=True)
class ImportReport:
    source: str
    rows: int
    outside_bbox: int
    imported: int
    skipped: tuple[RowNote, ...]
    notes: tuple[RowNote, ...]


def _value(row: dict[str, str], column: str) -> str | None:
    text = (row.get(column) or "").strip()
    return None if text.upper() in MISSING else text


def _rows(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with Path(path).open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            absent = [c for c in required if c not in (reader.fieldnames or [])]
            if absent:
                raise InvalidInput.for_field(str(path), f"missing columns {', '.join(absent)}")
            for row in reader:
                yield reader.line_num, row
    except OSError as exc:
        raise InvalidInput.for_field(str(path), f"cannot read: {exc.strerror}") from None


def parse_trauma(text: str | None) -> tuple[TraumaLevel | None, TraumaLevel | None, list[str]]:
    """HIFLD TRAUMA -> (adult level, pediatric level, what was not understood).

    ``"LEVEL I, LEVEL I PEDIATRIC, LEVEL I REHAB"`` is adult I + pediatric I (rehabilitation
    designations are not trauma care). State codes (TRH, TRF, ...), "LEVEL V" and a pediatric
    designation without a level are reported, not guessed.
    """
    adult: TraumaLevel | None = None
    child: TraumaLevel | None = None
    unknown = []
    for token in (t.strip() for t in (text or "").split(",")):
        match = _TRAUMA_TOKEN.fullmatch(token)
        if not token or (match and match.group(3)):
            continue
        if not match or match.group(1) == "V":
            unknown.append(token)
            continue
        level = TraumaLevel[match.group(1)]
        if match.group(2):
            child = level if child is None else min(child, level)
        else:
            adult = level if adult is None else min(adult, level)
    return adult, child, unknown


def _coordinate(row: dict[str, str], column: str, low: float, high: float) -> float:
    text = _value(row, column)
    if text is None:
        raise ValueError(f"{column} missing")
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a number") from None
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{column} {value} out of range")
    return value


def read_hifld(path: Path, bbox: BBox) -> tuple[list[Facility], ImportReport]:
    """Facilities of the HIFLD file inside ``bbox``, and the report of what was skipped."""
    min_lon, min_lat, max_lon, max_lat = bbox
    if not (min_lon < max_lon and min_lat < max_lat):
        raise InvalidInput.for_field("bbox", "expected min lon, min lat, max lon, max lat")
    facilities: list[Facility] = []
    skipped: list[RowNote] = []
    notes: list[RowNote] = []
    seen: set[str] = set()
    rows = outside = 0
    for line, row in _rows(path, HIFLD_COLUMNS):
        rows += 1
        name = _value(row, "NAME") or ""
        try:
            lon = _coordinate(row, "LONGITUDE", -180.0, 180.0)
            lat = _coordinate(row, "LATITUDE", -90.0, 90.0)
        except ValueError as exc:
            skipped.append(RowNote(line, name, str(exc)))
            continue
        if not (min_lon <= lon <= max_lon and min_lat <= lat <= max_lat):
            outside += 1
            continue
        source_id = _value(row, "ID")
        problem = _identity_problem(source_id, name, seen)
        if problem or source_id is None:
            skipped.append(RowNote(line, name, problem or "ID missing"))
            continue
        seen.add(source_id)
        facility, row_notes = _hifld_facility(row, f"hifld-{source_id}", name, lon, lat)
        notes.extend(RowNote(line, name, n) for n in row_notes)
        facilities.append(facility)
    report = ImportReport("HIFLD", rows, outside, len(facilities), tuple(skipped), tuple(notes))
    return facilities, report


def _identity_problem(source_id: str | None, name: str, seen: set[str]) -> str | None:
    if source_id is None:
        return "ID missing"
    if not name:
        return "NAME missing"
    if source_id in seen:
        return f"ID {source_id} repeated"
    return None


def _hifld_facility(
    row: dict[str, str], facility_id: str, name: str, lon: float, lat: float
) -> tuple[Facility, list[str]]:
    kind_text = (_value(row, "TYPE") or "").upper()
    adult, child, unknown = parse_trauma(_value(row, "TRAUMA"))
    notes = [f"TRAUMA {t!r} not understood: left out" for t in unknown]
    if not kind_text:
        notes.append("TYPE missing: taken as other, no emergency department")
    capabilities = Capabilities(
        emergency_department=kind_text in _ED_TYPES or adult is not None or child is not None,
        trauma_adult=adult,
        trauma_pediatric=child,
        pediatric_emergency=kind_text == "CHILDREN",
        obstetrics=kind_text == "WOMEN",
        psychiatric=kind_text == "PSYCHIATRIC",
        helipad=(_value(row, "HELIPAD") or "").upper() == "Y",
    )
    status_text = (_value(row, "STATUS") or "").upper()
    statuses = {}
    if status_text == "CLOSED":
        statuses[Service.FACILITY] = ServiceStatus(ServiceState.CLOSED, "closed (HIFLD STATUS)")
    elif status_text != "OPEN":
        notes.append(f"STATUS {status_text or 'missing'}: taken as open")
    facility = Facility(
        id=facility_id,
        name=name,
        lon=lon,
        lat=lat,
        kind=FacilityKind.HOSPITAL if kind_text in _HOSPITAL_TYPES else FacilityKind.OTHER,
        capabilities=capabilities,
        statuses=statuses,
        city=_value(row, "CITY") or "",
        state=_value(row, "STATE") or "",
    )
    return facility, notes


@dataclass(frozen=True)
class CmsHospital:
    ccn: str
    name: str
    city: str
    state: str
    emergency_services: bool | None
    lon: float | None
    lat: float | None


CMS_COLUMNS = ("Facility ID", "Facility Name", "City", "State", "Emergency Services", "Location")
_FLAG = {"TRUE": True, "YES": True, "FALSE": False, "NO": False}


def read_cms(path: Path) -> tuple[list[CmsHospital], ImportReport]:
    """CMS Hospital General Information rows: name, place, emergency services flag, point."""
    hospitals: list[CmsHospital] = []
    skipped: list[RowNote] = []
    notes: list[RowNote] = []
    rows = 0
    for line, row in _rows(path, CMS_COLUMNS):
        rows += 1
        name, ccn = _value(row, "Facility Name") or "", _value(row, "Facility ID")
        if not name or ccn is None:
            skipped.append(RowNote(line, name, "Facility Name or Facility ID missing"))
            continue
        flag = _FLAG.get((_value(row, "Emergency Services") or "").upper())
        if flag is None:
            notes.append(RowNote(line, name, "Emergency Services missing"))
        point = _CMS_POINT.search(row.get("Location") or "")
        lat, lon = (float(point.group(1)), float(point.group(2))) if point else (None, None)
        city, state = _value(row, "City") or "", _value(row, "State") or ""
        hospitals.append(CmsHospital(ccn, name, city.upper(), state.upper(), flag, lon, lat))
    return hospitals, ImportReport("CMS", rows, 0, len(hospitals), tuple(skipped), tuple(notes))


@dataclass(frozen=True)
class CmsJoinReport:
    by_name: int
    by_location: int
    unmatched: tuple[str, ...]  # facility names
    changed: tuple[str, ...]  # "NAME: emergency department yes -> no"


def _metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_008.8 * math.asin(math.sqrt(a))


def apply_cms_emergency_services(
    facilities: Iterable[Facility], cms: Iterable[CmsHospital], max_distance_m: float = 300.0
) -> tuple[list[Facility], CmsJoinReport]:
    """Set each facility's emergency department flag from its CMS row, where one matches.

    A trauma center keeps its emergency department even if CMS says otherwise: a verified
    trauma center receives ambulances by definition; the conflict is reported.
    """
    by_key: dict[tuple[str, str, str], CmsHospital] = {}
    by_state: dict[str, list[CmsHospital]] = {}
    for h in cms:
        by_key.setdefault((name_key(h.name), h.city, h.state), h)
        if h.lon is not None:
            by_state.setdefault(h.state, []).append(h)
    out: list[Facility] = []
    named = located = 0
    unmatched: list[str] = []
    changed: list[str] = []
    for f in facilities:
        match = by_key.get((name_key(f.name), f.city.upper(), f.state.upper()))
        if match is not None:
            named += 1
        else:
            match = _nearest(f, by_state.get(f.state.upper(), []), max_distance_m)
            located += match is not None
        if match is None or match.emergency_services is None:
            unmatched += [] if match else [f.name]
            out.append(f)
            continue
        has_ed = match.emergency_services
        caps = f.capabilities
        trauma = caps.trauma_adult is not None or caps.trauma_pediatric is not None
        if trauma and not has_ed:
            changed.append(f"{f.name}: CMS lists no emergency services; kept (trauma center)")
        elif has_ed != caps.emergency_department:
            yes_no = {True: "yes", False: "no"}
            changed.append(
                f"{f.name}: emergency department {yes_no[caps.emergency_department]}"
                f" -> {yes_no[has_ed]} (CMS {match.ccn})"
            )
            caps = replace(caps, emergency_department=has_ed)
        out.append(replace(f, capabilities=caps))
    return out, CmsJoinReport(named, located, tuple(unmatched), tuple(changed))


# Words too common in hospital names to show that two names mean the same place.
_GENERIC_WORDS = frozenset(
    [
        "THE",
        "OF",
        "AND",
        "FOR",
        "AT",
        "HOSPITAL",
        "HOSPITALS",
        "MEDICAL",
        "MEDICINE",
        "CENTER",
        "CENTRE",
        "CTR",
        "HEALTH",
        "HEALTHCARE",
        "CARE",
        "SYSTEM",
        "REGIONAL",
        "COMMUNITY",
        "GENERAL",
        "MEMORIAL",
        "CAMPUS",
        "INC",
        "LLC",
    ]
)


def _words(name: str) -> set[str]:
    return set(re.findall(r"[A-Z0-9]+", name.upper())) - _GENERIC_WORDS


def _nearest(f: Facility, pool: Sequence[CmsHospital], limit_m: float) -> CmsHospital | None:
    """The nearest CMS hospital within ``limit_m`` whose distinctive name words mostly agree
    (Jaccard >= 0.5): two hospitals on one campus (an acute hospital and a long-term care one
    inside it) must not match."""
    best: tuple[float, CmsHospital] | None = None
    words = _words(f.name)
    for h in pool:
        assert h.lon is not None and h.lat is not None
        d = _metres(f.lon, f.lat, h.lon, h.lat)
        other = _words(h.name)
        alike = len(words & other) >= 0.5 * len(words | other) > 0
        if d <= limit_m and alike and (best is None or d < best[0]):
            best = (d, h)
    return best[1] if best else None


# Demo hospitals by the demo region's names; further hospitals cycle through the same list.
_DEMO_PROFILES = (
    ("ed", "trauma_adult_I", "trauma_pediatric_II", "stroke_comprehensive", "stemi_pci",
     "burn_center", "obstetrics", "pediatric_emergency", "helipad"),
    ("ed", "trauma_adult_II", "stroke_thrombectomy_capable", "stemi_pci", "obstetrics",
     "helipad"),
    ("ed", "trauma_adult_III", "stroke_primary", "stemi_pci", "obstetrics"),
    ("ed", "trauma_adult_IV", "stroke_acute_ready", "hyperbaric_oxygen", "helipad"),
    ("ed", "trauma_adult_I", "stroke_comprehensive", "stemi_pci", "burn_center", "psychiatric",
     "hyperbaric_oxygen", "obstetrics", "pediatric_critical_care", "helipad"),
    ("ed", "psychiatric", "stroke_primary"),
    ("ed",),
    ("ed", "trauma_pediatric_I", "pediatric_emergency", "pediatric_critical_care",
     "burn_center", "helipad"),
    ("ed", "trauma_adult_III", "stroke_primary", "stemi_pci", "obstetrics"),
    ("ed", "stroke_acute_ready", "obstetrics"),
)  # fmt: skip


def demo_facilities(places: Iterable[Place]) -> list[Facility]:
    """Facilities for the demo region's hospital places (``Region.hospitals``), in order:
    County General is a Level I center, Northside Community an ED only, and so on."""
    return [
        Facility(
            id=p.id,
            name=p.name,
            lon=p.lon,
            lat=p.lat,
            capabilities=parse_capabilities(_DEMO_PROFILES[k % len(_DEMO_PROFILES)]),
        )
        for k, p in enumerate(places)
    ]
