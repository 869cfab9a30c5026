"""How long ``goldenhour --version`` and ``goldenhour --help`` take to start, beside the import
of the whole web app (what every command cost before sub-commands were loaded lazily).

Each figure is the median wall time of ``RUNS`` fresh processes (``python -m goldenhour ...``);
baseline, same run: ``python -c "import goldenhour.api.app"``. Target: under 0.3 s.

    .venv/bin/python bench/cli_startup.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

RUNS = 7


def median_seconds(argv: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    baseline = median_seconds([sys.executable, "-c", "import goldenhour.api.app"])
    floor = median_seconds([sys.executable, "-c", "pass"])  # Python itself, for scale
    for args in (["--version"], ["--help"]):
        figure = median_seconds([sys.executable, "-m", "goldenhour", *args])
        line = {
            "benchmark": "cli_startup",
            "command": "goldenhour " + " ".join(args),
            "seconds": round(figure, 3),
            "baseline": "python -c 'import goldenhour.api.app'",
            "baseline_seconds": round(baseline, 3),
            "ratio": round(figure / baseline, 3),
            "python_alone_seconds": round(floor, 3),
            "target_seconds": 0.3,
        }
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
