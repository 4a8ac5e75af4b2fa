"""Options shared by every command, and output helpers (data to stdout, messages to stderr)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fidelity.errors import InvalidInputError

if TYPE_CHECKING:
    from fidelity.service import FidelityService

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="IPS_DB", show_envvar=True,
                 help="Database file or SQLAlchemy URL (default: see `fidelity locate`)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON data instead of a table.")]


def service(db: str | None, *, create: bool = True) -> FidelityService:
    """Open the service on ``db`` (or the default database)."""
    from fidelity import locations
    from fidelity.service import open_service

    return open_service(db or locations.default_database(), create=create)


def message(text: str) -> None:
    """A message for the person at the terminal; never mixed into data on stdout."""
    print(text, file=sys.stderr)


def emit_json(value: Any) -> None:
    """Print ``value`` (pydantic models, dataclasses, lists of them) as JSON on stdout."""
    from pydantic import TypeAdapter

    sys.stdout.write(TypeAdapter(type(value) if not isinstance(value, list) else list[Any])
                     .dump_json(value, indent=2).decode() + "\n")


def emit_table(title: str | None, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """A readable table on stdout."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*("" if cell is None else str(cell) for cell in row))
    Console(soft_wrap=False).print(table)


def parse_date(value: str | None, field: str = "--date") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"{field} '{value}' is not a date. Please write it as "
                                "YYYY-MM-DD, e.g. 2026-11-26.") from None
