"""The review store: SQLModel tables, the engine factory and Alembic migrations."""

from __future__ import annotations

from fidelity.store.engine import Store, open_store

__all__ = ["Store", "open_store"]
