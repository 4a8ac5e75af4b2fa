"""Build a large, realistic review database fast (bulk inserts, one transaction).

Used by the benchmarks only: the service layer writes one audited transaction per change,
which is right for people and far too slow for making 100,000s of rows.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert

from fidelity.scale import ScaleRegistry
from fidelity.scale.loader import scale_hash
from fidelity.store import open_store
from fidelity.store.models import (
    ActionItem,
    Rater,
    Rating,
    Review,
    ScaleSnapshot,
    Site,
    utcnow,
)


def build(path: Path, sites: int, reviews_per_site: int, raters: int = 2,
          scale_id: str = "ips-25", seed: int = 7, actions_per_review: int = 0) -> None:
    """Create ``path`` with ``sites`` x ``reviews_per_site`` final reviews, fully scored,
    with ``actions_per_review`` action items each (done, except the newest review's)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(seed)
    registry = ScaleRegistry()
    scale = registry.get(scale_id)
    digest = scale_hash(scale)
    store = open_store(str(path))
    now = utcnow()
    low, high = scale.score_range.min, scale.score_range.max
    with store.engine.begin() as conn:
        conn.execute(insert(ScaleSnapshot), [{"hash": digest, "scale_id": scale.id,
                                              "version": scale.version,
                                              "content": registry.text(scale_id),
                                              "created_at": now}])
        conn.execute(insert(Site), [{"id": s + 1, "name": f"Site {s + 1:05d}",
                                     "organisation": f"Trust {s % 40 + 1}",
                                     "region": f"Region {s % 9 + 1}", "created_at": now}
                                    for s in range(sites)])
        review_rows, rater_rows, rating_rows, action_rows = [], [], [], []
        review_id = rater_id = 0
        for s in range(sites):
            level = rng.uniform(2.2, 4.3)
            for r in range(reviews_per_site):
                review_id += 1
                visit = date(2015, 1, 15) + timedelta(days=182 * r + rng.randint(0, 40))
                review_rows.append({
                    "id": review_id, "site_id": s + 1, "scale_id": scale.id,
                    "scale_version": scale.version, "scale_hash": digest,
                    "review_type": "external" if r == 0 else "follow-up", "visit_date": visit,
                    "status": "final", "notes": "", "created_at": now, "finalized_at": now})
                mean = min(high - 0.3, level + 0.08 * r)
                ids = []
                for k in range(raters + 1):
                    rater_id += 1
                    ids.append(rater_id)
                    rater_rows.append({"id": rater_id, "review_id": review_id,
                                       "name": "Consensus" if k == 0 else f"Rater {k}",
                                       "kind": "consensus" if k == 0 else "rater"})
                for item in scale.items:
                    score = max(low, min(high, round(rng.gauss(mean, 0.8))))
                    for rid in ids:
                        rating_rows.append({
                            "review_id": review_id, "rater_id": rid, "item_id": item.id,
                            "score": score, "metric_value": None, "elements": "",
                            "data_sources": "", "evidence": "Evidence noted on the visit.",
                            "updated_at": now, "updated_by": "bench"})
                for a in range(actions_per_review):
                    newest = r == reviews_per_site - 1
                    action_rows.append({
                        "review_id": review_id, "item_id": scale.items[(a * 7 + r) % 25].id,
                        "principle_id": None, "what": "Improve this item",
                        "owner": f"Lead {s % 50}",
                        "due_date": visit + timedelta(days=90 + 30 * a),
                        "status": "open" if newest else "done",
                        "created_at": now, "updated_at": now})
            if len(rating_rows) > 200_000:
                _flush(conn, review_rows, rater_rows, rating_rows, action_rows)
        _flush(conn, review_rows, rater_rows, rating_rows, action_rows)
    store.dispose()


def _flush(conn: object, reviews: list[dict[str, object]], raters: list[dict[str, object]],
           ratings: list[dict[str, object]], actions: list[dict[str, object]]) -> None:
    from sqlalchemy.engine import Connection

    assert isinstance(conn, Connection)
    for model, rows in ((Review, reviews), (Rater, raters), (Rating, ratings),
                        (ActionItem, actions)):
        if rows:
            conn.execute(insert(model), rows)
            rows.clear()
