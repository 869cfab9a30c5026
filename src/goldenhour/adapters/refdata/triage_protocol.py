"""Read a triage protocol file: the agency's own, or the default shipped with GoldenHour.

Only the reading happens here; parsing and every check are in ``domain.triage.protocol``.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from goldenhour.adapters.refdata.agency_file import read_agency_file
from goldenhour.domain.triage.protocol import TriageProtocol, parse_protocol


def default_protocol_text() -> str:
    return (resources.files("goldenhour") / "data" / "triage" / "default.toml").read_text("utf-8")


@lru_cache(maxsize=1)
def default_protocol() -> TriageProtocol:
    """The shipped default protocol, parsed once per process."""
    return parse_protocol(default_protocol_text())


def load_protocol(path: Path | None = None) -> TriageProtocol:
    """The protocol in ``path`` (an agency's edited copy), or the shipped default when None."""
    if path is None:
        return default_protocol()
    text = read_agency_file(path, "protocol")
    return parse_protocol(text)
