"""Integrity checks on an open database (SQLite's own checks plus our invariants)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine


def integrity_problems(engine: Engine) -> list[str]:
    """Human-readable problems; empty when the database is sound."""
    problems: list[str] = []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            result = [row[0] for row in conn.execute(text("PRAGMA integrity_check"))]
            if result != ["ok"]:
                problems += [f"SQLite integrity: {r}" for r in result]
            for row in conn.execute(text("PRAGMA foreign_key_check")):
                problems.append(f"broken reference in table {row[0]} (row {row[1]})")
        orphan_consensus = conn.execute(text(
            "SELECT r.id FROM review r WHERE NOT EXISTS (SELECT 1 FROM rater t "
            "WHERE t.review_id = r.id AND t.kind = 'consensus')")).fetchall()
        for (review_id,) in orphan_consensus:
            problems.append(f"review {review_id} has no consensus rater")
    return problems
