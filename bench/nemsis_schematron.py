"""NEMSIS Schematron benchmark: compile the national EMS rules, run them on a 100-PCR file.

Run: ``.venv/bin/python bench/nemsis_schematron.py [--pcrs 100] [--repeat 5]``.
Prints one JSON line per figure on stdout, each beside a baseline measured in the same run:

* ``schematron_compile_s``: our compiler (lxml) plus Saxon's compilation of the stylesheet,
  from the ``.sch`` file to a runnable executable, versus compiling the EMS XSD with lxml;
* ``schematron_run_s``: the whole Schematron pass over an EMSDataSet of ``--pcrs`` patient care
  reports (serialise for Saxon, transform, read the SVRL back as findings), median of
  ``--repeat`` runs after a first (warm-up) run, which is printed too as ``first_run_s``, versus
  lxml's XSD validation of the same document.

The document repeats the PatientCareReport of an official sample ``--pcrs`` times, each copy
with fresh UUIDs and its own eRecord.01. Target from issue 6: Schematron under 2 s for 100 PCRs.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

from lxml import etree

from goldenhour.adapters.nemsis.report import NEMSIS_NS, Finding
from goldenhour.adapters.nemsis.schemas import DATASETS, nemsis_dir, release_file, xsd_findings
from goldenhour.adapters.nemsis.schematron_run import (
    compile_executable,
    compiled,
    run_svrl,
    svrl_findings,
)
from goldenhour.adapters.nemsis.xml_safety import hardened_parser, parse_xml

SAMPLE = "EMSDataset-ElementsRepeat-1.xml"


def emit(**fields: Any) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")


def timed(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    seconds, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), result


def many_pcrs(count: int) -> etree._ElementTree:
    """The sample's Header with its PatientCareReport repeated ``count`` times."""
    tree = parse_xml(nemsis_dir() / "SampleData" / "EMS" / "xml" / SAMPLE)
    header = tree.getroot().find(f"{{{NEMSIS_NS}}}Header")
    assert header is not None
    pcr = header.find(f"{{{NEMSIS_NS}}}PatientCareReport")
    assert pcr is not None
    header.remove(pcr)
    for number in range(count):
        clone = copy.deepcopy(pcr)
        for element in clone.iter(etree.Element):
            if element.get("UUID"):
                element.set("UUID", str(uuid.uuid4()))
        record = clone.find(f".//{{{NEMSIS_NS}}}eRecord.01")
        if record is not None:
            record.text = f"GH-BENCH-{number:05d}"
        header.append(clone)
    return tree


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pcrs", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    dataset = DATASETS["EMSDataSet"]
    base = nemsis_dir()
    rules = release_file(base, dataset, "schematron")
    xsd_path = release_file(base, dataset, "xsd")

    compile_s, _ = timed(lambda: compile_executable(rules), 1)
    xsd_compile_s, _ = timed(
        lambda: etree.XMLSchema(etree.parse(str(xsd_path), hardened_parser())), 1
    )
    emit(
        figure="schematron_compile_s",
        value=round(compile_s, 3),
        baseline="lxml XSD compile (EMSDataSet_v3.xsd)",
        baseline_value=round(xsd_compile_s, 3),
        ratio=round(compile_s / xsd_compile_s, 1),
    )

    document = many_pcrs(args.pcrs)
    size = len(etree.tostring(document))
    compiled(rules)  # warm: compiled once per process, as in the service

    def check() -> list[Finding]:
        return svrl_findings(run_svrl(document, rules), document)

    first_s, _ = timed(check, 1)  # Saxon-HE warms up its template rules on the first run
    run_s, findings = timed(check, args.repeat)
    xsd_s, xsd_errors = timed(lambda: xsd_findings(document, base, dataset), args.repeat)
    assert isinstance(findings, list) and isinstance(xsd_errors, list)
    emit(
        figure="schematron_run_s",
        pcrs=args.pcrs,
        document_bytes=size,
        value=round(run_s, 3),
        first_run_s=round(first_s, 3),
        target_s=2.0,
        findings=len(findings),
        baseline="lxml XSD validation of the same document",
        baseline_value=round(xsd_s, 4),
        xsd_errors=len(xsd_errors),
        ratio=round(run_s / xsd_s, 1),
        pcrs_per_s=round(args.pcrs / run_s, 1),
    )


if __name__ == "__main__":
    main()
