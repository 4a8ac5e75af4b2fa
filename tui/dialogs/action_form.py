"""Forms for an action item: a new one (weakest items offered first) and an update."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from fidelity.store.models import ACTION_STATUSES
from tui.dialogs.form import FormDialog


def _due(text: str) -> date | None | bool:
    """The due date, None when empty, False when malformed."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return False


class _DueDateForm(FormDialog):
    def due_date(self) -> date | None | bool:
        """The ``#due`` field as a date; warns and returns False when it is not one."""
        due = _due(self.text("due"))
        if due is False:
            self.notify("The due date must be YYYY-MM-DD.", severity="warning")
            self.query_one("#due", Input).focus()
        return due


class ActionForm(_DueDateForm):
    def __init__(self, items: list[tuple[str, str]], principles: list[tuple[str, str]]) -> None:
        """``items`` (label, item id) weakest first; ``principles`` (label, id)."""
        super().__init__()
        self.items = items
        self.principles = principles

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("New action item", classes="title-line")
            yield Select(self.items, prompt="Item (weakest first)", id="item",
                         value=self.items[0][1] if self.items else Select.NULL)
            yield Select(self.principles, prompt="Principle (optional)", id="principle")
            yield Input(placeholder="What will be done (required)", id="what")
            yield Input(placeholder="Owner", id="owner")
            yield Input(placeholder="Due date YYYY-MM-DD", id="due")
            yield Static("Tab = next field   Ctrl+S = save   Esc = cancel", classes="hint")

    def values(self) -> dict[str, Any] | None:
        due = self.due_date()
        if due is False:
            return None
        if not self.text("what"):
            self.notify("Please say what will be done.", severity="warning")
            self.query_one("#what", Input).focus()
            return None
        return {"item_id": self.choice("item"), "principle_id": self.choice("principle"),
                "what": self.text("what"), "owner": self.text("owner"), "due_date": due}


class ActionUpdateForm(_DueDateForm):
    def __init__(self, what: str, status: str, owner: str, due: date | None) -> None:
        super().__init__()
        self.what, self.status, self.owner, self.due = what, status, owner, due

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Update: {self.what}", classes="title-line")
            yield Select([(s, s) for s in ACTION_STATUSES], id="status", value=self.status,
                         allow_blank=False)
            yield Input(value=self.owner, placeholder="Owner", id="owner")
            yield Input(value=self.due.isoformat() if self.due else "",
                        placeholder="Due date YYYY-MM-DD", id="due")
            yield Input(placeholder="Progress note (added, never overwrites)", id="note")
            yield Static("Tab = next field   Ctrl+S = save   Esc = cancel", classes="hint")

    def values(self) -> dict[str, Any] | None:
        due = self.due_date()
        if due is False:
            return None
        return {"status": self.choice("status"), "owner": self.text("owner"),
                "due_date": due, "note": self.text("note") or None}
