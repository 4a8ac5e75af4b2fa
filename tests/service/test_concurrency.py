"""Two processes writing ratings to one database at the same time lose nothing.

Requirements:
- CC001: two writer processes, each a rater scoring every item several times, run at once
  against SQLite and against PostgreSQL; afterwards every rater's last score of every item
  is in the database, and the audit log holds every change.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date

from fidelity.scale import ScaleRegistry
from fidelity.service import open_service
from tests.conftest import ROOT

WRITER = textwrap.dedent("""
    import sys
    from fidelity.scale import ScaleRegistry
    from fidelity.service import open_service
    from pathlib import Path
    database, rater = sys.argv[1], sys.argv[3]
    review_id, rounds = int(sys.argv[2]), int(sys.argv[4])
    service = open_service(database, registry=ScaleRegistry([Path(sys.argv[5])]), actor=rater)
    print("ready", flush=True)
    sys.stdin.readline()  # start together
    for round_ in range(rounds):
        for number in range(1, 26):
            service.rate_item(review_id, str(number), (number + round_) % 5 + 1, rater)
    print("done", flush=True)
""")


def test_two_writers(database: str) -> None:  # CC001
    service = open_service(database, registry=ScaleRegistry([ROOT / "scales"]))
    service.add_site("Busy Team")
    review_id = service.start_review("Busy Team", "ips-25", date(2026, 1, 1),
                                     raters=["Ann", "Bo"]).id
    rounds = 4
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, database, str(review_id), rater,
                                 str(rounds), str(ROOT / "scales")],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=env)
               for rater in ("Ann", "Bo")]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        out, err = writer.communicate(timeout=180)
        assert writer.returncode == 0, err
        assert out.strip() == "done"
    detail = service.review_detail(review_id)
    expected = [(number + rounds - 1) % 5 + 1 for number in range(1, 26)]
    assert [r.score for r in detail.by_rater["Ann"]] == expected
    assert [r.score for r in detail.by_rater["Bo"]] == expected
    score_changes = [e for e in service.audit_log(review_id) if e.field == "score"]
    assert len(score_changes) == 2 * 25 * rounds
    service.store.dispose()
