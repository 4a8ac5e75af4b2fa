"""Form for starting a review: site, scale, visit date, type, raters."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Select, Static

from fidelity.store.models import REVIEW_TYPES
from tui.dialogs.form import FormDialog


class ReviewForm(FormDialog):
    def __init__(self, sites: list[str], scales: list[tuple[str, str]],
                 default_site: str | None = None) -> None:
        """``scales`` are (label, scale id) pairs."""
        super().__init__()
        self.sites = sites
        self.scales = scales
        self.default_site = default_site

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("New review", classes="title-line")
            yield Select([(s, s) for s in self.sites], prompt="Site", id="site",
                         value=self.default_site if self.default_site in self.sites
                         else Select.NULL)
            yield Select(self.scales, prompt="Scale", id="scale",
                         value=self.scales[0][1] if self.scales else Select.NULL)
            yield Select([(t, t) for t in REVIEW_TYPES], prompt="Review type", id="type",
                         value=REVIEW_TYPES[0])
            yield Input(value=date.today().isoformat(), placeholder="Visit date YYYY-MM-DD",
                        id="date")
            yield Input(placeholder="Raters, separated by commas (e.g. Ann Lee, Bo Chan)",
                        id="raters")
            yield Static("Tab = next field   Ctrl+S = start   Esc = cancel", classes="hint")

    def values(self) -> dict[str, Any] | None:
        site, scale = self.choice("site"), self.choice("scale")
        if site is None or scale is None:
            self.notify("Please choose a site and a scale.", severity="warning")
            return None
        try:
            visit = date.fromisoformat(self.text("date"))
        except ValueError:
            self.notify("The visit date must be YYYY-MM-DD, e.g. 2026-11-26.",
                        severity="warning")
            self.query_one("#date", Input).focus()
            return None
        raters = [r.strip() for r in self.text("raters").split(",") if r.strip()]
        if not raters:
            self.notify("Please name at least one rater.", severity="warning")
            self.query_one("#raters", Input).focus()
            return None
        return {"site": site, "scale_id": scale, "review_type": self.choice("type"),
                "visit_date": visit, "raters": raters}
