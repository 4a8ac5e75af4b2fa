"""What every screen shares: the service, error display, palette commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.screen import Screen

from fidelity.errors import FidelityError

if TYPE_CHECKING:
    from fidelity.service import FidelityService
    from tui.app import IpsReviewApp

T = TypeVar("T")

PaletteEntry = tuple[str, Callable[[], Any], str]
"""(title "noun: verb", callback, help text) offered in the command palette."""


class ServiceScreen(Screen[None]):
    """A screen that works on the app's service and reports errors as notifications."""

    @property
    def review_app(self) -> IpsReviewApp:
        from tui.app import IpsReviewApp

        assert isinstance(self.app, IpsReviewApp)
        return self.app

    @property
    def service(self) -> FidelityService:
        return self.review_app.service

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a service call; a refused change becomes a message on screen, not a crash."""
        try:
            return fn(*args, **kwargs)
        except FidelityError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return None

    def palette_commands(self) -> list[PaletteEntry]:
        """Commands this screen offers in the palette (ctrl+p)."""
        return []
