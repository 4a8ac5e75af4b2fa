"""Ratings: one rater's (or the consensus) score, metric, elements, sources and evidence.

Every setter is one transaction that checks the review is not locked, validates against the
review's own stored scale, writes the rating and one audit row per changed field.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from fidelity.errors import InvalidInputError, NotFoundError, StateError
from fidelity.scale.model import Item, ScaleDefinition
from fidelity.scoring.agreement import agreement
from fidelity.scoring.metrics import suggest_score
from fidelity.scoring.totals import summarize
from fidelity.service.reviews import CONSENSUS, ReviewService
from fidelity.service.views import AuditView, RatingView, ReviewDetail
from fidelity.store.models import AuditEntry, Rater, Rating, Review, new_uid, utcnow

_UNSET: Any = object()
NOTE_BURST_SECONDS = 120
ANCESTORS_KEPT = 200
"""Earlier versions remembered per rating; enough for any realistic back and forth."""
"""Edits of one evidence note within this time form one audit entry (see ``_audit``)."""


def _split(value: str) -> list[str]:
    return [part for part in value.split(",") if part]


def bump_version(rating: Rating) -> None:
    """Give a changed rating a new version, remembering the one it replaces."""
    if rating.id is not None or rating.ancestors:
        kept = [rating.version, *_split(rating.ancestors)][:ANCESTORS_KEPT]
        rating.ancestors = ",".join(kept)
    rating.version = new_uid()


class RatingService(ReviewService):
    def rate_item(self, review_id: int, item_id: str, score: int | None,
                  rater: str | None = None) -> RatingView:
        """Set (or clear, with None) a score. ``rater=None`` sets the consensus score."""
        return self.update_rating(review_id, item_id, rater, score=score)

    def set_evidence(self, review_id: int, item_id: str, evidence: str,
                     rater: str | None = None) -> RatingView:
        return self.update_rating(review_id, item_id, rater, evidence=evidence)

    def set_metric(self, review_id: int, item_id: str, value: float | None,
                   rater: str | None = None) -> RatingView:
        return self.update_rating(review_id, item_id, rater, metric_value=value)

    def set_elements(self, review_id: int, item_id: str, present: list[int],
                     rater: str | None = None) -> RatingView:
        return self.update_rating(review_id, item_id, rater, elements=present)

    def set_data_sources(self, review_id: int, item_id: str, codes: list[str],
                         rater: str | None = None) -> RatingView:
        return self.update_rating(review_id, item_id, rater, data_sources=codes)

    def update_rating(self, review_id: int, item_id: str, rater: str | None, *,
                      score: int | None = _UNSET, metric_value: float | None = _UNSET,
                      elements: list[int] = _UNSET, data_sources: list[str] = _UNSET,
                      evidence: str = _UNSET) -> RatingView:
        """Change any fields of one rating in one transaction, with an audit row each."""
        with self.store.session() as session:
            review = self._unlocked_review(session, review_id)
            scale = self._scale_of(session, review)
            item = self._item(scale, item_id)
            rater_row = self._rater(session, review_id, rater)
            if rater_row.kind == "consensus" and review.status == "draft":
                # Consensus work starts the consensus stage: raters' scores become visible.
                self._audit(session, review_id=review_id, entity="review",
                            entity_id=review_id, field="status", old="draft", new="consensus")
                review.status = "consensus"
                session.add(review)
            changes: dict[str, Any] = {}
            if score is not _UNSET:
                changes["score"] = self._check_score(scale, item, score)
            if metric_value is not _UNSET:
                if metric_value is not None and item.metric is None:
                    raise InvalidInputError(f"item {item.number} '{item.id}' has no metric; "
                                            "score it from its anchors.")
                if metric_value is not None:
                    suggest_score(item, metric_value)  # refuses values outside every band
                changes["metric_value"] = metric_value
            if elements is not _UNSET:
                bad = [e for e in elements if not 0 <= e < len(item.elements)]
                if bad:
                    raise InvalidInputError(f"item '{item.id}' has elements 1.."
                                            f"{len(item.elements)}; got {bad[0] + 1}.")
                changes["elements"] = ",".join(str(e) for e in sorted(set(elements)))
            if data_sources is not _UNSET:
                unknown = [c for c in data_sources if scale.data_sources
                           and c not in scale.data_sources]
                if unknown:
                    raise InvalidInputError(f"unknown data source '{unknown[0]}'; use "
                                            f"{', '.join(scale.data_sources)}.")
                changes["data_sources"] = ",".join(dict.fromkeys(data_sources))
            if evidence is not _UNSET:
                changes["evidence"] = evidence
            rating = session.exec(select(Rating).where(
                Rating.review_id == review_id, Rating.rater_id == rater_row.id,
                Rating.item_id == item.id)).first()
            if rating is None:
                rating = Rating(review_id=review_id, rater_id=rater_row.id or 0,
                                item_id=item.id)
            changed = False
            for field, new in changes.items():
                old = getattr(rating, field)
                if old != new:
                    changed = True
                    self._audit(session, review_id=review_id, entity="rating",
                                entity_id=f"{rater_row.name}/{item.id}", field=field,
                                old=old, new=new,
                                coalesce_seconds=NOTE_BURST_SECONDS if field == "evidence" else 0)
                    setattr(rating, field, new)
            if changed:
                bump_version(rating)
            rating.updated_at = utcnow()
            rating.updated_by = self.actor
            session.add(rating)
            session.flush()
            return self._rating_view(scale, item, rater_row, rating)

    def reconcile(self, review_id: int, item_id: str, score: int | None,
                  note: str | None = None) -> RatingView:
        """Set the agreed (consensus) score of an item, with an optional rationale."""
        if note is None:
            return self.update_rating(review_id, item_id, None, score=score)
        return self.update_rating(review_id, item_id, None, score=score, evidence=note)

    def accept_agreed(self, review_id: int) -> list[str]:
        """Copy the raters' score to the consensus wherever all raters gave the same score
        and no consensus is set yet. Returns the item ids set. With one rater, this
        accepts all of their scores."""
        detail = self.review_detail(review_id)
        consensus = {r.item_id: r.score for r in detail.consensus}
        agreed: dict[str, int] = {}
        for item in self.scale_for_review(review_id).items:
            scores = [next((r.score for r in ratings if r.item_id == item.id), None)
                      for ratings in detail.by_rater.values()]
            if (scores and all(s is not None for s in scores) and len(set(scores)) == 1
                    and consensus.get(item.id) is None):
                agreed[item.id] = scores[0]  # type: ignore[assignment]
        if not detail.by_rater:
            raise StateError(f"review {review_id} has no raters to take scores from.")
        with self.store.session() as session:
            review = self._unlocked_review(session, review_id)
            scale = self._scale_of(session, review)
            rater_row = self._rater(session, review_id, None)
            if review.status == "draft" and agreed:
                self._audit(session, review_id=review_id, entity="review",
                            entity_id=review_id, field="status", old="draft", new="consensus")
                review.status = "consensus"
                session.add(review)
            for item_id, score in agreed.items():
                rating = session.exec(select(Rating).where(
                    Rating.review_id == review_id, Rating.rater_id == rater_row.id,
                    Rating.item_id == item_id)).first() or Rating(
                    review_id=review_id, rater_id=rater_row.id or 0, item_id=item_id)
                self._audit(session, review_id=review_id, entity="rating",
                            entity_id=f"{CONSENSUS}/{item_id}", field="score",
                            old=rating.score, new=score, reason="raters agreed")
                rating.score = self._check_score(scale, scale.item(item_id), score)
                bump_version(rating)
                rating.updated_at = utcnow()
                rating.updated_by = self.actor
                session.add(rating)
        return list(agreed)

    def review_detail(self, review_id: int) -> ReviewDetail:
        """Everything about one review: consensus and per-rater ratings, totals, agreement."""
        with self.store.session() as session:
            review = self._review(session, review_id)
            scale = self._scale_of(session, review)
            raters = list(session.exec(select(Rater).where(Rater.review_id == review_id)
                                       .order_by(col(Rater.id))).all())
            ratings = session.exec(select(Rating).where(Rating.review_id == review_id)).all()
            by_slot = {(r.rater_id, r.item_id): r for r in ratings}
            views: dict[str, list[RatingView]] = {}
            consensus: list[RatingView] = []
            for rater_row in raters:
                rows = [self._rating_view(scale, item, rater_row,
                                          by_slot.get((rater_row.id or 0, item.id)))
                        for item in scale.items]
                if rater_row.kind == "consensus":
                    consensus = rows
                else:
                    views[rater_row.name] = rows
            summary = summarize(scale, {r.item_id: r.score for r in consensus})
            agree = None
            if len(views) >= 2:
                agree = agreement({name: {r.item_id: r.score for r in rows}
                                   for name, rows in views.items()},
                                  [i.id for i in scale.items])
            return ReviewDetail(review=self._views(session, [review])[0], consensus=consensus,
                                by_rater=views, summary=summary, agreement=agree)

    def previous_review(self, review_id: int) -> ReviewDetail | None:
        """The latest earlier review of the same site with the same scale, if any."""
        with self.store.session() as session:
            review = self._review(session, review_id)
            earlier = session.exec(
                select(Review.id).where(
                    Review.site_id == review.site_id, Review.scale_id == review.scale_id,
                    or_(col(Review.visit_date) < review.visit_date,
                        and_(col(Review.visit_date) == review.visit_date,
                             col(Review.id) < review_id)))
                .order_by(col(Review.visit_date).desc(), col(Review.id).desc())).first()
        return None if earlier is None else self.review_detail(earlier)

    def audit_log(self, review_id: int | None = None) -> list[AuditView]:
        with self.store.session() as session:
            query = select(AuditEntry).order_by(col(AuditEntry.id))
            if review_id is not None:
                query = query.where(AuditEntry.review_id == review_id)
            return [AuditView.model_validate(row, from_attributes=True)
                    for row in session.exec(query).all()]

    # -- helpers ---------------------------------------------------------------
    @staticmethod
    def _item(scale: ScaleDefinition, item_id: str) -> Item:
        if item_id in scale.items_by_id:
            return scale.item(item_id)
        if item_id.isdigit():
            for item in scale.items:
                if item.number == int(item_id):
                    return item
        raise InvalidInputError(f"unknown item '{item_id}' in scale {scale.id}. Use an item "
                                f"id or number; `fidelity scale show {scale.id}` lists them.")

    @staticmethod
    def _check_score(scale: ScaleDefinition, item: Item, score: int | None) -> int | None:
        low, high = scale.score_range.min, scale.score_range.max
        if score is not None and (isinstance(score, bool) or not low <= score <= high):
            raise InvalidInputError(f"score {score} for item {item.number} '{item.id}' is "
                                    f"outside the scale's range {low}..{high}.")
        return score

    def _rater(self, session: Session, review_id: int, name: str | None) -> Rater:
        query = select(Rater).where(Rater.review_id == review_id)
        if name is None or name.casefold() == CONSENSUS.casefold():
            query = query.where(Rater.kind == "consensus")
        else:
            query = query.where(Rater.name == name, Rater.kind == "rater")
        found = session.exec(query).first()
        if found is None:
            names = ", ".join(r.name for r in self._raters(session, review_id)) or "none"
            raise NotFoundError(f"rater '{name}' is not on review {review_id} (raters: "
                                f"{names}). Add them with `fidelity review add-rater`.")
        return found

    @staticmethod
    def _rating_view(scale: ScaleDefinition, item: Item, rater: Rater,
                     rating: Rating | None) -> RatingView:
        suggested = None
        if rating is not None and item.metric is not None:
            value: float | None = rating.metric_value
            if item.metric.source == "elements" and rating.elements:
                value = float(len(_split(rating.elements)))
            if value is not None:
                try:
                    suggested = suggest_score(item, value)
                except InvalidInputError:
                    suggested = None
        return RatingView(
            item_id=item.id, item_number=item.number, item_name=item.name,
            section=item.section, rater=rater.name, is_consensus=rater.kind == "consensus",
            score=rating.score if rating else None,
            metric_value=rating.metric_value if rating else None,
            suggested_score=suggested,
            elements=[int(e) for e in _split(rating.elements)] if rating else [],
            data_sources=_split(rating.data_sources) if rating else [],
            evidence=rating.evidence if rating else "",
            updated_at=rating.updated_at if rating else None,
            updated_by=rating.updated_by if rating else "",
        )

