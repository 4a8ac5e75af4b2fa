"""Command palette entries ("noun: verb") for whatever screen is active."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.screens.base import PaletteEntry, ServiceScreen


class ReviewCommands(Provider):
    """Offers the active screen's actions, so everything is reachable by name."""

    def _entries(self) -> list[PaletteEntry]:
        screen = self.screen
        entries = list(screen.palette_commands()) if isinstance(screen, ServiceScreen) else []
        help_action = getattr(self.app, "action_help", None)
        if callable(help_action):
            entries.append(("app: help", help_action, "List every key"))
        return entries

    async def discover(self) -> Hits:
        for title, callback, help_text in self._entries():
            yield DiscoveryHit(title, partial(_call, callback), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(_call, callback),
                          help=help_text)


def _call(callback: object) -> None:
    if callable(callback):
        callback()
