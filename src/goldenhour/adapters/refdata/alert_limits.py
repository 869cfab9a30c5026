"""Read the overdue thresholds: the agency's file, or the one shipped with GoldenHour."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from goldenhour.adapters.refdata.agency_file import read_agency_file
from goldenhour.domain.dispatch.alert_limits import parse_alert_limits


def load_alert_limits(path: Path | None = None) -> dict[str, int]:
    """``{status: seconds}`` from ``path`` (the agency's copy), or the shipped default."""
    if path is None:
        shipped = resources.files("goldenhour") / "data" / "dispatch" / "alert_limits.toml"
        return parse_alert_limits(shipped.read_text("utf-8"))
    return parse_alert_limits(read_agency_file(path, "alert_limits"))
