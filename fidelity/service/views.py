"""Read models the service returns: plain pydantic objects, safe to print as JSON.

The CLI's ``--json`` output is exactly ``model_dump_json`` of these, so they are the
toolkit's data contract for scripts.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from fidelity.scoring.agreement import Agreement
from fidelity.scoring.totals import ScoreSummary


class SiteView(BaseModel):
    id: int
    name: str
    organisation: str
    region: str
    reviews: int = 0
    latest_review_date: date | None = None


class ReviewView(BaseModel):
    id: int
    site_id: int
    site: str
    scale_id: str
    scale_version: str
    review_type: str
    visit_date: date
    status: str
    raters: list[str]
    total: int
    scored: int
    items: int
    level: str | None
    provisional: bool


class RatingView(BaseModel):
    item_id: str
    item_number: int
    item_name: str
    section: str
    rater: str
    is_consensus: bool
    score: int | None
    metric_value: float | None
    suggested_score: int | None
    elements: list[int]
    data_sources: list[str]
    evidence: str
    updated_at: datetime | None
    updated_by: str


class ReviewDetail(BaseModel):
    review: ReviewView
    consensus: list[RatingView]
    by_rater: dict[str, list[RatingView]]
    summary: ScoreSummary
    agreement: Agreement | None


class ActionNoteView(BaseModel):
    at: datetime
    author: str
    text: str


class ActionView(BaseModel):
    id: int
    review_id: int
    site: str
    item_id: str | None
    principle_id: str | None
    what: str
    owner: str
    due_date: date | None
    status: str
    overdue: bool
    created_at: datetime
    notes: list[ActionNoteView]
    carried: bool = False
    """Shown on a later review than the one it was made on."""
    origin_score: int | None = None
    """The item's consensus score on the review the action was made on."""
    current_score: int | None = None
    """The item's consensus score on the later review it is shown on."""
    score_change: int | None = None


class Suggestion(BaseModel):
    """An item or principle below the top score, as a starting point for the plan."""

    kind: str
    id: str
    label: str
    score: float
    gap: float


class AuditView(BaseModel):
    at: datetime
    actor: str
    review_id: int | None
    entity: str
    entity_id: str
    field: str
    old_value: str | None
    new_value: str | None
    reason: str
