"""The review App and the one factory that builds it (used by the CLI, tests, benchmarks)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from fidelity.service import FidelityService, open_service
from tui.commands import ReviewCommands
from tui.keymap import load_keymap


class IpsReviewApp(App[None]):
    """Keyboard-only fidelity review: every change is saved the moment it is made."""

    CSS_PATH = "app.tcss"
    TITLE = "IPS fidelity review"
    COMMANDS = App.COMMANDS | {ReviewCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", id="app.help",
                tooltip="List every key of this screen"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", tooltip="Leave (all work is saved)"),
    ]

    def __init__(self, service: FidelityService, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.service = service
        self._keymap = keymap or {}

    def on_mount(self) -> None:
        from tui.screens.home import HomeScreen

        if self._keymap:
            self.set_keymap(self._keymap)
        self.push_screen(HomeScreen())

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))


def make_app(database: str, keymap_file: Path | None = None) -> IpsReviewApp:
    """Open ``database`` (path or URL) and build the app on it.

    Raises:
        fidelity.errors.StoreError: the database cannot be opened.
    """
    return IpsReviewApp(open_service(database), keymap=load_keymap(keymap_file))
