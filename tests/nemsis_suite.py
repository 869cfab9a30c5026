"""The official NEMSIS Schematron test suite, read from its tarball in the reference data.

Cases are listed at collection time straight from the archive's ``Tests.txt`` files, so each
case is its own parametrised test; the archive is unpacked once per session into a pytest
temporary directory (the files are never copied into the repository).
"""

from __future__ import annotations

import re
import tarfile
from dataclasses import dataclass
from pathlib import Path

from goldenhour.config import refdata_dir

SUITE = ("nemsis", "SampleData", "SchematronTestSuite.tar.gz")
_CASE = re.compile(
    r"File:\s+(?P<file>\S+)\s+ID:\s+(?P<id>\S+)\s+Description:.*?"
    r"Expected Result:\s+\[(?P<want>\w+)\]",
    re.S,
)


@dataclass(frozen=True)
class SuiteCase:
    dataset: str  # EMS, DEM or State: the folder in the suite
    file: str
    case_id: str  # e.g. nemSch_e001_A
    expected: str  # PASS, ERROR or WARNING

    @property
    def rule_id(self) -> str:
        """The assert under test: the case id without its ``_A``/``_B`` variant letter."""
        return re.sub(r"_[A-Z]$", "", self.case_id)


def suite_cases(*datasets: str) -> list[SuiteCase]:
    """Every case of the given datasets, or [] when the tarball is absent (tests then skip)."""
    archive = refdata_dir().joinpath(*SUITE)
    if not archive.is_file():
        return []
    cases = []
    with tarfile.open(archive) as tar:
        for dataset in datasets:
            member = tar.extractfile(f"SampleData/Schematron/{dataset}/Tests.txt")
            assert member is not None
            text = member.read().decode("utf-8")
            cases += [
                SuiteCase(dataset, m["file"], m["id"], m["want"]) for m in _CASE.finditer(text)
            ]
    return cases


def unpack(archive: Path, into: Path) -> Path:
    """Unpack the suite; returns the folder holding ``EMS/``, ``DEM/`` and ``State/``."""
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "SampleData" / "Schematron"
