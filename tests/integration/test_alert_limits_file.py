"""The agency's own overdue limits file replaces the shipped one; an unreadable one is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from goldenhour.adapters.refdata.alert_limits import load_alert_limits
from goldenhour.config import Settings
from goldenhour.domain.shared.errors import InvalidInput


def test_the_agency_file_named_by_the_setting_gives_the_limits(tmp_path: Path) -> None:
    path = tmp_path / "limits.toml"
    path.write_text("[status_limits_s]\ndispatched = 60\n", "utf-8")
    settings = Settings.from_env({"GOLDENHOUR_ALERT_LIMITS": str(path)})
    assert load_alert_limits(settings.alert_limits) == {"dispatched": 60}
    assert load_alert_limits(None) != {"dispatched": 60}  # the shipped file is another


def test_a_missing_agency_file_is_an_error_naming_the_setting(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        load_alert_limits(tmp_path / "absent.toml")
    assert refused.value.errors[0].field == "alert_limits"
