"""Action plans: what a site will do about its weak items, who owns it, by when.

Action items may be added to and updated on a finalized review: the plan is written after
the report, and changing it does not change the review's findings. Progress notes
accumulate with their dates; they are never overwritten.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from fidelity.errors import InvalidInputError, NotFoundError
from fidelity.service.ratings import RatingService
from fidelity.service.views import ActionNoteView, ActionView
from fidelity.store.models import ACTION_STATUSES, ActionItem, ActionNote, Review, Site, utcnow


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
            return self._action_view(session, action)

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
                                    "`fidelity review show REVIEW` to see a review's actions.")
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
            return self._action_view(session, action)

    def review_actions(self, review_id: int, today: date | None = None) -> list[ActionView]:
        with self.store.session() as session:
            self._review(session, review_id)
            rows = session.exec(select(ActionItem).where(ActionItem.review_id == review_id)
                                .order_by(col(ActionItem.due_date), col(ActionItem.id))).all()
            return [self._action_view(session, a, today) for a in rows]

    def _action_view(self, session: Session, action: ActionItem,
                     today: date | None = None) -> ActionView:
        today = today or date.today()
        site = session.exec(select(Site.name).join(Review, col(Review.site_id) == Site.id)
                            .where(Review.id == action.review_id)).first() or "?"
        notes = session.exec(select(ActionNote).where(ActionNote.action_id == action.id)
                             .order_by(col(ActionNote.id))).all()
        return ActionView(
            id=action.id or 0, review_id=action.review_id, site=site, item_id=action.item_id,
            principle_id=action.principle_id, what=action.what, owner=action.owner,
            due_date=action.due_date, status=action.status,
            overdue=bool(action.due_date and action.due_date < today
                         and action.status in ("open", "in progress")),
            created_at=action.created_at,
            notes=[ActionNoteView(at=n.at, author=n.author, text=n.text) for n in notes])
