"""Database faults give a clear message and leave no partial data.

Requirements:
- FA001: a disk-full error in the middle of a write (simulated with SQLite's
  max_page_count) becomes a StoreError saying the disk is full; nothing of the operation
  is stored; the TUI-facing service stays usable once there is room.
- FA002: a read-only database: reading works, writing is refused with a clear message and
  exit code 3 from the CLI, and the file is unchanged.
- FA003: a file that is not a database and a database from a newer toolkit are refused with
  exit code 3 and one line (see also tests/service/test_store.py).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event

from fidelity.errors import StoreError
from fidelity.scale import ScaleRegistry
from fidelity.service import FidelityService, open_service
from tests.conftest import ROOT


def _limit_pages(service: FidelityService, extra_pages: int) -> None:
    """From now on the database file may grow by at most ``extra_pages`` pages."""
    with service.store.engine.connect() as conn:
        pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
    limit = pages + extra_pages

    @event.listens_for(service.store.engine, "connect")
    def _cap(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {limit}")  # type: ignore[attr-defined]

    service.store.engine.dispose()  # new connections get the cap


def test_disk_full_keeps_nothing_half_written(db_path: Path) -> None:  # FA001
    service = open_service(str(db_path), registry=ScaleRegistry([ROOT / "scales"]))
    service.add_site("North Team")
    review_id = service.start_review("North Team", "ips-25", date(2026, 1, 5),
                                     raters=["Ann"]).id
    service.rate_item(review_id, "disclosure", 3, "Ann")
    before_audit = len(service.audit_log(review_id))
    _limit_pages(service, 0)
    with pytest.raises(StoreError, match="is full.*Nothing was saved"):
        service.set_evidence(review_id, "disclosure", "x" * 200_000, "Ann")
    with pytest.raises(StoreError, match="is full"):  # many rows in one transaction
        service.start_review("North Team", "ips-25", date(2026, 2, 5),
                             raters=[f"Rater {i:03d} " + "x" * 150 for i in range(300)])
    service.store.engine.dispose()
    fresh = open_service(str(db_path), registry=ScaleRegistry([ROOT / "scales"]))
    assert [r.id for r in fresh.list_reviews()] == [review_id]
    rating = fresh.review_detail(review_id).by_rater["Ann"][12]
    assert (rating.score, rating.evidence) == (3, "")
    assert len(fresh.audit_log(review_id)) == before_audit
    fresh.set_evidence(review_id, "disclosure", "room again")  # usable once there is room


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: sorted(conn.execute(f"SELECT * FROM {n}").fetchall(), key=repr)
                for n in names}


def test_read_only_database(tmp_path: Path) -> None:  # FA002
    db = tmp_path / "ro.db"
    service = open_service(str(db), registry=ScaleRegistry([ROOT / "scales"]))
    service.add_site("North Team")
    service.store.dispose()
    before = dump(db)
    if os.geteuid() == 0:
        # Root ignores file modes; SQLite's read-only mode is the same refusal.
        target = f"sqlite:///file:{db}?mode=ro&uri=true"
    else:
        db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        target = str(db)
    fidelity = str(Path(sys.executable).with_name("fidelity"))
    try:
        listed = subprocess.run([fidelity, "site", "list", "--db", target],
                                capture_output=True, text=True, timeout=60)
        assert listed.returncode == 0 and "North Team" in listed.stdout, listed.stderr
        done = subprocess.run([fidelity, "site", "add", "South Team", "--db", target],
                              capture_output=True, text=True, timeout=60)
    finally:
        db.chmod(0o644)
    assert done.returncode == 3, done.stderr
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1
    assert "read-only" in done.stderr and "Traceback" not in done.stderr
    assert dump(db) == before


@pytest.mark.parametrize("kind", ["not-a-database", "newer-schema"])
def test_bad_files_from_the_cli(tmp_path: Path, kind: str) -> None:  # FA003
    db = tmp_path / "x.db"
    if kind == "not-a-database":
        db.write_bytes(b"PK\x03\x04 a zip file, not a database" * 100)
    else:
        service = open_service(str(db))
        service.store.dispose()
        import sqlite3

        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '0099'")
    before = db.read_bytes() if kind == "not-a-database" else dump(db)
    fidelity = str(Path(sys.executable).with_name("fidelity"))
    done = subprocess.run([fidelity, "review", "list", "--db", str(db)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 3
    assert done.stderr.count("\n") == 1 and done.stdout == ""
    assert ("not a fidelity database" in done.stderr if kind == "not-a-database"
            else "newer than this toolkit" in done.stderr)
    assert (db.read_bytes() if kind == "not-a-database" else dump(db)) == before
