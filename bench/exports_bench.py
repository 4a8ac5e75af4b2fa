"""Export speed and memory: one review report with its radar, and a 500-site portfolio.

Each is run in a fresh process so the time includes importing openpyxl and matplotlib (as a
person running the command would wait for) and the peak memory is that process's own.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
from fidelity.service import open_service
service = open_service(sys.argv[1])
out = Path(sys.argv[3])
if sys.argv[2] == "report":
    from exports.report import write_report
    review_id = service.list_reviews(site=service.list_sites()[0].id)[0].id
    write_report(service, review_id, out)
else:
    from exports.portfolio import write_portfolio
    write_portfolio(service, out)
seconds = time.perf_counter() - start
# VmHWM is this process image's own peak; ru_maxrss would carry the parent's peak across
# fork and exec on Linux.
status = Path("/proc/self/status").read_text()
peak_kb = next(int(line.split()[1]) for line in status.splitlines()
               if line.startswith("VmHWM:"))
peak_mb = peak_kb / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "bytes": out.stat().st_size}))
"""


def run(db: Path, what: str, out: Path, runs: int = 3) -> dict[str, float]:
    """Median seconds and the largest peak memory over ``runs`` fresh processes."""
    root = Path(__file__).resolve().parents[1]
    results = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", SCRIPT, str(db), what, str(out)],
                              check=True, capture_output=True, text=True, cwd=root)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    results.sort(key=lambda r: r["seconds"])
    return {"seconds": results[len(results) // 2]["seconds"],
            "peak_mb": max(r["peak_mb"] for r in results), "bytes": results[0]["bytes"]}
