"""Opening databases: migrations, pragmas and typed errors for bad files.

Requirements:
- ST001: a new database is created at the newest schema; HEAD matches the migration scripts.
- ST002: SQLite connections have foreign keys on and WAL.
- ST003: a missing file (when not creating), a file that is not a database, a folder, and a
  database from a newer toolkit are refused with a StoreError naming the file.
- ST004: `db check` finds no problem in a sound database.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from fidelity.errors import StoreError
from fidelity.store import open_store
from fidelity.store.engine import (
    HEAD,
    KNOWN_REVISIONS,
    MIGRATIONS_DIR,
    current_revision,
    to_url,
)
from fidelity.store.integrity import integrity_problems


def test_head_matches_scripts() -> None:  # ST001
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    assert script.get_current_head() == HEAD
    assert {r.revision for r in script.walk_revisions()} == set(KNOWN_REVISIONS)


def test_new_database_is_migrated(database: str) -> None:  # ST001, ST002, ST004
    store = open_store(database)
    assert current_revision(store.engine) == HEAD
    assert integrity_problems(store.engine) == []
    with store.engine.connect() as conn:
        migrated = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        assert migrated == [], "the migrations must build exactly the models' schema"
        if store.engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    store.dispose()


def test_upgrade_keeps_data(database: str) -> None:  # ST001
    """A database at the first revision, with data, upgrades to HEAD with nothing lost."""
    from sqlalchemy import create_engine

    from fidelity.store.engine import upgrade

    engine = create_engine(to_url(database))
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO site (id, name, organisation, region, created_at) "
                          "VALUES (1, 'Old Team', '', '', '2024-01-01 00:00:00')"))
        conn.execute(text("INSERT INTO scale_snapshot (hash, scale_id, version, content, "
                          "created_at) VALUES ('h', 's', '1', 'x', '2024-01-01 00:00:00')"))
        conn.execute(text("INSERT INTO review (id, site_id, scale_id, scale_version, "
                          "scale_hash, review_type, visit_date, status, notes, created_at) "
                          "VALUES (1, 1, 's', '1', 'h', 'external', '2024-01-02', 'draft', "
                          "'', '2024-01-01 00:00:00')"))
    engine.dispose()
    store = open_store(database)
    assert current_revision(store.engine) == HEAD
    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT id, uid, site_id FROM review")).one()
        assert row[0] == 1 and len(row[1]) == 32 and row[2] == 1
    store.dispose()


def test_foreign_keys_are_enforced(database: str) -> None:  # ST002
    store = open_store(database)
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(text("INSERT INTO rater (review_id, name, kind) VALUES (42, 'x', 'rater')"))
    store.dispose()


def test_missing_database_when_not_creating(tmp_path: Path) -> None:  # ST003
    with pytest.raises(StoreError, match=r"nope\.db does not exist"):
        open_store(str(tmp_path / "nope.db"), create=False)
    assert not (tmp_path / "nope.db").exists()


def test_file_that_is_not_a_database(tmp_path: Path) -> None:  # ST003
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my meeting notes, not a database\n" * 50)
    with pytest.raises(StoreError, match=r"notes\.db is not a fidelity database"):
        open_store(str(bogus))
    assert bogus.read_text().startswith("these are my meeting notes")


def test_folder_instead_of_file(tmp_path: Path) -> None:  # ST003
    with pytest.raises(StoreError, match="is a folder"):
        open_store(str(tmp_path))


def test_database_from_newer_version(db_path: Path) -> None:  # ST003
    open_store(str(db_path)).dispose()
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(StoreError, match="schema version 9999, newer than this toolkit"):
        open_store(str(db_path))
