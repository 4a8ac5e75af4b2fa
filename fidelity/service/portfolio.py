"""Across sites: each site's latest review on or before a date, with sub-scores and the
count of open and overdue action items. Built with a fixed number of queries whatever the
number of sites."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from pydantic import BaseModel
from sqlalchemy import func
from sqlmodel import col, select

from fidelity.scoring.totals import ScoreSummary
from fidelity.service.actions import ActionService
from fidelity.service.views import ReviewView
from fidelity.store.models import ActionItem, Review, Site

OPEN_STATUSES = ("open", "in progress")


class PortfolioRow(BaseModel):
    site_id: int
    site: str
    organisation: str
    region: str
    review: ReviewView | None
    summary: ScoreSummary | None
    open_actions: int
    overdue_actions: int


class PortfolioService(ActionService):
    def portfolio(self, region: str | None = None, as_of: date | None = None,
                  today: date | None = None,
                  review_types: tuple[str, ...] | None = None,
                  scale_id: str | None = None,
                  statuses: tuple[str, ...] | None = None) -> list[PortfolioRow]:
        """One row per site (of ``region``), with its latest review on or before ``as_of``
        (of ``scale_id``, ``review_types`` and ``statuses`` when given)."""
        as_of = as_of or date.max
        today = today or date.today()
        with self.store.session() as session:
            site_query = select(Site).order_by(col(Site.name))
            if region:
                site_query = site_query.where(Site.region == region)
            sites = list(session.exec(site_query).all())
            site_ids = [s.id for s in sites]
            review_filter = [col(Review.site_id).in_(site_ids),
                             col(Review.visit_date) <= as_of]
            if review_types:
                review_filter.append(col(Review.review_type).in_(review_types))
            if scale_id:
                review_filter.append(col(Review.scale_id) == scale_id)
            if statuses:
                review_filter.append(col(Review.status).in_(statuses))
            latest_date = (select(col(Review.site_id), func.max(col(Review.visit_date))
                                  .label("d")).where(*review_filter)
                           .group_by(col(Review.site_id)).subquery())
            latest = session.exec(
                select(Review).join(latest_date, (col(Review.site_id) == latest_date.c.site_id)
                                    & (col(Review.visit_date) == latest_date.c.d))
                .where(*review_filter).order_by(col(Review.id))).all()
            by_site: dict[int, Review] = {}
            for candidate in latest:  # same-day ties: the later-created review wins
                by_site[candidate.site_id] = candidate
            reviews = list(by_site.values())
            summaries = self._summaries(session, reviews)
            views = {v.id: v for v in self._views(session, reviews, summaries)}
            open_count: dict[int, int] = defaultdict(int)
            overdue_count: dict[int, int] = defaultdict(int)
            for site_id, due in session.exec(
                    select(col(Review.site_id), col(ActionItem.due_date))
                    .join(Review, col(Review.id) == ActionItem.review_id)
                    .where(col(Review.site_id).in_(site_ids),
                           col(ActionItem.status).in_(OPEN_STATUSES))).all():
                open_count[site_id] += 1
                overdue_count[site_id] += bool(due is not None and due < today)
            rows = []
            for site in sites:
                sid = site.id or 0
                review = by_site.get(sid)
                summary = summaries[review.id or 0] if review else None
                rows.append(PortfolioRow(
                    site_id=sid, site=site.name, organisation=site.organisation,
                    region=site.region, review=views.get(review.id or 0) if review else None,
                    summary=summary, open_actions=open_count[sid],
                    overdue_actions=overdue_count[sid]))
            return rows

    def most_used_scale(self) -> str | None:
        """The scale id of the most reviews, the default for cross-site views."""
        with self.store.session() as session:
            row = session.exec(select(Review.scale_id, func.count(col(Review.id)).label("n"))
                               .group_by(col(Review.scale_id))
                               .order_by(func.count(col(Review.id)).desc())).first()
            return row[0] if row else None
