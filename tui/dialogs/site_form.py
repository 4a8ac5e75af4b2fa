"""Form for a new site."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from tui.dialogs.form import FormDialog


class SiteForm(FormDialog):
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("New site", classes="title-line")
            yield Input(placeholder="Team name (required)", id="name")
            yield Input(placeholder="Organisation", id="organisation")
            yield Input(placeholder="Region", id="region")
            yield Static("Tab/Enter = next field   Ctrl+S = save   Esc = cancel",
                         classes="hint")

    def values(self) -> dict[str, Any] | None:
        if not self.text("name"):
            self.notify("Please give the team's name.", severity="warning")
            self.query_one("#name", Input).focus()
            return None
        return {"name": self.text("name"), "organisation": self.text("organisation"),
                "region": self.text("region")}
