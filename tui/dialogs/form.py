"""A small keyboard form: Tab or Enter moves on, Enter on the last field (or Ctrl+S) saves."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, Select


class FormDialog(ModalScreen[dict[str, Any] | None]):
    """Subclasses compose their fields and implement ``values`` (None = invalid)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save this form"),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
    ]

    def values(self) -> dict[str, Any] | None:
        raise NotImplementedError

    def text(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def choice(self, widget_id: str) -> Any:
        value = self.query_one(f"#{widget_id}", Select).value
        return None if value is Select.NULL else value

    @on(Input.Submitted)
    def next_or_save(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        values = self.values()
        if values is not None:
            self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
