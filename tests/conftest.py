"""Shared fixtures: the shipped scales, a fresh SQLite file per test, a service on it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from fidelity.scale import ScaleDefinition, ScaleRegistry, load_scale
from fidelity.service import FidelityService, open_service
from tests.pg import PgServer, PgUnavailable

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


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer | None]:
    """A PostgreSQL server for the whole run, or None where none can be had (locally)."""
    try:
        server = PgServer()
    except PgUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required under CI: {exc}")
        yield None
        return
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, db_path: Path,
             pg_server: PgServer | None) -> str:
    """A fresh, empty database: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(db_path)
    if pg_server is None:
        pytest.skip("no PostgreSQL server here (it is required under CI)")
    return pg_server.new_database()


@pytest.fixture
def service(database: str) -> Iterator[FidelityService]:
    svc = open_service(database, registry=ScaleRegistry([ROOT / "scales"]), actor="tester")
    yield svc
    svc.store.dispose()
