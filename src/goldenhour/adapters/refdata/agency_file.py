"""Reading an agency's own copy of a shipped file (protocol, rules, limits): a file that cannot
be read is an error naming the setting and the path, never a traceback."""

from __future__ import annotations

from pathlib import Path

from goldenhour.domain.shared.errors import InvalidInput


def read_agency_file(path: Path, setting: str) -> str:
    try:
        return path.read_text("utf-8")
    except OSError as exc:
        raise InvalidInput.for_field(setting, f"cannot read {path}: {exc.strerror}") from None
