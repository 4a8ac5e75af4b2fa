"""Killing the app mid-review loses nothing that was rated.

Requirements:
- KL001: a child process drives the real app and reports each score key it has pressed;
  the test kills it with SIGKILL part-way; every reported rating is in the database and the
  database passes its integrity check.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

from fidelity.store.integrity import integrity_problems
from tests.tui.conftest import make_test_app

CHILD = textwrap.dedent("""
    import asyncio, sys
    from tests.tui.conftest import make_test_app
    from tui.screens.review import ReviewScreen

    async def main() -> None:
        app, _ = make_test_app(__import__("pathlib").Path(sys.argv[1]))
        async with app.run_test(size=(80, 24)) as pilot:
            app.push_screen(ReviewScreen(int(sys.argv[2]), "Ann"))
            await pilot.pause()
            for n in range(25):
                score = n % 5 + 1
                await pilot.press(str(score))
                print(f"rated {n} {score}", flush=True)
            await asyncio.sleep(60)  # still 'working' when it is killed

    asyncio.run(main())
""")


def test_sigkill_loses_no_rating(db_path: Path) -> None:  # KL001
    _, check = make_test_app(db_path)
    check.add_site("Kill Team")
    review_id = check.start_review("Kill Team", "ips-25", date(2026, 2, 2), raters=["Ann"]).id
    root = Path(__file__).resolve().parents[2]
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db_path), str(review_id)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             cwd=root, env={**os.environ, "PYTHONPATH": str(root)})
    assert child.stdout is not None
    reported: list[tuple[int, int]] = []
    try:
        for line in child.stdout:
            _, number_text, score_text = line.split()
            reported.append((int(number_text), int(score_text)))
            if len(reported) == 12:
                child.send_signal(signal.SIGKILL)
                break
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL, child.stderr.read() if child.stderr else ""
    saved = check.review_detail(review_id).by_rater["Ann"]
    for number, score in reported:
        assert saved[number].score == score
    assert sum(r.score is not None for r in saved) >= 12
    assert integrity_problems(check.store.engine) == []
