"""Opening a database: URL or path, SQLite pragmas, schema migrations, typed errors.

SQLite gets foreign keys, WAL and ``synchronous=FULL`` on every connection: a reviewer's
laptop may lose power mid-visit, and each committed rating must survive that. The schema is
brought to the newest Alembic revision on open; opening an up-to-date database skips Alembic
entirely (it costs ~100 ms of imports) by comparing the stored revision with ``HEAD``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, make_url, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlmodel import Session

from fidelity.errors import StoreError

HEAD = "0003"
"""The newest migration revision; a test checks it matches the Alembic scripts."""
KNOWN_REVISIONS = ("0001", "0002", "0003")
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


@dataclass
class Store:
    """An open database: its URL (passwords hidden) and engine."""

    url: str
    engine: Engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits on success and rolls back on any error.

        Driver errors (disk full, read-only file, lock timeout) become ``StoreError`` with a
        one-line explanation, so every caller, the TUI included, can show them.
        """
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except (SQLAlchemyError, sqlite3.Error) as exc:
                session.rollback()
                raise StoreError(describe_db_error(self.url, exc)) from exc
            except BaseException:
                session.rollback()
                raise

    def dispose(self) -> None:
        self.engine.dispose()


def to_url(database: str) -> str:
    """A SQLAlchemy URL for ``database``, which may be a URL or a file path."""
    if "://" in database:
        return database
    return f"sqlite:///{Path(database).expanduser().resolve()}"


def open_store(database: str, *, create: bool = True, migrate: bool = True) -> Store:
    """Open ``database`` (path or SQLAlchemy URL), creating and migrating it as needed.

    Raises:
        StoreError: the file is missing (and ``create`` is false), is not a database, is
            from a newer version of the toolkit, or cannot be reached.
    """
    url = to_url(database)
    path = sqlite_path(url)
    if path is not None:
        if not path.exists():
            if not create:
                raise StoreError(f"database {path} does not exist. Please check --db, or "
                                 "create one with `fidelity site add` or `fidelity demo`.")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for database {path} "
                                 f"({exc.strerror}). Please choose another --db.") from None
        elif path.is_dir():
            raise StoreError(f"{path} is a folder, not a database file. "
                             "Please point --db at a .db file.")
    engine = _make_engine(url)
    store = Store(url=engine.url.render_as_string(hide_password=True), engine=engine)
    try:
        revision = current_revision(engine)
        if revision is not None and revision not in KNOWN_REVISIONS:
            raise StoreError(f"database {store.url} has schema version {revision}, newer than "
                             f"this toolkit knows ({HEAD}). Please upgrade ips-fidelity.")
        if revision != HEAD:
            if not migrate:
                raise StoreError(f"database {store.url} is at schema version "
                                 f"{revision or 'none'}, not {HEAD}. "
                                 "Please run `fidelity db upgrade`.")
            upgrade(engine)
    except StoreError:
        engine.dispose()
        raise
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        engine.dispose()
        raise StoreError(describe_db_error(store.url, exc)) from None
    return store


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL (also ``sqlite:///file:PATH?mode=ro&uri=true``)."""
    if not url.startswith("sqlite:///"):
        return None
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.query.get("uri") in ("true", "1"):
        database = database.removeprefix("file:")
    return Path(database) if database and database != ":memory:" else None


def _make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 15})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            # Switching to WAL needs write access; a read-only copy stays readable as is.
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError:
                pass
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision stored in the database, or None for an empty database."""
    with engine.connect() as conn:
        try:
            row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        except OperationalError as exc:
            if "no such table" in str(exc.orig):
                return None
            raise
        except DBAPIError as exc:
            # PostgreSQL: undefined table
            if "alembic_version" in str(exc.orig) and "exist" in str(exc.orig):
                conn.rollback()
                return None
            raise
        return str(row[0]) if row else None


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` on ``engine``."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            # Batch migrations rebuild tables (copy, drop, rename); with foreign keys
            # enforced the drop fails. The pragma only works outside a transaction, and
            # the references are checked again below before anyone uses the database.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # ends SQLAlchemy's autobegin; sqlite3 began nothing
        with connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
            if broken:
                raise StoreError(f"migration left {len(broken)} broken reference(s) in "
                                 f"{engine.url}; the database is unchanged in meaning but "
                                 "needs repair. Please report this.")


def describe_db_error(url: str, exc: BaseException) -> str:
    """One line saying what went wrong with the database and what to do about it."""
    detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    lowered = detail.lower()
    if "file is not a database" in lowered or "not a database" in lowered:
        return (f"{url} is not a fidelity database (SQLite says: {detail}). "
                "Please check --db points at a file made by fidelity.")
    if "readonly" in lowered or "read-only" in lowered:
        return (f"database {url} is read-only ({detail}). "
                "Please copy it somewhere writable or fix its permissions.")
    if "disk" in lowered and "full" in lowered:
        return (f"the disk holding {url} is full ({detail}). "
                "Nothing was saved; please free some space and retry.")
    if "locked" in lowered:
        return (f"database {url} is busy ({detail}). "
                "Another program holds a lock; please retry in a moment.")
    if "unable to open" in lowered:
        return f"cannot open database {url} ({detail}). Please check the path and permissions."
    return f"database error on {url}: {detail}"
