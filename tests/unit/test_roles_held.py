"""The dispatch rule: a role stays filled by its unit until that unit leaves the incident
without having done the role's work; never a second transport while one is with the patient.

The defect this guards against (issue 18): on a stroke call, after the first responder (E37)
cleared while the ambulance (B61) was at the patient, another transport was recommended, and
the demo's dispatcher sent it, until incidents had two, three, fourteen units.
"""

from __future__ import annotations

import pytest

from goldenhour.domain.dispatch.retriage import Assignment
from goldenhour.domain.dispatch.roles_held import OnCall, held_roles
from goldenhour.domain.triage.priority import ResponseMode
from goldenhour.domain.triage.response_plan import Role, UnitType
from goldenhour.domain.units.levels_of_care import CareLevel
from goldenhour.domain.units.timeline import UnitStatus as S

EMERGENT = ResponseMode.EMERGENT
FIRST = Role("first_response", frozenset({UnitType.FIRST_RESPONSE, UnitType.TRANSPORT}),
             CareLevel.EMR, EMERGENT)  # fmt: skip
TRANSPORT = Role("transport", frozenset({UnitType.TRANSPORT}), CareLevel.ALS, EMERGENT)
STROKE = (FIRST, TRANSPORT)


def engine(status: S | None, reached: bool, unit: str = "E37") -> OnCall:
    a = Assignment(unit, "first_response", UnitType.FIRST_RESPONSE, CareLevel.ALS, EMERGENT)
    return OnCall(a, status, reached)


def medic(status: S | None, reached: bool, unit: str = "B61", level: CareLevel = CareLevel.ALS,
          role: str = "transport") -> OnCall:  # fmt: skip
    return OnCall(Assignment(unit, role, UnitType.TRANSPORT, level, EMERGENT), status, reached)


CASES = [
    # (case, units on the call, roles open afterwards)
    ("nobody sent yet", [], ["first_response", "transport"]),
    ("both on the way", [engine(S.EN_ROUTE, False), medic(S.EN_ROUTE, False)], []),
    ("first responder clears after on scene, transport at patient",
     [engine(None, True), medic(S.AT_PATIENT, True)], []),
    ("first responder clears after on scene, transport still driving",
     [engine(None, True), medic(S.EN_ROUTE, False)], []),
    ("first responder cancelled before arriving",
     [engine(None, False), medic(S.EN_ROUTE, False)], ["first_response"]),
    ("transport cancelled before arriving", [engine(S.ON_SCENE, True), medic(None, False)],
     ["transport"]),
    ("transport arrives", [engine(S.AT_PATIENT, True), medic(S.ON_SCENE, True)], []),
    ("transport transporting, first responder gone", [engine(None, True),
     medic(S.TRANSPORTING, True)], []),
    ("patient refuses: transport clears from the patient without transporting",
     [engine(None, True), medic(None, True)], []),
    ("transport at the hospital", [medic(S.AT_DESTINATION, True)], []),
    ("only the ambulance went and is at the patient: no engine sent after it",
     [medic(S.AT_PATIENT, True)], []),
    ("only the ambulance went, still driving: the first response stays open",
     [medic(S.EN_ROUTE, False)], ["first_response"]),
    ("a BLS ambulance at the patient on an ALS call: no second ambulance (intercept instead)",
     [engine(None, True), medic(S.AT_PATIENT, True, level=CareLevel.BLS)], []),
    ("an extra ambulance sent beyond the plan while one is at the patient",
     [medic(S.AT_PATIENT, True), medic(S.EN_ROUTE, False, unit="B99", role="additional")], []),
]  # fmt: skip


@pytest.mark.parametrize(("case", "units", "open_roles"), CASES, ids=[c[0] for c in CASES])
def test_roles_held_and_open_follow_the_rule(
    case: str, units: list[OnCall], open_roles: list[str]
) -> None:
    held = held_roles(STROKE, units)
    assert [r.name for r in held.unfilled] == open_roles, case
    assert len(held.kept) + len(held.unfilled) == len(STROKE)


def test_no_second_transport_is_open_while_one_is_with_the_patient() -> None:
    for status in (S.AT_PATIENT, S.TRANSPORTING, S.AT_DESTINATION):
        for first in (engine(None, True), engine(None, False), engine(S.ON_SCENE, True)):
            held = held_roles(STROKE, [first, medic(status, True, role="first_response")])
            assert "transport" not in [r.name for r in held.unfilled], (status, first)


def test_an_extra_unit_beside_a_crew_with_the_patient_may_be_released() -> None:
    spare = medic(S.EN_ROUTE, False, unit="B99", role="additional")
    held = held_roles(STROKE, [medic(S.AT_PATIENT, True), spare])
    assert [a.unit_id for a in held.releasable] == ["B99"]


def test_a_unit_that_did_no_role_is_the_one_to_release() -> None:
    spare = medic(S.EN_ROUTE, False, unit="B99", role="additional")
    held = held_roles(STROKE, [engine(S.EN_ROUTE, False), medic(S.EN_ROUTE, False), spare])
    assert [a.unit_id for a in held.releasable] == ["B99"]
