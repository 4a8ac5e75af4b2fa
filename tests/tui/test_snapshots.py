"""Snapshots of the main screens on the demo database (80x24).

Requirements:
- SN001: the start screen, a rater's review screen, an item screen and the consensus screen
  render as recorded. Snapshots are recorded with the pinned Textual and Rich versions;
  update them with `pytest --snapshot-update` after a deliberate change.
"""

from __future__ import annotations

import shutil
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from fidelity.scale import ScaleRegistry
from fidelity.service import open_service
from fidelity.service.demo import seed_demo
from tests.conftest import ROOT
from tests.tui.conftest import make_test_app
from tui.screens.consensus import ConsensusScreen
from tui.screens.item import ItemScreen
from tui.screens.review import ReviewScreen

RECORDED_WITH = ("8.2.8", "15.0.0")
pytestmark = pytest.mark.skipif(
    (version("textual"), version("rich")) != RECORDED_WITH,
    reason="snapshots were recorded with textual 8.2.8 / rich 15.0.0",
)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("snap") / "demo.db"
    service = open_service(str(path), registry=ScaleRegistry([ROOT / "scales"]), actor="demo")
    seed_demo(service, today=date(2026, 11, 26))
    # Closing the only connection checkpoints the WAL into the file, so a plain copy of
    # demo.db holds every transaction.
    service.store.dispose()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


@pytest.fixture
def app_on_demo(demo_db: Path, tmp_path: Path) -> Any:
    copy = tmp_path / "demo.db"
    shutil.copy(demo_db, copy)
    app, _ = make_test_app(copy)
    return app


def test_home(snap_compare: Any, app_on_demo: Any) -> None:  # SN001
    assert snap_compare(app_on_demo, terminal_size=(80, 24))


def test_review_screen(snap_compare: Any, app_on_demo: Any) -> None:  # SN001
    async def open_review(pilot: Pilot[None]) -> None:
        pilot.app.push_screen(ReviewScreen(5, "Ben Walsh"))
        await pilot.pause()

    assert snap_compare(app_on_demo, terminal_size=(80, 24), run_before=open_review)


def test_item_screen(snap_compare: Any, app_on_demo: Any) -> None:  # SN001
    async def open_item(pilot: Pilot[None]) -> None:
        pilot.app.push_screen(ItemScreen(4, "Amira Khan", "caseload_size"))
        await pilot.pause()

    assert snap_compare(app_on_demo, terminal_size=(80, 24), run_before=open_item)


def test_consensus_screen(snap_compare: Any, app_on_demo: Any) -> None:  # SN001
    async def open_consensus(pilot: Pilot[None]) -> None:
        pilot.app.push_screen(ConsensusScreen(4))
        await pilot.pause()

    assert snap_compare(app_on_demo, terminal_size=(80, 24), run_before=open_consensus)
