"""Shared fixtures: the shipped scales, a fresh SQLite file per test, a service on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fidelity.scale import ScaleDefinition, ScaleRegistry, load_scale
from fidelity.service import FidelityService, open_service

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory,
                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the real user's data directory or database."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("IPS_DATA_DIR", str(home / "data"))
    monkeypatch.delenv("IPS_DB", raising=False)
    monkeypatch.delenv("IPS_SCALES_PATH", raising=False)
    monkeypatch.setenv("IPS_USER", "tester")


@pytest.fixture(scope="session")
def ips25() -> ScaleDefinition:
    return load_scale(ROOT / "scales" / "ips-25.yaml")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "reviews.db"


@pytest.fixture
def service(db_path: Path) -> Iterator[FidelityService]:
    svc = open_service(str(db_path), registry=ScaleRegistry([ROOT / "scales"]), actor="tester")
    yield svc
    svc.store.dispose()
