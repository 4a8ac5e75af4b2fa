"""Online backup of a SQLite database (safe while the app is writing to it).

A plain file copy can miss transactions still in the ``-wal`` file; SQLite's backup API
copies a consistent snapshot including them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fidelity.errors import InvalidInputError, StoreError
from fidelity.files import atomic_target


def backup_sqlite(url: str, target: Path) -> Path:
    """Copy the SQLite database at ``url`` to ``target`` (which must not exist)."""
    from fidelity.store.engine import sqlite_path

    source = sqlite_path(url)
    if source is None:
        raise InvalidInputError("`fidelity db backup` copies SQLite files; back up a "
                                "PostgreSQL store with pg_dump.")
    if target.exists():
        raise InvalidInputError(f"{target} already exists; please choose a new file name.")
    try:
        with atomic_target(target) as partial:
            src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()
    except sqlite3.Error as exc:
        raise StoreError(f"backup of {source} failed ({exc}); nothing was written.") from None
    return target
