"""History queries on a big database: compare a site, overdue actions, a site's reviews.

Each command is run as a person runs it (``fidelity ...`` in a fresh process, output to a
pipe), so the figure includes start-up. The same commands are timed on a small database to
show the time follows the site's own history, not the size of the database.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = {
    "compare SITE --by section": ["compare", "Site 01000", "--by", "section"],
    "actions list --status overdue": ["actions", "list", "--status", "overdue", "--today",
                                      "2025-09-01"],
    "review list --site SITE": ["review", "list", "--site", "Site 01000"],
}


def time_command(db: Path, args: list[str], runs: int = 3) -> float:
    """Median wall seconds of ``fidelity ARGS --db DB``."""
    fidelity = Path(sys.executable).with_name("fidelity")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(fidelity), *args, "--db", str(db)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
