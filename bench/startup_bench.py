"""Start-up: `fidelity --help` and `fidelity scale list` against `python -c pass`.

Medians of repeated runs in the same session, so the ratio to the floor is what counts.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path


def median_seconds(command: list[str], runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure() -> dict[str, float]:
    fidelity = str(Path(sys.executable).with_name("fidelity"))
    return {
        "python -c pass": median_seconds([sys.executable, "-c", "pass"]),
        "fidelity --help": median_seconds([fidelity, "--help"]),
        "fidelity scale list": median_seconds([fidelity, "scale", "list"]),
    }
