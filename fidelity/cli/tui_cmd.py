"""``fidelity tui`` (also plain ``fidelity``): open the terminal review app."""

from __future__ import annotations

from fidelity.cli.common import DbOption


def tui(db: DbOption = None) -> None:
    """Open the review app (keyboard only; every change is saved at once).

    Example: fidelity tui --db team.db
    """
    from fidelity import locations
    from tui.app import make_app

    make_app(db or locations.default_database()).run()
