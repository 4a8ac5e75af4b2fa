"""Run every benchmark and print one table (`make bench`)."""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import (  # noqa: E402
    exports_bench,
    history_bench,
    make_db,
    startup_bench,
    tui_bench,
)


def main() -> None:
    rows: list[tuple[str, str, str]] = []
    startup = startup_bench.measure()
    floor = startup["python -c pass"]
    for name, seconds in startup.items():
        rows.append((f"start-up: {name}", f"{seconds * 1000:.0f} ms ({seconds / floor:.1f}x "
                     "the floor)", "-" if name.startswith("python") else "< 10x the floor"))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench-500x10.db"
        start = time.perf_counter()
        make_db.build(db, sites=500, reviews_per_site=10)
        built = time.perf_counter() - start
        rows.append(("build 500 sites x 10 reviews (bulk)", f"{built:.1f} s", "-"))
        seconds, listed = tui_bench.launch_seconds(db)
        rows.append((f"TUI launch to start screen ({listed} sites, 5000 reviews)",
                     f"{seconds:.2f} s", "< 1 s"))
        median, p95 = tui_bench.keypress_ms(db)
        rows.append(("TUI score key to commit (median)", f"{median:.1f} ms", "< 50 ms"))
        rows.append(("TUI score key to commit (p95)", f"{p95:.1f} ms", "< 50 ms"))
        report = exports_bench.run(db, "report", Path(tmp) / "report.xlsx")
        rows.append(("Excel report with radar, one review (fresh process)",
                     f"{report['seconds']:.2f} s, {report['peak_mb']:.0f} MB peak",
                     "< 1.5 s, < 300 MB"))
        portfolio = exports_bench.run(db, "portfolio", Path(tmp) / "portfolio.xlsx")
        rows.append(("Portfolio workbook, 500 sites (fresh process)",
                     f"{portfolio['seconds']:.2f} s, {portfolio['peak_mb']:.0f} MB peak",
                     "< 10 s, < 300 MB"))
        big = Path(tmp) / "bench-2000x20.db"
        start = time.perf_counter()
        make_db.build(big, sites=2000, reviews_per_site=20, raters=0, actions_per_review=2)
        rows.append(("build 2000 sites x 20 reviews = 40,000 reviews, 1,000,000 ratings, "
                     "80,000 actions (bulk)", f"{time.perf_counter() - start:.1f} s", "-"))
        # Half the sites, same history per site: "Site 01000" exists in both databases.
        small = Path(tmp) / "bench-1000x20.db"
        make_db.build(small, sites=1000, reviews_per_site=20, raters=0, actions_per_review=2)
        for name, args in history_bench.COMMANDS.items():
            on_big = history_bench.time_command(big, args)
            on_small = history_bench.time_command(small, args)
            rows.append((f"fidelity {name} (40,000 reviews / 20,000 reviews)",
                         f"{on_big:.2f} s / {on_small:.2f} s", "< 1 s"))
    cores = os.cpu_count()
    print(f"# Benchmarks, {date.today()}, Python {platform.python_version()}, "
          f"{platform.machine()}, {platform.system()}, {cores} cores")
    print()
    print("Run with `make bench`. Times are medians of repeated runs; commands run in fresh "
          "processes as a person would run them.")
    print()
    print("| what | measured | aim |")
    print("|---|---|---|")
    for what, measured, aim in rows:
        print(f"| {what} | {measured} | {aim} |")


if __name__ == "__main__":
    main()
