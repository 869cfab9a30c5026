"""SaTScan's case and coordinates files, so analysts can run the same data through both.

Case file: ``<location> <count> <yyyy/m/d>`` per line; coordinates file: ``<location> <lat>
<lon>`` (SaTScan's latitude/longitude form). Fields are separated by white space; blank lines
are skipped; a wrong line is reported by file and line number, every one at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from goldenhour.domain.shared.errors import FieldProblem, InvalidInput
from goldenhour.domain.surveillance.scan import ScanCase, ScanLocation


def _lines(path: Path) -> list[tuple[int, list[str]]]:
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise InvalidInput.for_field(str(path), f"cannot read: {exc.strerror}") from None
    return [(n, line.split()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def _date(text: str) -> date:
    year, month, day = (int(p) for p in text.replace("-", "/").split("/"))
    return date(year, month, day)


def _refuse(path: Path, problems: list[FieldProblem]) -> None:
    if problems:
        raise InvalidInput(f"{path}: {len(problems)} bad line(s); first {problems[0]}", problems)


def read_cases(path: Path) -> list[ScanCase]:
    cases, problems = [], []
    for n, fields in _lines(path):
        try:
            if len(fields) < 3:
                raise ValueError("needs <location> <count> <yyyy/m/d>")
            count = int(fields[1])
            if count < 0:
                raise ValueError("count must not be negative")
            cases.append(ScanCase(fields[0], _date(fields[2]), count))
        except ValueError as exc:
            problems.append(FieldProblem(f"{path.name}:{n}", str(exc)))
    _refuse(path, problems)
    return cases


def read_coordinates(path: Path) -> list[ScanLocation]:
    locations, problems = [], []
    for n, fields in _lines(path):
        try:
            if len(fields) < 3:
                raise ValueError("needs <location> <latitude> <longitude>")
            lat, lon = float(fields[1]), float(fields[2])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"latitude {lat} / longitude {lon} out of range")
            locations.append(ScanLocation(fields[0], lat, lon))
        except ValueError as exc:
            problems.append(FieldProblem(f"{path.name}:{n}", str(exc)))
    _refuse(path, problems)
    return locations
