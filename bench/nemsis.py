"""NEMSIS export benchmark: patient care records out as EMSDataSet XML, checked as a state would.

Run: ``.venv/bin/python bench/nemsis.py [--pcrs 1000] [--schematron-pcrs 100] [--repeat 5]``.
Prints one JSON line per figure, each beside a baseline measured in the same run:

* ``export_xsd_pcrs_per_s``: stored records (the JSON documents the database holds) read back,
  streamed into an EMSDataSet with ``write_ems_dataset`` and validated against the XSD, per
  second; baseline: the XSD validation alone of the same bytes (what a receiver pays anyway).
  Target from issue 6: at least 200 PCRs/s.
* ``schematron_s``: the national Schematron over an export of ``--schematron-pcrs`` records
  (median of ``--repeat`` warm runs; the rules are compiled once per process, as in the
  service), with the number of errors found (0 expected: the records are complete); baseline:
  XSD validation of the same document. Target: under 2 s for 100 PCRs.

The records are ``domain.pcr.demo.demo_record`` (an overdose with two vital-sign sets, a
procedure and a medication, every National element documented), each with its own UUID and
call time.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from goldenhour.adapters.nemsis.elements import ems_schema
from goldenhour.adapters.nemsis.ems_export import AgencyHeader, write_ems_dataset
from goldenhour.adapters.nemsis.schemas import DATASETS, nemsis_dir, release_file, xsd_findings
from goldenhour.adapters.nemsis.schematron_run import compiled, run_svrl, svrl_findings
from goldenhour.adapters.nemsis.xml_safety import parse_xml
from goldenhour.domain.pcr.demo import demo_record
from goldenhour.domain.pcr.record import PatientCareRecord

HEADER = AgencyHeader("BENCH-EMS", "BENCH-EMS", "53")
START = datetime(2026, 1, 1, tzinfo=UTC)


def emit(**fields: Any) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")


def timed(action: Callable[[], object], repeat: int) -> tuple[float, object]:
    seconds, result = [], None
    for _ in range(repeat):
        begin = time.perf_counter()
        result = action()
        seconds.append(time.perf_counter() - begin)
    return statistics.median(seconds), result


def stored_documents(count: int) -> list[dict[str, Any]]:
    schema = ems_schema()
    return [
        demo_record(
            schema, str(uuid.uuid4()), f"B-{n:06d}", START + timedelta(minutes=7 * n)
        ).to_json()
        for n in range(count)
    ]


def export(documents: list[dict[str, Any]]) -> bytes:
    buffer = io.BytesIO()
    records = (PatientCareRecord.from_json(d) for d in documents)
    write_ems_dataset(buffer, [(HEADER, records)])
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pcrs", type=int, default=1000)
    parser.add_argument("--schematron-pcrs", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    base, dataset = nemsis_dir(), DATASETS["EMSDataSet"]

    documents = stored_documents(args.pcrs)
    xml = export(documents)
    xsd_findings(parse_xml(xml), base, dataset)  # compile the XSD once, as the service does

    def export_and_check() -> int:
        return len(xsd_findings(parse_xml(export(documents)), base, dataset))

    total_s, errors = timed(export_and_check, args.repeat)
    xsd_s, _ = timed(lambda: xsd_findings(parse_xml(xml), base, dataset), args.repeat)
    emit(
        figure="export_xsd_pcrs_per_s",
        pcrs=args.pcrs,
        document_bytes=len(xml),
        value=round(args.pcrs / total_s, 1),
        target=200,
        xsd_errors=errors,
        baseline="XSD validation alone of the same document (PCRs/s)",
        baseline_value=round(args.pcrs / xsd_s, 1),
        ratio=round(xsd_s / total_s, 2),
    )

    small = export(documents[: args.schematron_pcrs])
    tree = parse_xml(small)
    rules = release_file(base, dataset, "schematron")
    compiled(rules)

    def schematron() -> int:
        findings = svrl_findings(run_svrl(tree, rules), tree)
        return sum(1 for f in findings if f.severity == "error")

    first_s, _ = timed(schematron, 1)
    run_s, schematron_errors = timed(schematron, args.repeat)
    small_xsd_s, _ = timed(lambda: xsd_findings(tree, base, dataset), args.repeat)
    emit(
        figure="schematron_s",
        pcrs=args.schematron_pcrs,
        value=round(run_s, 3),
        first_run_s=round(first_s, 3),
        target_s=2.0,
        schematron_errors=schematron_errors,
        baseline="lxml XSD validation of the same document (s)",
        baseline_value=round(small_xsd_s, 4),
        ratio=round(run_s / small_xsd_s, 1),
    )


if __name__ == "__main__":
    main()
