"""Comparing reviews: one site over time, or several sites at their latest review.

Rows are items (matched by item id across editions of a scale), sections or principles;
columns are reviews. Items that exist in only some of the reviews' editions are kept, with
the reviews that lack them listed, never silently dropped. Reviews on different scales are
refused: their numbers do not mean the same thing.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel

from fidelity.errors import InvalidInputError
from fidelity.scale.model import ScaleDefinition
from fidelity.scoring.totals import summarize
from fidelity.service.portfolio import PortfolioService
from fidelity.service.sites import SiteService
from fidelity.service.views import ReviewDetail

By = Literal["item", "section", "principle"]
TOP_MOVES = 3


class CompareColumn(BaseModel):
    review_id: int
    site: str
    visit_date: date
    review_type: str
    status: str
    scale_version: str
    total: int
    scored: int
    items: int
    level: str | None
    provisional: bool


class CompareRow(BaseModel):
    id: str
    label: str
    values: list[float | None]
    changes: list[float | None]
    """Change from the previous column to this one (first column: None)."""
    overall: float | None
    """Change from the first to the last column where both have a value."""
    missing_in: list[int] = []
    """Reviews whose scale edition has no such item or group."""


class Comparison(BaseModel):
    scale_id: str
    by: By
    over_time: bool
    """True for one site's reviews; False for sites side by side (no changes then)."""
    columns: list[CompareColumn]
    rows: list[CompareRow]
    total_changes: list[int | None]
    level_changes: list[str]
    improvements: list[CompareRow]
    declines: list[CompareRow]
    unmatched: list[str]
    """Human-readable notes on items present in only some editions."""


class CompareService(PortfolioService, SiteService):
    def compare_site(self, site: str | int, *, by: By = "item", date_from: date | None = None,
                     date_to: date | None = None, review_types: tuple[str, ...] | None = None,
                     scale_id: str | None = None) -> Comparison:
        """The site's reviews in date order, compared."""
        site_view = self.get_site(site)
        reviews = [r for r in reversed(self.list_reviews(site=site_view.id))
                   if (date_from is None or r.visit_date >= date_from)
                   and (date_to is None or r.visit_date <= date_to)
                   and (not review_types or r.review_type in review_types)]
        if scale_id:
            reviews = [r for r in reviews if r.scale_id == scale_id]
        if not reviews:
            raise InvalidInputError(f"site '{site_view.name}' has no reviews in that range.")
        scales = sorted({r.scale_id for r in reviews})
        if len(scales) > 1:
            raise InvalidInputError(
                f"the reviews of '{site_view.name}' use different scales ({', '.join(scales)}); "
                "their scores cannot be compared. Please choose one with --scale.")
        return self._compare([self.review_detail(r.id) for r in reviews], by, over_time=True)

    def compare_sites(self, sites: list[str], *, by: By = "section",
                      as_of: date | None = None, review_types: tuple[str, ...] | None = None,
                      include_drafts: bool = False) -> Comparison:
        """Each site's latest finalized review (any, with ``include_drafts``) on or before
        ``as_of``, side by side."""
        details = []
        for name in sites:
            candidates = [r for r in self.list_reviews(site=name)
                          if (as_of is None or r.visit_date <= as_of)
                          and (not review_types or r.review_type in review_types)
                          and (include_drafts or r.status == "final")]
            if not candidates:
                kind = "review" if include_drafts else "finalized review"
                raise InvalidInputError(f"site '{name}' has no {kind}"
                                        + (f" on or before {as_of}." if as_of else "."))
            details.append(self.review_detail(candidates[0].id))
        scales = sorted({d.review.scale_id for d in details})
        if len(scales) > 1:
            raise InvalidInputError(f"these sites' latest reviews use different scales "
                                    f"({', '.join(scales)}); they cannot be compared.")
        return self._compare(details, by, over_time=False)

    # -- the comparison itself --------------------------------------------------
    def _compare(self, details: list[ReviewDetail], by: By, over_time: bool) -> Comparison:
        scales = [self.scale_for_review(d.review.id) for d in details]
        columns = [CompareColumn(
            review_id=d.review.id, site=d.review.site, visit_date=d.review.visit_date,
            review_type=d.review.review_type, status=d.review.status,
            scale_version=d.review.scale_version, total=d.summary.total,
            scored=d.summary.scored, items=d.summary.items, level=d.summary.level_name,
            provisional=d.summary.provisional) for d in details]
        keys = _row_keys(scales, by)
        rows = []
        for key, label in keys:
            values: list[float | None] = []
            missing = []
            for detail, scale in zip(details, scales, strict=True):
                value, present = _value(detail, scale, by, key)
                values.append(value)
                if not present:
                    missing.append(detail.review.id)
            rows.append(_row(key, label, values, missing, over_time))
        totals = [d.summary.total if not d.summary.unscored else None for d in details]
        total_changes: list[int | None] = [None]
        for a, b in zip(totals, totals[1:], strict=False):
            total_changes.append(b - a if a is not None and b is not None and over_time
                                 else None)
        level_changes = [
            f"{b.visit_date}: {a.level or '-'} -> {b.level or '-'}"
            for a, b in zip(columns, columns[1:], strict=False)
            if a.level != b.level and over_time and a.level and b.level]
        moved = [r for r in rows if r.overall]
        improvements = sorted((r for r in moved if (r.overall or 0) > 0),
                              key=lambda r: -(r.overall or 0))[:TOP_MOVES]
        declines = sorted((r for r in moved if (r.overall or 0) < 0),
                          key=lambda r: r.overall or 0)[:TOP_MOVES]
        unmatched = [f"{r.label}: not in the scale edition of review(s) "
                     f"{', '.join(map(str, r.missing_in))}" for r in rows if r.missing_in]
        return Comparison(scale_id=details[0].review.scale_id, by=by, over_time=over_time,
                          columns=columns,
                          rows=rows, total_changes=total_changes, level_changes=level_changes,
                          improvements=improvements, declines=declines, unmatched=unmatched)


def _row_keys(scales: list[ScaleDefinition], by: By) -> list[tuple[str, str]]:
    """Row ids and labels: the newest edition's order, then ids only older ones have."""
    seen: dict[str, str] = {}
    for scale in reversed(scales):
        if by == "item":
            pairs = [(i.id, f"{i.number}. {i.label}") for i in scale.items]
        elif by == "section":
            pairs = [(s.id, s.name) for s in scale.sections]
        else:
            pairs = [(p.id, f"{p.id} {p.name}") for p in scale.principles]
        for key, label in pairs:
            seen.setdefault(key, label)
    return list(seen.items())


def _value(detail: ReviewDetail, scale: ScaleDefinition, by: By,
           key: str) -> tuple[float | None, bool]:
    """The row's value in one review, and whether the review's edition has the row."""
    if by == "item":
        if key not in scale.items_by_id:
            return None, False
        score = next(r.score for r in detail.consensus if r.item_id == key)
        return (None if score is None else float(score)), True
    summary = summarize(scale, {r.item_id: r.score for r in detail.consensus})
    groups = summary.sections if by == "section" else summary.principles
    group = next((g for g in groups if g.id == key), None)
    if group is None:
        return None, False
    return (None if group.mean is None else round(group.mean, 2)), True


def _row(key: str, label: str, values: list[float | None], missing: list[int],
         over_time: bool) -> CompareRow:
    if not over_time:
        return CompareRow(id=key, label=label, values=values,
                          changes=[None for _ in values], overall=None, missing_in=missing)
    changes: list[float | None] = [None]
    for before, after in zip(values, values[1:], strict=False):
        changes.append(round(after - before, 2) if before is not None and after is not None
                       else None)
    present = [v for v in values if v is not None]
    overall = round(present[-1] - present[0], 2) if len(present) >= 2 else None
    return CompareRow(id=key, label=label, values=values, changes=changes, overall=overall,
                      missing_in=missing)
