"""CAP 1.2 advisories (OASIS CAP v1.2; IPAWS profile v1.0): every alert GoldenHour writes
validates against the official ``cap12.xsd`` and reads back unchanged; the IPAWS rules are
checked when the agency sends through IPAWS; the Atom feed validates against RFC 4287's
RELAX NG schema; the shared CAP examples, XXE fixtures included, are read safely."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldenhour.adapters.cap.atom import FeedEntry, feed_xml
from goldenhour.adapters.cap.xml import read_alert, to_xml, validate
from goldenhour.adapters.nemsis.xml_safety import parse_xml
from goldenhour.adapters.surveillance.definitions_file import default_definitions
from goldenhour.domain.advisories.cap import check_alert, reference
from goldenhour.domain.advisories.drafting import (
    AdvisoryDraft,
    AgencyAlerting,
    Place,
    Words,
    crew_alert,
    follow_up,
    public_alert,
)
from goldenhour.domain.advisories.ipaws import gsm7_length, ipaws_problems
from goldenhour.domain.shared.errors import InvalidInput
from tests_cap_support import atom_schema, cap_dir

pytestmark = pytest.mark.refdata

SENT = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
HINTS = {d.id: d.advisory for d in default_definitions()}
PLACE = Place(
    "Zone 3, around Pine St and 4th Ave",
    47.61,
    -122.33,
    1.8,
    ((47.60, -122.34), (47.62, -122.34), (47.62, -122.32), (47.60, -122.32), (47.60, -122.34)),
)
ENGLISH = Words(
    "Suspected fentanyl overdoses in Zone 3",
    "Six people were treated for suspected opioid overdoses near Pine St since yesterday.",
    "Do not use alone. Carry naloxone. Poison Help: {poison_center}.",
    cmam_text="Overdose spike in Zone 3. Do not use alone; carry naloxone. Call 911.",
    cmam_long_text="Several suspected fentanyl overdoses near Pine St and 4th Ave since yesterday."
    " Do not use alone, carry naloxone, call 911 if someone cannot be woken.",
)
SPANISH = Words(
    "Posibles sobredosis de fentanilo en la Zona 3",
    "Seis personas fueron atendidas por posibles sobredosis cerca de Pine St.",
    "No consuma solo. Lleve naloxona. Ayuda por envenenamiento: {poison_center}.",
    cmam_text="Sobredosis en la Zona 3. No consuma solo; lleve naloxona. Llame al 911.",
)
IPAWS = AgencyAlerting(
    "alerts@metro-ems.example",
    "Metro County EMS",
    county_fips=("53033",),
    ipaws=True,
    web="https://metro-ems.example/advisories",
)
PLAIN = AgencyAlerting("alerts@metro-ems.example", "Metro County EMS", county_fips=("53033",))


def roundtrip(alert_bytes: bytes) -> None:
    problems = validate(alert_bytes)
    assert problems == [], problems


def test_a_bilingual_ipaws_overdose_advisory_validates_and_passes_the_ipaws_rules() -> None:
    draft = AdvisoryDraft(ENGLISH, SPANISH)
    alert = public_alert("GH-1", SENT, HINTS["opioid_overdose"], draft, IPAWS, PLACE)
    xml = to_xml(alert)
    roundtrip(xml)
    assert check_alert(alert) == [] and ipaws_problems(alert) == []
    assert read_alert(xml) == alert
    en, es = alert.infos
    assert (en.language, es.language) == ("en-US", "es-US")
    assert "1-800-222-1222" in (en.instruction or "") and "1-800-222-1222" in (es.instruction or "")
    assert ("SAME", "LAE") in en.event_codes and ("SAME", "053033") in en.areas[0].geocodes
    assert ("FIPS6", "053033") in en.areas[0].geocodes and en.areas[0].circles


def test_carbon_monoxide_advisories_are_health_and_cbrne() -> None:
    alert = public_alert(
        "GH-2", SENT, HINTS["carbon_monoxide"], AdvisoryDraft(ENGLISH), PLAIN, PLACE
    )
    assert alert.infos[0].categories == ("Health", "CBRNE")
    roundtrip(to_xml(alert))


def test_update_and_cancel_reference_the_alert_they_follow_and_validate() -> None:
    first = public_alert(
        "GH-3", SENT, HINTS["opioid_overdose"], AdvisoryDraft(ENGLISH), PLAIN, PLACE
    )
    update = follow_up(first, "GH-4", SENT + timedelta(hours=2), "Update")
    cancel = follow_up(update, "GH-5", SENT + timedelta(hours=5), "Cancel")
    assert update.references == (reference(first),)
    assert cancel.references == (reference(first), reference(update))
    assert reference(first) == "alerts@metro-ems.example,GH-3,2026-12-03T09:30:00-00:00"
    for alert in (update, cancel):
        assert check_alert(alert) == []
        roundtrip(to_xml(alert))
        assert read_alert(to_xml(alert)).references == alert.references


def test_crew_advisories_are_restricted_or_private_to_named_units() -> None:
    public = public_alert(
        "GH-6", SENT, HINTS["opioid_overdose"], AdvisoryDraft(ENGLISH, SPANISH), IPAWS, PLACE
    )
    crews = crew_alert(public, "GH-6-crew", "Carry extra naloxone; PPE for fentanyl.")
    units = crew_alert(public, "GH-6-m1", "Carry extra naloxone.", units=("M1", "M7"))
    assert (crews.scope, crews.restriction) == ("Restricted", "EMS crews of the sending agency")
    assert (units.scope, units.addresses) == ("Private", "M1 M7")
    for alert in (crews, units):
        assert check_alert(alert) == [] and alert.references == (reference(public),)
        roundtrip(to_xml(alert))
        assert alert.infos[0].instruction == crews.infos[0].instruction or alert is units
    assert ipaws_problems(crews)  # IPAWS carries public alerts only


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
        min_size=1,
        max_size=200,
    ).filter(lambda s: s.strip() != ""),
    definition=st.sampled_from(sorted(HINTS)),
    ipaws=st.booleans(),
    spanish=st.booleans(),
    hours=st.integers(1, 72),
)
def test_every_advisory_goldenhour_writes_validates_against_cap12_xsd(
    text: str, definition: str, ipaws: bool, spanish: bool, hours: int
) -> None:
    """Whatever the officer types (markup, ampersands, any script), the document is valid
    CAP 1.2 and reads back as written."""
    words = Words(text, text, text + " {poison_center}", cmam_text=None)
    draft = AdvisoryDraft(words, words if spanish else None, hours_valid=hours)
    agency = IPAWS if ipaws else PLAIN
    alert = public_alert("GH-p", SENT, HINTS[definition], draft, agency, PLACE)
    for doc in (alert, crew_alert(alert, "GH-c", text), follow_up(alert, "GH-u", SENT, "Cancel")):
        xml = to_xml(doc)
        assert validate(xml) == []
        back = read_alert(xml)
        assert back.infos[0].headline == text.strip()


@pytest.mark.parametrize(
    ("text", "septets"),
    [
        ("Call 911", 8),
        ("Zone 3: carry naloxone", 22),
        ("€5", 3),
        ("[PPE]", 7),
        ("Niño, señal", 11),
        ("“quoted”", None),
        ("fentanyl 💊", None),
    ],
)
def test_gsm7_length_counts_extension_characters_twice(text: str, septets: int | None) -> None:
    """GSM 03.38: the basic alphabet takes one septet, the extension table (€ [ ] { } ...)
    two, and anything else cannot be sent as GSM-7."""
    assert gsm7_length(text) == septets


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cmam_text": "x" * 91}, "info[0].parameter.CMAMtext"),
        ({"cmam_text": "Overdoses – use caution"}, "info[0].parameter.CMAMtext"),
        ({"cmam_long_text": "y" * 361}, "info[0].parameter.CMAMlongtext"),
    ],
)
def test_ipaws_phone_texts_are_limited_in_gsm7_characters(
    change: dict[str, str], field: str
) -> None:
    """CMAMtext at most 90 and CMAMlongtext at most 360 GSM-7 characters."""
    words = Words(**{**ENGLISH.__dict__, **change})
    alert = public_alert("GH-7", SENT, HINTS["opioid_overdose"], AdvisoryDraft(words), IPAWS, PLACE)
    assert field in {p.field for p in ipaws_problems(alert)}
    assert validate(to_xml(alert)) == []  # the XSD has no such limit: the profile check does


def test_ipaws_needs_a_same_geocode_and_the_profile_code() -> None:
    no_county = AgencyAlerting("alerts@metro-ems.example", "Metro County EMS", ipaws=True)
    alert = public_alert("GH-8", SENT, HINTS["poisoning"], AdvisoryDraft(ENGLISH), no_county, PLACE)
    assert "info[0].area[0].geocode" in {p.field for p in ipaws_problems(alert)}
    plain = public_alert("GH-9", SENT, HINTS["poisoning"], AdvisoryDraft(ENGLISH), PLAIN, PLACE)
    assert {"code", "info[0].eventCode"} <= {p.field for p in ipaws_problems(plain)}


def test_real_ipaws_alerts_pass_our_profile_check_where_they_carry_wea_text() -> None:
    """FEMA's own IPAWS messages (shared fixtures) are read and meet the profile rules we
    check, except where they block channels we then do not check."""
    for path in sorted((cap_dir() / "oasis_spec_and_ipaws").glob("ipaws-*.xml")):
        alert = read_alert(path)
        assert "IPAWSv1.0" in alert.codes
        problems = [p for p in ipaws_problems(alert) if "CMAMtext" not in p.field]
        assert problems == [], (path.name, problems)


def test_the_atom_feed_is_valid_atom_with_one_entry_per_alert_linking_its_cap() -> None:
    alerts = [
        public_alert(
            f"GH-{n}",
            SENT + timedelta(hours=n),
            HINTS["opioid_overdose"],
            AdvisoryDraft(ENGLISH),
            PLAIN,
            PLACE,
        )
        for n in range(3)
    ]
    entries = [
        FeedEntry(
            a,
            f"https://metro.example/public/advisories/{a.identifier}.cap",
            f"https://metro.example/public/advisories#{a.identifier}",
            a.sent,
        )
        for a in alerts
    ]
    xml = feed_xml(
        "urn:goldenhour:metro:advisories",
        "Metro County EMS advisories",
        "https://metro.example/public/advisories.atom",
        "Metro County EMS",
        entries,
        SENT,
    )
    rng = atom_schema()
    tree = parse_xml(xml)
    assert rng.validate(tree), rng.error_log
    atom = "{http://www.w3.org/2005/Atom}"
    ids = [e.findtext(atom + "id") for e in tree.getroot().iter(atom + "entry")]
    assert ids == [entries[n].cap_url for n in (2, 1, 0)]
    links = tree.getroot().iter(atom + "link")
    assert any(link.get("type") == "application/cap+xml" for link in links)


GOOD_12 = [
    "australia.cap",
    "canada.cap",
    "canada_signed.cap",
    "earthquake-iso8859-1.cap",
    "wcatwc-warning.cap",
]


def test_the_shared_cap_examples_are_read_or_refused_clearly() -> None:
    """Every shared CAP file either reads as an alert or is refused with a named problem:
    never an unhandled parser error. The valid CAP 1.2 ones validate and read."""
    files = sorted((cap_dir() / "google_testdata").glob("*.cap"))
    files += sorted((cap_dir() / "oasis_spec_and_ipaws").glob("*.xml"))
    read = set()
    for path in files:
        try:
            read_alert(path)
            read.add(path.name)
        except InvalidInput as exc:
            assert exc.errors, path.name
    assert set(GOOD_12) <= read
    for name in GOOD_12:
        assert validate((cap_dir() / "google_testdata" / name).read_bytes()) == [], name


@pytest.mark.parametrize("name", ["xee.cap", "xee.atom"])
def test_xxe_fixtures_are_refused_without_resolving_anything(name: str) -> None:
    """The XXE/XInclude fixtures declare external entities (file:///etc/passwd, remote DTDs):
    the document type declaration is refused before anything is resolved or fetched."""
    path = cap_dir() / "google_testdata" / name
    with pytest.raises(InvalidInput) as refused:
        read_alert(path) if name.endswith(".cap") else parse_xml(path)
    assert "DOCTYPE" in refused.value.detail
    assert "root:" not in refused.value.detail


def test_a_document_that_is_not_cap_12_is_named() -> None:
    with pytest.raises(InvalidInput, match="not a CAP 1.2 alert"):
        read_alert(cap_dir() / "google_testdata" / "weather.cap")
    with pytest.raises(InvalidInput, match="identifier"):
        read_alert(
            b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><sender>a</sender></alert>'
        )


def test_files_are_readable(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="cannot be read"):
        read_alert(tmp_path / "missing.cap")
