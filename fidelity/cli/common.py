"""Options shared by every command, and output helpers (data to stdout, messages to stderr)."""

from __future__ import annotations

import shutil
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
    """A plain aligned table on stdout.

    On a terminal the columns are fitted to its width (long cells end in '…'); piped, every
    cell is printed whole. Plain text keeps a 4,000-row listing fast (Rich takes seconds).
    """
    cells = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(h), *(len(row[i]) for row in cells)]) for i, h in enumerate(headers)]
    if sys.stdout.isatty():
        widths = _fit(widths, [len(h) for h in headers], shutil.get_terminal_size().columns)
    out = sys.stdout
    if title:
        out.write(f"{title}\n")
    out.write(_line(list(headers), widths) + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        out.write(_line(row, widths) + "\n")


def _cell(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _line(cells: list[str], widths: list[int]) -> str:
    parts = [c if len(c) <= w else c[: max(0, w - 1)] + "…" for c, w in zip(cells, widths,
                                                                          strict=True)]
    return "  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip()


def _fit(widths: list[int], minimum: list[int], total: int) -> list[int]:
    """Shrink the widest columns until the table fits ``total`` characters."""
    widths = list(widths)
    floor = [max(4, min(m, 12)) for m in minimum]
    while sum(widths) + 2 * (len(widths) - 1) > total:
        widest = max(range(len(widths)), key=lambda i: widths[i] - floor[i])
        if widths[widest] <= floor[widest]:
            break
        widths[widest] -= 1
    return widths


def parse_date(value: str | None, field: str = "--date") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInputError(f"{field} '{value}' is not a date. Please write it as "
                                "YYYY-MM-DD, e.g. 2026-11-26.") from None
