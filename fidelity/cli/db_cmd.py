"""``fidelity db upgrade|check|backup``: schema version, integrity, backups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fidelity.cli.common import DbOption, JsonOption, emit_json, message

app = typer.Typer(help="Database maintenance.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(db: DbOption = None) -> None:
    """Bring a database to the newest schema (opening one does this too).

    Example: fidelity db upgrade --db team.db
    """
    from fidelity import locations
    from fidelity.store.engine import HEAD, open_store

    store = open_store(db or locations.default_database(), create=False)
    message(f"{store.url} is at schema version {HEAD}")


@app.command("check")
def check(db: DbOption = None, json: JsonOption = False) -> None:
    """Report the schema version and run the integrity checks.

    Example: fidelity db check
    """
    from fidelity import locations
    from fidelity.errors import StoreError
    from fidelity.store.engine import HEAD, current_revision, open_store
    from fidelity.store.integrity import integrity_problems

    store = open_store(db or locations.default_database(), create=False, migrate=False)
    problems = integrity_problems(store.engine)
    report = {"database": store.url, "schema_version": current_revision(store.engine),
              "expected_version": HEAD, "problems": problems}
    if json:
        emit_json(report)
    else:
        message(f"{store.url}: schema {report['schema_version']}; "
                f"{'ok' if not problems else str(len(problems)) + ' problem(s)'}")
    if problems:
        raise StoreError("; ".join(problems))


@app.command("backup")
def backup(target: Annotated[Path, typer.Argument(help="New file for the copy.")],
           db: DbOption = None) -> None:
    """Copy a SQLite database safely, even while the app is using it.

    Example: fidelity db backup ~/backups/fidelity-2026-11-26.db
    """
    from fidelity import locations
    from fidelity.store.backup import backup_sqlite
    from fidelity.store.engine import open_store

    store = open_store(db or locations.default_database(), create=False)
    url = str(store.engine.url)
    store.dispose()
    path = backup_sqlite(url, target)
    message(f"backed up {url} to {path}")
