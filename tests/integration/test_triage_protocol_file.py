"""Reading the triage protocol from an agency's file, or the shipped default."""

from __future__ import annotations

import pytest

from goldenhour.adapters.refdata.triage_protocol import default_protocol_text, load_protocol
from goldenhour.domain.shared.errors import InvalidInput
from goldenhour.domain.triage.decision import triage
from goldenhour.domain.triage.priority import Priority


def test_an_agency_protocol_file_is_used_instead_of_the_default(tmp_path):
    """An agency may make fainting at any age a priority 2 call by editing its copy."""
    edited = default_protocol_text().replace(
        'reasons = ["2301077"]\npriority = 3', 'reasons = ["2301077"]\npriority = 2', 1
    )
    path = tmp_path / "agency.toml"
    path.write_text(edited, encoding="utf-8")
    assert triage(load_protocol(), "2301077", {}).priority is Priority.P3
    assert triage(load_protocol(path), "2301077", {}).priority is Priority.P2


def test_a_missing_protocol_file_is_a_clear_error_naming_the_protocol(tmp_path):
    with pytest.raises(InvalidInput) as caught:
        load_protocol(tmp_path / "nowhere.toml")
    assert caught.value.errors[0].field == "protocol"
    assert "nowhere.toml" in caught.value.detail
