"""TUI speed: launch to the first interactive screen, and a score key to its commit.

Launch is measured from process start (a subprocess) to the start screen being ready with
every site listed. A key press is measured inside the real app: from the moment the key
event is handled to the moment ``ItemRated`` is posted, which happens after the rating's
transaction has committed and the row and score panel have been updated. (The pilot's own
waiting between keys is not part of the figure.)
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import time
from pathlib import Path

READY_SCRIPT = """
import sys, time
from tui.app import make_app
from tui.screens.home import HomeScreen
app = make_app(sys.argv[1])
async def ready():
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one("DataTable")
        print(f"READY rows={table.row_count}", flush=True)
import asyncio
asyncio.run(ready())
"""


def launch_seconds(db: Path, runs: int = 3) -> tuple[float, int]:
    """Median seconds from process start to the start screen listing every review."""
    times, rows = [], 0
    root = Path(__file__).resolve().parents[1]
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", READY_SCRIPT, str(db)],
                                stdout=subprocess.PIPE, text=True, cwd=root)
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("READY"):
                times.append(time.perf_counter() - start)
                rows = int(line.split("=")[1])
                break
        proc.wait()
    return statistics.median(times), rows


async def _press_times(db: Path, review_id: int) -> list[float]:
    from textual import events
    from textual.message import Message

    from tui.app import make_app
    from tui.messages import ItemRated
    from tui.screens.review import ReviewScreen

    app = make_app(str(db))
    key_seen: dict[int, float] = {}
    times: list[float] = []
    pending: list[float] = []

    def hook(message: Message) -> None:
        now = time.perf_counter()
        if isinstance(message, events.Key) and message.key.isdigit():
            if id(message) not in key_seen:
                key_seen[id(message)] = now
                pending.append(now)
        elif isinstance(message, ItemRated) and pending:
            times.append(now - pending.pop(0))

    async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
        app.push_screen(ReviewScreen(review_id, "Rater 1"))
        await pilot.pause()
        for n in range(25):
            await pilot.press(str(n % 5 + 1))
    committed = app.service.review_detail(review_id).by_rater["Rater 1"]
    assert all(r.score is not None for r in committed), "every key press was committed"
    return times


def keypress_ms(db: Path) -> tuple[float, float]:
    """Median and 95th percentile milliseconds from a score key to its commit."""
    from fidelity.service import open_service

    service = open_service(str(db))
    site = service.list_sites()[0].name
    review_id = service.start_review(site, "ips-25", __import__("datetime").date(2026, 11, 1),
                                     raters=["Rater 1"]).id
    times = sorted(asyncio.run(_press_times(db, review_id)))
    return statistics.median(times) * 1000, times[int(len(times) * 0.95) - 1] * 1000
