"""Read the overdue thresholds: the agency's file, or the one shipped with GoldenHour."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from goldenhour.domain.dispatch.alert_limits import parse_alert_limits
from goldenhour.domain.shared.errors import InvalidInput


def load_alert_limits(path: Path | None = None) -> dict[str, int]:
    """``{status: seconds}`` from ``path`` (the agency's copy), or the shipped default."""
    if path is None:
        text = (
            resources.files("goldenhour") / "data" / "dispatch" / "alert_limits.toml"
        ).read_text("utf-8")
        return parse_alert_limits(text)
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise InvalidInput.for_field(
            "alert_limits", f"cannot read {path}: {exc.strerror}"
        ) from None
    return parse_alert_limits(text)
