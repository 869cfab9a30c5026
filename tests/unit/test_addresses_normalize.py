"""Street keys: one key for every way a street is written (USPS Publication 28, Appendices B
and C1, plus the CAD short forms seen in San Francisco Fire Department exports)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenhour.domain.addresses.normalize import ordinal, street_core, street_key
from goldenhour.domain.addresses.query import parse

SAME_STREET = [
    ("3rd Avenue", "3RD AVE"),
    ("3RD AV", "3RD AVE"),
    ("Third Ave", "3RD AVE"),
    ("3 Ave", "3RD AVE"),
    ("03rd Ave.", "3RD AVE"),
    ("Northeast 45th Street", "NE 45TH ST"),
    ("NE 45th St", "NE 45TH ST"),
    ("N. Main St.", "N MAIN ST"),
    ("Main Street North", "MAIN ST N"),
    ("Geary Boulevard", "GEARY BLVD"),
    ("GEARY BL", "GEARY BLVD"),
    ("Saint Francis Way", "ST FRANCIS WAY"),
    ("Twenty-first St", "TWENTY-FIRST ST"),  # compound ordinals are left as written
    ("11th St", "11TH ST"),
    ("112 St", "112TH ST"),
    ("Highway 101", "HIGHWAY 101"),
    ("County Road 12", "COUNTY ROAD 12"),
    ("O'Farrell St", "OFARRELL ST"),
    ("The Embarcadero", "THE EMBARCADERO"),
    ("North", "NORTH"),  # a street called North keeps its name
]  # fmt: skip


@pytest.mark.parametrize(("written", "key"), SAME_STREET)
def test_every_spelling_of_a_street_gives_its_key(written: str, key: str) -> None:
    assert street_key(written) == key


@pytest.mark.parametrize(
    ("n", "text"), [(1, "1ST"), (2, "2ND"), (3, "3RD"), (4, "4TH"), (11, "11TH"), (12, "12TH"),
                    (13, "13TH"), (21, "21ST"), (22, "22ND"), (23, "23RD"), (101, "101ST"),
                    (111, "111TH")],
)  # fmt: skip
def test_ordinals_follow_english_suffixes(n: int, text: str) -> None:
    assert ordinal(n) == text


def test_the_core_drops_type_and_directionals() -> None:
    assert street_core("N 3RD AVE") == "3RD"
    assert street_core("BROADWAY") == "BROADWAY"
    assert street_core("MISSION BAY BLVD N") == "MISSION BAY"


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789 .-'", max_size=40))
def test_a_key_is_its_own_key(text: str) -> None:
    key = street_key(text)
    assert street_key(key) == key


PARSED = [
    ("3rd Ave / James St", "intersection", ("3RD AVE", "JAMES ST"), None),
    ("3rd & James", "intersection", ("3RD", "JAMES"), None),
    ("HARRISON ST/6TH ST", "intersection", ("HARRISON ST", "6TH ST"), None),
    ("Main St and Oak Ave", "intersection", ("MAIN ST", "OAK AVE"), None),
    ("Main @ Oak", "intersection", ("MAIN", "OAK"), None),
    ("300 Block of MAIN ST", "block", ("MAIN ST",), 300),
    ("0 Block of BALCETA AVE", "block", ("BALCETA AVE",), 0),
    ("300 BLK MAIN", "block", ("MAIN",), 300),
    ("500 17th Av", "house", ("17TH AVE",), 500),
    ("1569-A 48TH AV", "house", ("48TH AVE",), 1569),
    ("3735-3739 SACRAMENTO ST", "house", ("SACRAMENTO ST",), 3735),
    ("1318-B GATEVIEW AV, TI", "house", ("GATEVIEW AVE",), 1318),
    ("12 Oak St Apt 4", "house", ("OAK ST",), 12),
    ("12 Oak St #4", "house", ("OAK ST",), 12),
    ("County General Hospital", "name", ("COUNTY GENERAL HOSPITAL",), None),
    ("CALL BOX: PIER 43", "name", ("PIER 43",), None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "streets", "number"), PARSED)
def test_a_typed_address_is_read_as_cads_write_it(
    text: str, kind: str, streets: tuple[str, ...], number: int | None
) -> None:
    query = parse(text)
    assert (query.kind, query.streets, query.number) == (kind, streets, number)
    assert query.text == text
