"""Charts of stored reviews: radar of a review (against others) and a site's trend."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from exports.charts import By, Series, radar_figure, save_figure, trend_figure
from fidelity.errors import InvalidInputError
from fidelity.service.views import ReviewDetail

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from fidelity.service import FidelityService


def series_label(detail: ReviewDetail) -> str:
    r, s = detail.review, detail.summary
    level = s.level_name or "no level"
    if s.provisional:
        level += ", provisional"
    return f"{r.visit_date} {r.review_type}: total {s.total}/{s.total_max} ({level})"


def radar_for_reviews(service: FidelityService, review_ids: list[int], by: By) -> Figure:
    """A radar with the first review and any others of the same scale (matched by item id)."""
    details = [service.review_detail(rid) for rid in review_ids]
    first = details[0].review
    for other in details[1:]:
        if other.review.scale_id != first.scale_id:
            raise InvalidInputError(
                f"review {other.review.id} uses scale {other.review.scale_id}, review "
                f"{first.id} uses {first.scale_id}; only reviews on the same scale can share "
                "a chart.")
    scale = service.scale_for_review(first.id)
    series = [Series(series_label(d), {r.item_id: r.score for r in d.consensus})
              for d in details]
    level = details[0].summary.level_name or "no level"
    title = f"{first.site}: {scale.short_name or scale.id} by {by} ({level})"
    return radar_figure(scale, series, by, title)


def write_radar(service: FidelityService, review_ids: list[int], by: By, path: Path) -> Path:
    return save_figure(radar_for_reviews(service, review_ids, by), path)


def trend_for_site(service: FidelityService, site: str | int,
                   scale_id: str | None = None) -> Figure:
    """Totals of a site's reviews over time (one scale: the newest review's unless given)."""
    reviews = service.list_reviews(site=site)
    if not reviews:
        raise InvalidInputError(f"site '{site}' has no reviews yet.")
    scale_id = scale_id or reviews[0].scale_id
    chosen = [r for r in reviews if r.scale_id == scale_id]
    scale = service.scale_for_review(chosen[0].id)
    # A review without consensus scores has no total yet; an incomplete one is drawn at
    # its prorated total and marked provisional (see docs/scoring.md).
    points = [(r.visit_date, round(r.total / r.scored * r.items), r.review_type,
               r.scored == r.items) for r in chosen if r.scored]
    if not points:
        raise InvalidInputError(f"site '{site}' has no review with consensus scores yet.")
    title = f"{chosen[0].site}: {scale.short_name or scale.id} total over time"
    return trend_figure(scale, points, title)


def write_trend(service: FidelityService, site: str | int, path: Path,
                scale_id: str | None = None) -> Path:
    return save_figure(trend_for_site(service, site, scale_id), path)
