"""Fixtures for driving the real app headless on a temporary database."""

from __future__ import annotations

from pathlib import Path

import pytest

from fidelity.scale import ScaleRegistry
from fidelity.service import FidelityService, open_service
from tests.conftest import ROOT
from tui.app import IpsReviewApp


def make_test_app(db_path: Path) -> tuple[IpsReviewApp, FidelityService]:
    """An app on ``db_path`` plus a second, independent service to check what was saved."""
    registry = ScaleRegistry([ROOT / "scales"])
    app = IpsReviewApp(open_service(str(db_path), registry=registry, actor="pilot"))
    checker = open_service(str(db_path), registry=registry, actor="checker")
    return app, checker


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic rendering: no blinking cursors in inputs and text areas."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "cursor_blink", False, raising=False)
    monkeypatch.setattr(TextArea, "cursor_blink", False, raising=False)
