"""The geocoder on a small made-up town: three east-west streets crossing two avenues.

y=300 ----4th St----+----------+
y=200 ----3rd St----+----------+
y=100 ----2nd St----+----------+
y=0   ----1st St----+----------+
                 Main St    Oak Ave
                  x=0       x=100 (metres; numbering starts at the south-west corner)
"""

from __future__ import annotations

import pytest

from goldenhour.domain.addresses import (
    AddressPoint,
    AddressRange,
    Gazetteer,
    NamedPlace,
    Street,
    geocode,
    reverse,
)
from goldenhour.domain.addresses.geometry import Plane, distance_m

PLANE = Plane((-100.0, 40.0))
XS, YS = (0, 100), (0, 100, 200, 300)


def at(x: float, y: float) -> tuple[float, float]:
    return PLANE.lonlat(x, y)


def node(x: int, y: int) -> int:
    return 1000 * x + y + 1


def town(**extra: object) -> Gazetteer:
    streets = [
        Street(name, tuple(node(x, y) for y in YS), tuple(at(x, y) for y in YS))
        for name, x in (("Main St", 0), ("Oak Avenue", 100))
    ]
    streets += [
        Street(name, tuple(node(x, y) for x in (-100, *XS)), tuple(at(x, y) for x in (-100, *XS)))
        for name, y in (("1st St", 0), ("2nd St", 100), ("3rd Street", 200), ("4th St", 300))
    ]
    return Gazetteer(streets, origin=at(-100, -100), **extra)  # type: ignore[arg-type]


def near(candidate: object, x: float, y: float, within_m: float = 1.0) -> bool:
    return distance_m((candidate.lon, candidate.lat), at(x, y)) <= within_m  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "typed", ["Main St / 3rd St", "MAIN ST/3RD ST", "3rd & Main", "Main Street and Third Street",
              "main st @ 3rd"],
)  # fmt: skip
def test_an_intersection_is_where_the_two_streets_share_a_node(typed: str) -> None:
    best = geocode(town(), typed)[0]
    assert best.kind == "intersection" and not best.approximate
    assert near(best, 0, 200)
    assert set(best.label.split(" / ")) == {"Main St", "3rd Street"}


def test_an_exactly_spelt_intersection_is_surer_than_a_guessed_one() -> None:
    exact = geocode(town(), "Main St / 3rd St")[0]
    guessed = geocode(town(), "Main / 3rd")[0]
    assert exact.confidence > guessed.confidence > 0.5


def test_streets_that_never_meet_give_no_intersection_only_the_first_street_unsure() -> None:
    found = geocode(town(), "1st St / 4th St")
    assert [c.kind for c in found] == ["street"]
    assert found[0].approximate and found[0].confidence <= 0.3


def test_a_mapped_house_number_is_found_exactly() -> None:
    g = town(addresses=[AddressPoint(150, "Oak Ave", *at(110, 150))])
    best = geocode(g, "150 Oak Av")[0]
    assert (best.kind, best.confidence, best.approximate) == ("address", 1.0, False)
    assert near(best, 110, 150)


def test_a_number_on_an_interpolation_line_is_placed_in_proportion_and_approximate() -> None:
    line = AddressRange("Main Street", 100, 200, (at(0, 100), at(0, 200)))
    best = geocode(town(ranges=[line]), "125 Main St")[0]
    assert best.kind == "interpolated" and best.approximate
    assert near(best, 0, 125)


def test_a_block_without_numbers_is_counted_in_cross_streets_from_the_numbering_start() -> None:
    """US blocks: the 200 block lies between the third and fourth cross streets (0 at the start)."""
    best = geocode(town(), "200 Block of Main St")[0]
    assert best.kind == "block" and best.approximate and best.confidence == 0.5
    assert near(best, 0, 250)
    assert near(geocode(town(), "0 Block of Oak Ave")[0], 100, 50)


def test_a_block_with_mapped_numbers_is_the_middle_of_them() -> None:
    mapped = [AddressPoint(n, "Oak Ave", *at(110, y)) for n, y in ((204, 210), (260, 290))]
    best = geocode(town(addresses=mapped), "200 Block of OAK AVE")[0]
    assert (best.kind, best.approximate) == ("block", False)
    assert near(best, 110, 250)


def test_mapped_numbers_decide_which_end_a_street_starts_from() -> None:
    """Numbers grow northwards here against the origin in the north-east: they win."""
    mapped = [AddressPoint(n, "Main St", *at(-5, y)) for n, y in ((10, 10), (290, 290))]
    g = Gazetteer(town().streets, mapped, origin=at(500, 1000))
    assert near(geocode(g, "100 Block of Main St")[0], 0, 150)
    assert near(
        geocode(Gazetteer(town().streets, origin=at(500, 1000)), "0 Block of Main St")[0], 0, 250
    )


def test_a_place_is_found_by_part_of_its_name() -> None:
    g = town(places=[NamedPlace("County General Hospital", "hospital", *at(50, 150))])
    best = geocode(g, "county general")[0]
    assert best.kind == "place" and best.label == "County General Hospital"
    assert near(best, 50, 150)


def test_a_street_alone_answers_its_middle_with_low_confidence() -> None:
    best = geocode(town(), "Oak Ave")[0]
    assert best.kind == "street" and best.confidence < 0.5 and near(best, 100, 150)


def test_a_misspelt_street_is_still_found_but_less_surely() -> None:
    best = geocode(town(), "Mian St / 3rd St")[0]
    assert best.kind == "intersection" and best.confidence < 0.95


def test_a_different_number_is_never_taken_for_a_typo() -> None:
    assert geocode(town(), "5th St / Main St") == []


def test_nothing_matching_gives_no_candidates() -> None:
    assert geocode(town(), "Zanzibar Boulevard / Quux Lane") == []
    assert geocode(town(), "") == []


def test_candidates_are_ranked_and_limited() -> None:
    found = geocode(town(), "Main", limit=10)
    assert [c.confidence for c in found] == sorted((c.confidence for c in found), reverse=True)
    assert len(geocode(town(), "St", limit=1)) <= 1


def test_a_point_reads_back_as_the_nearest_address_or_street_with_its_cross_street() -> None:
    g = town(addresses=[AddressPoint(150, "Oak Ave", *at(110, 150))])
    assert reverse(g, at(112, 152)).label == "150 Oak Ave"  # type: ignore[union-attr]
    found = reverse(g, at(-8, 190))
    assert found is not None and found.kind == "street" and found.street == "Main St"
    assert found.cross_street == "3rd Street" and found.block == 100
    assert reverse(g, at(5000, 5000)) is None


def test_an_alley_crossing_does_not_begin_a_new_hundred() -> None:
    """Alleys, courts and places between two streets stay inside the block they cut."""
    g = town()
    alley = Street("Quux Alley", (node(0, 150) + 7, 99999), (at(0, 150), at(-50, 150)))
    main = Street(
        "Main St",
        (node(0, 0), node(0, 100), node(0, 150) + 7, node(0, 200), node(0, 300)),
        (at(0, 0), at(0, 100), at(0, 150), at(0, 200), at(0, 300)),
    )
    g = Gazetteer([main, alley, *[s for s in g.streets if s.name != "Main St"]], origin=g.origin)
    assert near(geocode(g, "100 Block of Main St")[0], 0, 150)
    assert near(geocode(g, "200 Block of Main St")[0], 0, 250)
