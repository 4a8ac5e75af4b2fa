"""``fidelity demo``: seed a demo database to try the toolkit on."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fidelity.cli.common import DbOption, message


def demo(db: DbOption = None,
         force: Annotated[bool, typer.Option("--force", help="Replace an existing demo "
                                             "database file.")] = False) -> None:
    """Create a demo database: 3 sites, reviews over 3 years, raters, consensus, actions.

    Example: fidelity demo --db demo.db
    """
    from fidelity import locations
    from fidelity.errors import InvalidInputError
    from fidelity.service import open_service
    from fidelity.service.demo import seed_demo

    target = db or str(locations.data_dir() / "demo.db")
    if "://" not in target:
        path = Path(target)
        if path.exists():
            if not force:
                raise InvalidInputError(f"{path} already exists. Use --force to replace it "
                                        "with a fresh demo database.")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    service = open_service(target, actor="demo")
    ids = seed_demo(service)
    message(f"demo database {target}: {len(service.list_sites())} sites, {len(ids)} reviews")
    print(target)
