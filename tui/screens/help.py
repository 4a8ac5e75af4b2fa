"""Help: every key of the screen underneath and of the app, with what it does."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close", id="help.close",
                        tooltip="Close the help")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        table = Table(title=f"Keys: {type(self.under).__name__.removesuffix('Screen')}",
                      expand=True)
        table.add_column("Key", no_wrap=True)
        table.add_column("Does")
        digits_done = False
        for binding in [*self.under.BINDINGS, *self.app.BINDINGS, Binding("ctrl+p", "",
                        "", tooltip="Command palette: every action by name")]:
            if not isinstance(binding, Binding):
                continue
            if binding.key.isdigit():
                if not digits_done:
                    table.add_row("0-9", "Score the item (the scale's range only)")
                    digits_done = True
                continue
            table.add_row(binding.key_display or self.app.get_key_display(binding),
                          binding.tooltip or binding.description)
        with VerticalScroll(classes="dialog"):
            yield Static(table)
            yield Static("Every change is saved at once. Esc closes.", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
