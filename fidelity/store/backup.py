"""Online backup of a SQLite database (safe while the app is writing to it).

A plain file copy can miss transactions still in the ``-wal`` file; SQLite's backup API
copies a consistent snapshot including them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fidelity.errors import InvalidInputError, StoreError


def backup_sqlite(url: str, target: Path) -> Path:
    """Copy the SQLite database at ``url`` to ``target`` (which must not exist)."""
    from fidelity.store.engine import sqlite_path

    source = sqlite_path(url)
    if source is None:
        raise InvalidInputError("`fidelity db backup` copies SQLite files; back up a "
                                "PostgreSQL store with pg_dump.")
    if target.exists():
        raise InvalidInputError(f"{target} already exists; please choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, \
                sqlite3.connect(partial) as dst:
            src.backup(dst)
        partial.replace(target)
    except sqlite3.Error as exc:
        raise StoreError(f"backup of {source} failed ({exc}); nothing was written.") from None
    finally:
        partial.unlink(missing_ok=True)
    return target
