"""Action plans: what a site will do about its weak items, who owns it, by when.

Action items may be added to and updated on a finalized review: the plan is written after
the report, and changing it does not change the review's findings. Progress notes
accumulate with their dates; they are never overwritten. When a new review of a site starts,
the site's open items are *linked* to it (``action_carry``), not copied, so the reviewers
see them and each shows how its item's score moved since the plan was made.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from sqlmodel import Session, col, select

from fidelity.errors import InvalidInputError, NotFoundError
from fidelity.service.ratings import RatingService
from fidelity.service.views import ActionNoteView, ActionView, Suggestion
from fidelity.store.models import (
    ACTION_STATUSES,
    ActionCarry,
    ActionItem,
    ActionNote,
    Rater,
    Rating,
    Review,
    Site,
    utcnow,
)

OPEN = ("open", "in progress")
LIST_FILTERS = (*ACTION_STATUSES, "overdue")


class ActionService(RatingService):
    def add_action(self, review_id: int, what: str, *, owner: str = "",
                   due_date: date | None = None, item_id: str | None = None,
                   principle_id: str | None = None) -> ActionView:
        if not what.strip():
            raise InvalidInputError("an action item needs a description (--what \"...\").")
        with self.store.session() as session:
            review = self._review(session, review_id)
            scale = self._scale_of(session, review)
            if item_id is not None:
                item_id = self._item(scale, item_id).id
            if principle_id is not None and principle_id not in {p.id for p in scale.principles}:
                known = ", ".join(p.id for p in scale.principles) or "none in this scale"
                raise InvalidInputError(f"unknown principle '{principle_id}' ({known}).")
            action = ActionItem(review_id=review_id, item_id=item_id, principle_id=principle_id,
                                what=what.strip(), owner=owner.strip(), due_date=due_date)
            session.add(action)
            session.flush()
            self._audit(session, review_id=review_id, entity="action", entity_id=action.id,
                        field="created", old=None, new=action.what)
            return self._action_views(session, [action])[0]

    def update_action(self, action_id: int, *, status: str | None = None,
                      note: str | None = None, owner: str | None = None,
                      due_date: date | None = None, what: str | None = None) -> ActionView:
        if status is not None and status not in ACTION_STATUSES:
            raise InvalidInputError(f"status '{status}' is not one of "
                                    f"{', '.join(ACTION_STATUSES)}.")
        with self.store.session() as session:
            action = session.get(ActionItem, action_id)
            if action is None:
                raise NotFoundError(f"unknown action item {action_id}. Run "
                                    "`fidelity actions list` to see them.")
            for field, new in (("status", status), ("owner", owner), ("due_date", due_date),
                               ("what", what)):
                if new is not None and getattr(action, field) != new:
                    self._audit(session, review_id=action.review_id, entity="action",
                                entity_id=action_id, field=field, old=getattr(action, field),
                                new=new)
                    setattr(action, field, new)
            if note is not None and note.strip():
                session.add(ActionNote(action_id=action_id, author=self.actor,
                                       text=note.strip()))
                self._audit(session, review_id=action.review_id, entity="action",
                            entity_id=action_id, field="note", old=None, new=note.strip())
            action.updated_at = utcnow()
            session.add(action)
            session.flush()
            return self._action_views(session, [action])[0]

    def review_actions(self, review_id: int, today: date | None = None) -> list[ActionView]:
        """The review's own action items, then those carried forward to it, by due date."""
        with self.store.session() as session:
            self._review(session, review_id)
            own = list(session.exec(select(ActionItem)
                                    .where(ActionItem.review_id == review_id)).all())
            carried = list(session.exec(
                select(ActionItem).join(ActionCarry, col(ActionCarry.action_id) ==
                                        ActionItem.id)
                .where(ActionCarry.review_id == review_id)).all())
            views = self._action_views(session, own + carried, today, shown_on=review_id)
            return sorted(views, key=_by_due)

    def list_actions(self, *, site: str | int | None = None, status: str | None = None,
                     owner: str | None = None, today: date | None = None) -> list[ActionView]:
        """Action items across sites, sorted by due date (undated last).

        ``status`` is one of the statuses or ``overdue`` (open or in progress, past due).
        """
        if status is not None and status not in LIST_FILTERS:
            raise InvalidInputError(f"--status '{status}' is not one of "
                                    f"{', '.join(LIST_FILTERS)}.")
        today = today or date.today()
        with self.store.session() as session:
            query = select(ActionItem).join(Review, col(Review.id) == ActionItem.review_id)
            if site is not None:
                query = query.where(Review.site_id == self._site(session, site).id)
            if status == "overdue":
                query = query.where(col(ActionItem.status).in_(OPEN),
                                    col(ActionItem.due_date) < today)
            elif status is not None:
                query = query.where(ActionItem.status == status)
            if owner:
                query = query.where(col(ActionItem.owner).ilike(f"%{owner}%"))
            rows = list(session.exec(query).all())
            return sorted(self._action_views(session, rows, today), key=_by_due)

    def suggest_actions(self, review_id: int) -> list[Suggestion]:
        """Items and principles furthest below the top score, weakest first."""
        detail = self.review_detail(review_id)
        scale = self.scale_for_review(review_id)
        high = scale.score_range.max
        found = [Suggestion(kind="item", id=r.item_id, label=f"{r.item_number}. {r.item_name}",
                            score=float(r.score), gap=float(high - r.score))
                 for r in detail.consensus if r.score is not None and r.score < high]
        found += [Suggestion(kind="principle", id=g.id, label=g.name, score=round(g.mean, 2),
                             gap=round(high - g.mean, 2))
                  for g in detail.summary.principles if g.mean is not None and g.mean < high]
        return sorted(found, key=lambda s: (-s.gap, s.kind != "principle", s.label))

    # -- building views in a fixed number of queries --------------------------------
    def _carry_open_actions(self, session: Session, review: Review) -> None:
        """Link the site's open action items to its new review."""
        open_actions = session.exec(
            select(ActionItem.id).join(Review, col(Review.id) == ActionItem.review_id)
            .where(Review.site_id == review.site_id, Review.id != review.id,
                   col(ActionItem.status).in_(OPEN))).all()
        for action_id in open_actions:
            if action_id is not None:
                session.add(ActionCarry(review_id=review.id or 0, action_id=action_id))

    def _action_views(self, session: Session, actions: Sequence[ActionItem],
                      today: date | None = None,
                      shown_on: int | None = None) -> list[ActionView]:
        if not actions:
            return []
        today = today or date.today()
        action_ids = [a.id for a in actions]
        review_ids = {a.review_id for a in actions} | ({shown_on} if shown_on else set())
        sites = dict(session.exec(select(Review.id, Site.name)
                                  .join(Site, col(Site.id) == Review.site_id)
                                  .where(col(Review.id).in_(review_ids))).all())
        notes: dict[int, list[ActionNoteView]] = defaultdict(list)
        for note in session.exec(select(ActionNote).where(col(ActionNote.action_id)
                                                          .in_(action_ids))
                                 .order_by(col(ActionNote.id))).all():
            notes[note.action_id].append(ActionNoteView(at=note.at, author=note.author,
                                                        text=note.text))
        item_ids = {a.item_id for a in actions if a.item_id}
        scores: dict[tuple[int, str], int | None] = {}
        if item_ids:
            for rid, item_id, score in session.exec(
                    select(Rating.review_id, Rating.item_id, Rating.score)
                    .join(Rater, col(Rater.id) == Rating.rater_id)
                    .where(col(Rating.review_id).in_(review_ids), Rater.kind == "consensus",
                           col(Rating.item_id).in_(item_ids))).all():
                scores[(rid, item_id)] = score
        views = []
        for action in actions:
            origin = scores.get((action.review_id, action.item_id or ""))
            carried = shown_on is not None and shown_on != action.review_id
            current = scores.get((shown_on, action.item_id or "")) if carried and shown_on \
                else None
            views.append(ActionView(
                id=action.id or 0, review_id=action.review_id,
                site=sites.get(action.review_id, "?"), item_id=action.item_id,
                principle_id=action.principle_id, what=action.what, owner=action.owner,
                due_date=action.due_date, status=action.status,
                overdue=bool(action.due_date and action.due_date < today
                             and action.status in OPEN),
                created_at=action.created_at, notes=notes[action.id or 0],
                carried=carried, origin_score=origin, current_score=current,
                score_change=(current - origin if current is not None and origin is not None
                              else None)))
        return views


def _by_due(view: ActionView) -> tuple[bool, date, int]:
    return (view.due_date is None, view.due_date or date.max, view.id)
