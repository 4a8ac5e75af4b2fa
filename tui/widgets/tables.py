"""Small helpers for DataTable, used by every screen with a list."""

from __future__ import annotations

from textual.widgets import DataTable


def highlighted_key(table: DataTable[object]) -> str | None:
    """The key of the highlighted row, or None when the table is empty."""
    if table.row_count == 0:
        return None
    value = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return None if value is None else str(value)
