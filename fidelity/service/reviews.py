"""Reviews: starting one, its raters, its status (draft -> consensus -> final) and listings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from sqlmodel import Session, col, select

from fidelity.errors import InvalidInputError, StateError
from fidelity.scale.loader import scale_hash
from fidelity.scoring.totals import ScoreSummary, summarize
from fidelity.service.base import ServiceBase
from fidelity.service.views import ReviewView
from fidelity.store.models import (
    REVIEW_TYPES,
    Rater,
    Rating,
    Review,
    ScaleSnapshot,
    Site,
    utcnow,
)

CONSENSUS = "Consensus"
"""Name of the pseudo-rater holding a review's consensus scores."""


class ReviewService(ServiceBase):
    def start_review(self, site: str | int, scale_id: str, visit_date: date,
                     review_type: str = "external", raters: Iterable[str] = ()) -> ReviewView:
        """Start a draft review of ``site`` with the installed scale ``scale_id``."""
        if review_type not in REVIEW_TYPES:
            raise InvalidInputError(f"review type '{review_type}' is not one of "
                                    f"{', '.join(REVIEW_TYPES)}.")
        names = [r.strip() for r in raters if r.strip()]
        if len(set(n.casefold() for n in names)) != len(names):
            raise InvalidInputError("the same rater is named twice. Please list each once.")
        if any(n.casefold() == CONSENSUS.casefold() for n in names):
            raise InvalidInputError(f"'{CONSENSUS}' is reserved for consensus scores. "
                                    "Please name the rater differently.")
        scale, text = self.registry.load(scale_id)  # one read: the hash matches the text
        digest = scale_hash(scale)
        with self.store.session() as session:
            found = self._site(session, site)
            if session.get(ScaleSnapshot, digest) is None:
                session.add(ScaleSnapshot(hash=digest, scale_id=scale.id,
                                          version=scale.version, content=text))
                session.flush()
            review = Review(site_id=found.id or 0, scale_id=scale.id,
                            scale_version=scale.version, scale_hash=digest,
                            review_type=review_type, visit_date=visit_date)
            session.add(review)
            session.flush()
            rid = review.id or 0
            session.add(Rater(review_id=rid, name=CONSENSUS, kind="consensus"))
            for name in names:
                session.add(Rater(review_id=rid, name=name, kind="rater"))
            self._audit(session, review_id=rid, entity="review", entity_id=rid,
                        field="created", old=None,
                        new=f"{found.name} {scale.id} {scale.version} {review_type} {visit_date}")
            self._carry_open_actions(session, review)
            session.flush()
            return self._views(session, [review])[0]

    def add_rater(self, review_id: int, name: str) -> list[str]:
        """Add a rater to a review; returns the review's raters."""
        name = name.strip()
        if not name or name.casefold() == CONSENSUS.casefold():
            raise InvalidInputError("please give the rater's name.")
        with self.store.session() as session:
            self._unlocked_review(session, review_id)
            existing = self._raters(session, review_id)
            if any(r.name.casefold() == name.casefold() for r in existing):
                raise InvalidInputError(f"rater '{name}' is already on review {review_id}.")
            session.add(Rater(review_id=review_id, name=name, kind="rater"))
            self._audit(session, review_id=review_id, entity="rater", entity_id=name,
                        field="added", old=None, new=name)
            return [r.name for r in existing] + [name]

    def get_review(self, review_id: int) -> ReviewView:
        with self.store.session() as session:
            return self._views(session, [self._review(session, review_id)])[0]

    def list_reviews(self, site: str | int | None = None, status: str | None = None,
                     scale_id: str | None = None) -> list[ReviewView]:
        """Reviews, newest visit first, with their consensus totals and levels."""
        with self.store.session() as session:
            query = select(Review)
            if site is not None:
                query = query.where(Review.site_id == self._site(session, site).id)
            if status:
                query = query.where(Review.status == status)
            if scale_id:
                query = query.where(Review.scale_id == scale_id)
            query = query.order_by(col(Review.visit_date).desc(), col(Review.id).desc())
            return self._views(session, list(session.exec(query).all()))

    def start_consensus(self, review_id: int) -> ReviewView:
        """Move a draft review to the consensus stage (raters' scores become visible)."""
        return self._set_status(review_id, "consensus", allowed_from=("draft",))

    def finalize(self, review_id: int, allow_unscored: bool = False) -> ReviewView:
        """Lock a review. Every item needs a consensus score unless ``allow_unscored``."""
        with self.store.session() as session:
            review = self._unlocked_review(session, review_id)
            scale = self._scale_of(session, review)
            scores = self.consensus_scores(review_id, session=session)
            missing = [i.number for i in scale.items if scores.get(i.id) is None]
            if missing and not allow_unscored:
                shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
                raise StateError(f"review {review_id} has {len(missing)} item(s) without a "
                                 f"consensus score (items {shown}). Please score them, or "
                                 "finalize with --allow-unscored to record them as "
                                 "insufficient data.")
            self._audit(session, review_id=review_id, entity="review", entity_id=review_id,
                        field="status", old=review.status, new="final",
                        reason=f"{len(missing)} unscored" if missing else "")
            review.status = "final"
            review.finalized_at = utcnow()
            session.add(review)
            session.flush()
            return self._views(session, [review])[0]

    def reopen(self, review_id: int, reason: str) -> ReviewView:
        """Unlock a finalized review; the reason is kept in the audit log."""
        if not reason.strip():
            raise InvalidInputError("reopening a finalized review needs a reason "
                                    "(--reason \"...\"); it is kept in the audit log.")
        with self.store.session() as session:
            review = self._review(session, review_id)
            if review.status != "final":
                raise StateError(f"review {review_id} is not finalized (status "
                                 f"{review.status}); there is nothing to reopen.")
            self._audit(session, review_id=review_id, entity="review", entity_id=review_id,
                        field="status", old="final", new="consensus", reason=reason.strip())
            review.status = "consensus"
            review.finalized_at = None
            session.add(review)
            session.flush()
            return self._views(session, [review])[0]

    def _set_status(self, review_id: int, status: str,
                    allowed_from: tuple[str, ...]) -> ReviewView:
        with self.store.session() as session:
            review = self._unlocked_review(session, review_id)
            if review.status not in allowed_from:
                raise StateError(f"review {review_id} is {review.status}; it cannot move to "
                                 f"{status} from there.")
            self._audit(session, review_id=review_id, entity="review", entity_id=review_id,
                        field="status", old=review.status, new=status)
            review.status = status
            session.add(review)
            session.flush()
            return self._views(session, [review])[0]

    def _carry_open_actions(self, session: Session, review: Review) -> None:
        """Hook for the action service (linking open action items to a new review)."""

    # -- helpers shared with the rating service ----------------------------------
    def _raters(self, session: Session, review_id: int) -> list[Rater]:
        return list(session.exec(select(Rater).where(Rater.review_id == review_id,
                                                     Rater.kind == "rater")
                                 .order_by(col(Rater.id))).all())

    def consensus_scores(self, review_id: int,
                         session: Session | None = None) -> dict[str, int | None]:
        """Item id -> consensus score of one review."""
        if session is None:
            with self.store.session() as own:
                return self.consensus_scores(review_id, own)
        return self._consensus_by_review(session, [review_id]).get(review_id, {})

    def _consensus_by_review(self, session: Session,
                             review_ids: list[int]) -> dict[int, dict[str, int | None]]:
        """Review id -> item id -> consensus score, for many reviews in one query."""
        scores: dict[int, dict[str, int | None]] = defaultdict(dict)
        for review_id, item_id, score in session.exec(
                select(Rating.review_id, Rating.item_id, Rating.score)
                .join(Rater, col(Rater.id) == Rating.rater_id)
                .where(col(Rating.review_id).in_(review_ids),
                       Rater.kind == "consensus")).all():
            scores[review_id][item_id] = score
        return scores

    def _summaries(self, session: Session, reviews: list[Review]) -> dict[int, ScoreSummary]:
        """Review id -> score summary against the review's own stored scale."""
        scores = self._consensus_by_review(session, [r.id or 0 for r in reviews])
        return {r.id or 0: summarize(self._scale_of(session, r), scores.get(r.id or 0, {}))
                for r in reviews}

    def _views(self, session: Session, reviews: list[Review],
               summaries: dict[int, ScoreSummary] | None = None) -> list[ReviewView]:
        if not reviews:
            return []
        ids = [r.id for r in reviews]
        if summaries is None:
            summaries = self._summaries(session, reviews)
        raters: dict[int, list[str]] = defaultdict(list)
        for review_id, name in session.exec(
                select(Rater.review_id, Rater.name)
                .where(col(Rater.review_id).in_(ids), Rater.kind == "rater")
                .order_by(col(Rater.id))).all():
            raters[review_id].append(name)
        site_names = dict(session.exec(
            select(Site.id, Site.name).where(col(Site.id).in_({r.site_id for r in reviews})))
            .all())
        views = []
        for review in reviews:
            rid = review.id or 0
            summary = summaries[rid]
            views.append(ReviewView(
                id=rid, site_id=review.site_id, site=site_names.get(review.site_id, "?"),
                scale_id=review.scale_id, scale_version=review.scale_version,
                review_type=review.review_type, visit_date=review.visit_date,
                status=review.status, raters=raters[rid], total=summary.total,
                scored=summary.scored, items=summary.items, level=summary.level_name,
                provisional=summary.provisional))
        return views
