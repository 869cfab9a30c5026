"""An agency-edited protocol is checked at load: every mistake is named by its path in the file."""

from __future__ import annotations

import pytest

from goldenhour.adapters.refdata.triage_protocol import default_protocol_text
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.triage.protocol import parse_protocol

DEFAULT = default_protocol_text()
CARDIAC_ARREST_BASE = """[[rules]]
reasons = ["2301019"]
priority = 1"""


def _edited(old: str, new: str) -> str:
    assert DEFAULT.count(old) >= 1, f"the default protocol no longer contains {old!r}"
    return DEFAULT.replace(old, new, 1)


def test_the_shipped_protocol_parses_and_cites_a_declared_source_in_every_rule():
    protocol = parse_protocol(DEFAULT)
    assert all(rule.source in protocol.sources and rule.why for rule in protocol.rules)


def test_every_pre_arrival_instruction_has_steps_to_coach_and_a_declared_source():
    protocol = parse_protocol(DEFAULT)
    used = {key for rule in protocol.rules for key in rule.instructions}
    assert used == set(protocol.instructions), "an instruction no rule gives, or the reverse"
    for instruction in protocol.instructions.values():
        assert instruction.text and instruction.steps, instruction.id
        assert instruction.source in protocol.sources.values(), instruction.id


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('source = "AHA-TCPR"', 'source = "MY-OWN-IDEA"', ".source"),
        ('when = { breathing = "not_breathing" }', "when = { pulse = false }", ".when.pulse"),
        (
            'when = { breathing = "not_breathing" }',
            'when = { breathing = "wheezing" }',
            ".when.breathing",
        ),
        (
            "when = { patients = { min = 5 } }",
            "when = { patients = { over = 5 } }",
            ".when.patients",
        ),
        ('level = "ALS"', 'level = "SUPERHERO"', ".level"),
        ("priority = 1", "priority = 0", ".priority"),
        ('plan = "transport"', 'plan = "helicopter"', ".plan"),
        ('instructions = ["telecommunicator_cpr"]', 'instructions = ["sing"]', ".instructions"),
        ('reasons = ["2301001"]', 'reasons = ["2301002"]', ".reasons"),
        ('source = "STOP-THE-BLEED"\nsteps', 'source = "A-BLOG"\nsteps', "bleeding_control.source"),
        ('source = "AHA-OPIOID"\nsteps', "steps", "instructions.naloxone"),
        ('text = "Compression-only', 'words = "Compression-only', "telecommunicator_cpr.words"),
        ('level = "EMR" },', 'level = "EMR", levl = "ALS" },', ".roles[0].levl"),
        ('why = "Absent', 'reason = "x"\nwhy = "Absent', ".reason"),
        ('type = "boolean"', 'type = "boolean"\nhint = "x"', ".hint"),
        ('units = ["supervisor"]', 'units = ["bicycle"]', ".units"),
        ('{ name = "second_transport"', '{ name = "transport"', "plans.mass_casualty.roles"),
        ('"4" = "non_emergent"', '"4" = "sirens_only"', "modes"),
        ('type = "boolean"', 'type = "yes_no"', ".type"),
        ("overrides = true\npriority", 'overrides = "yes"\npriority', ".overrides"),
        ('[protocol]\nname = "GoldenHour', '[protocol]\nnom = "GoldenHour', "protocol.name"),
        ("[[rules]]", "[[rules]", "protocol"),
    ],
)
def test_a_broken_protocol_is_refused_naming_the_path_in_the_file(old, new, field):
    """The medical director sees which line is wrong instead of a dispatcher meeting it later."""
    with pytest.raises(InvalidInput) as caught:
        parse_protocol(_edited(old, new))
    assert field in caught.value.errors[0].field


def test_a_rule_for_every_reason_without_conditions_is_refused():
    """A criterion that matches every call would silently replace all base rules."""
    text = _edited('when = { breathing = "not_breathing" }\n', "")
    with pytest.raises(InvalidInput) as caught:
        parse_protocol(text)
    assert caught.value.errors[0].field.endswith(".when")


def test_a_reason_missing_its_base_rule_is_named():
    text = _edited(CARDIAC_ARREST_BASE, CARDIAC_ARREST_BASE.replace("2301019", "2301021"))
    with pytest.raises(InvalidInput) as caught:
        parse_protocol(text)
    assert caught.value.errors[0].field == "rules"
    assert "no base rule for dispatch reason 2301019" in caught.value.detail
