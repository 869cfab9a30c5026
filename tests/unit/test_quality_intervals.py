"""Response-time intervals: the first unit on scene, per unit, and every exclusion named."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenhour.domain.quality.intervals import (
    BY_NAME,
    CANCELLED,
    NO_UNIT_ON_SCENE,
    OUT_OF_ORDER,
    Responses,
    Stamp,
    measure_all,
    missing,
)

NAN = math.nan
S = Stamp


def table(rows: list[dict[str, object]]) -> Responses:
    stamps = [s for s in Stamp if any(s.value in r for r in rows)]
    return Responses(
        incident=np.array([str(r["incident"]) for r in rows]),
        unit=np.array([str(r["unit"]) for r in rows]),
        times={
            s: np.array([float(r.get(s.value, NAN)) for r in rows])
            for s in stamps  # type: ignore[arg-type]
        },
        labels={},
    )


def row(incident: str, unit: str, **stamps: float) -> dict[str, object]:
    base = {"psap_call": 0.0, "unit_notified": 60.0, "en_route": 100.0, "on_scene": 400.0}
    return {"incident": incident, "unit": unit, **base, **stamps}


def test_the_first_unit_on_scene_measures_the_incident_even_if_dispatched_second() -> None:
    """The engine notified first but arriving second does not stand for the incident."""
    responses = table(
        [row("1", "E1", unit_notified=30, en_route=50, on_scene=500), row("1", "M1", on_scene=300)]
    )
    measured = measure_all(responses)
    assert measured["response"].seconds.tolist() == [300.0]
    assert responses.unit[measured["travel"].rows].tolist() == ["M1"]
    assert measured["call_processing"].seconds.tolist() == [60.0]


def test_per_unit_measurement_counts_every_unit_response() -> None:
    responses = table([row("1", "E1", on_scene=500), row("1", "M1", on_scene=300)])
    assert sorted(measure_all(responses, per_unit=True)["response"].seconds.tolist()) == [300, 500]


@pytest.mark.parametrize(
    ("rows", "interval", "reason"),
    [
        ([row("1", "M1", on_scene=NAN)], "turnout", NO_UNIT_ON_SCENE),
        ([row("1", "M1", cancelled=90, on_scene=NAN)], "turnout", CANCELLED),
        (
            [row("1", "M1", cancelled=90, on_scene=NAN), row("1", "E1", on_scene=NAN)],
            "travel",
            NO_UNIT_ON_SCENE,
        ),
        ([row("1", "M1", en_route=NAN)], "turnout", missing(S.EN_ROUTE)),
        ([row("1", "M1", en_route=NAN)], "travel", missing(S.EN_ROUTE)),
        ([row("1", "M1", unit_notified=NAN)], "call_processing", missing(S.UNIT_NOTIFIED)),
        ([row("1", "M1", psap_call=NAN)], "response", missing(S.PSAP_CALL)),
        ([row("1", "M1", en_route=40)], "turnout", OUT_OF_ORDER),
        ([row("1", "M1", on_scene=90, en_route=100)], "travel", OUT_OF_ORDER),
        ([row("1", "M1")], "offload", missing(S.AT_DESTINATION)),
    ],
)
def test_an_incident_left_out_of_an_interval_is_listed_with_its_reason(
    rows: list[dict[str, object]], interval: str, reason: str
) -> None:
    measured = measure_all(table(rows))[interval]
    excluded = measured.exclusions(table(rows))
    assert len(measured.seconds) == 0
    assert excluded["by_reason"] == {reason: 1}
    assert excluded["responses"] == [{"incident": "1", "unit": rows[0]["unit"], "reason": reason}]


def test_a_missing_stamp_excludes_only_the_intervals_that_need_it() -> None:
    measured = measure_all(table([row("1", "M1", en_route=NAN)]))
    assert len(measured["call_processing"].seconds) == 1
    assert len(measured["response"].seconds) == 1
    assert len(measured["turnout"].seconds) == 0


def test_equal_stamps_are_a_zero_interval_not_out_of_order() -> None:
    measured = measure_all(table([row("1", "M1", en_route=60)]))
    assert measured["turnout"].seconds.tolist() == [0.0]


@st.composite
def unit_rows(draw: st.DrawFn) -> list[dict[str, object]]:
    stamp = st.one_of(st.just(NAN), st.integers(0, 2000).map(float))
    return [
        {
            "incident": str(draw(st.integers(0, 8))),
            "unit": f"U{i}",
            "psap_call": draw(stamp),
            "unit_notified": draw(stamp),
            "en_route": draw(stamp),
            "on_scene": draw(stamp),
            "cancelled": draw(st.sampled_from([NAN, NAN, 5.0])),
        }
        for i in range(draw(st.integers(0, 30)))
    ]


def reference(rows: list[dict[str, object]], interval: str) -> dict[str, float | str]:
    """The rule written the plain way: per incident, the earliest arrival not cancelled."""
    spec = BY_NAME[interval]
    out: dict[str, float | str] = {}
    for incident in {str(r["incident"]) for r in rows}:
        mine = [r for r in rows if r["incident"] == incident]
        arrived = [
            r
            for r in mine
            if math.isnan(float(r["cancelled"])) and not math.isnan(float(r["on_scene"]))  # type: ignore[arg-type]
        ]
        if not arrived:
            all_off = all(not math.isnan(float(r["cancelled"])) for r in mine)  # type: ignore[arg-type]
            out[incident] = CANCELLED if all_off else NO_UNIT_ON_SCENE
            continue
        first = min(arrived, key=lambda r: (r["on_scene"], mine.index(r)))
        start, end = float(first[spec.start.value]), float(first[spec.end.value])  # type: ignore[arg-type]
        if math.isnan(start):
            out[incident] = missing(spec.start)
        elif math.isnan(end):
            out[incident] = missing(spec.end)
        elif end < start:
            out[incident] = OUT_OF_ORDER
        else:
            out[incident] = end - start
    return out


@given(unit_rows(), st.sampled_from(["call_processing", "turnout", "travel", "response"]))
def test_the_columnar_measure_agrees_with_the_rule_written_plainly(
    rows: list[dict[str, object]], interval: str
) -> None:
    responses = table(rows)
    measured = measure_all(responses, names=[interval])[interval]
    got: dict[str, float | str] = {}
    for r, s in zip(measured.rows.tolist(), measured.seconds.tolist(), strict=True):
        got[str(responses.incident[r])] = s
    for r, why in zip(
        measured.excluded_rows.tolist(), measured.excluded_reasons.tolist(), strict=True
    ):
        got[str(responses.incident[r])] = why
    assert got == reference(rows, interval)
