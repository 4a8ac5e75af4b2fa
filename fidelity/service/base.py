"""What every service shares: the store, the acting user, the audit log, scale lookup.

Each public service method runs in exactly one transaction (``self.store.session()``), so a
rating is committed the moment the call returns and a failure leaves nothing half-written.
"""

from __future__ import annotations

import getpass
import os
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from sqlmodel import Session, col, select

from fidelity.errors import NotFoundError, ReviewLockedError
from fidelity.scale.loader import load_trusted_scale_text
from fidelity.scale.model import ScaleDefinition
from fidelity.scale.registry import ScaleRegistry
from fidelity.store.engine import Store
from fidelity.store.models import AuditEntry, Review, ScaleSnapshot, Site, utcnow


def default_actor() -> str:
    """Who is making changes: ``IPS_USER`` or the login name."""
    env = os.environ.get("IPS_USER")
    if env:
        return env
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        return "unknown"


def aware_utc(moment: datetime) -> datetime:
    """SQLite may hand back naive UTC; make it comparable with ``utcnow``."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@lru_cache(maxsize=64)
def scale_from_snapshot(content: str, label: str) -> ScaleDefinition:
    return load_trusted_scale_text(content, name=label)


class ServiceBase:
    """Shared plumbing; the concrete services are mixins over this class."""

    def __init__(self, store: Store, registry: ScaleRegistry | None = None,
                 actor: str | None = None) -> None:
        self.store = store
        self.registry = registry if registry is not None else ScaleRegistry()
        self.actor = actor or default_actor()

    # -- lookups ---------------------------------------------------------------
    def _site(self, session: Session, site: str | int) -> Site:
        if isinstance(site, int) or (isinstance(site, str) and site.isdigit()):
            found = session.get(Site, int(site))
            if found is not None:
                return found
        found = session.exec(select(Site).where(Site.name == str(site))).first()
        if found is None:
            raise NotFoundError(f"unknown site '{site}'. Run `fidelity site list` to see "
                                "sites, or add it with `fidelity site add`.")
        return found

    def _review(self, session: Session, review_id: int) -> Review:
        review = session.get(Review, review_id)
        if review is None:
            raise NotFoundError(f"unknown review {review_id}. Run `fidelity review list` "
                                "to see reviews.")
        return review

    def _unlocked_review(self, session: Session, review_id: int) -> Review:
        review = self._review(session, review_id)
        if review.status == "final":
            raise ReviewLockedError(f"review {review_id} is finalized and locked. To change "
                                    f"it, reopen it with a reason: `fidelity review reopen "
                                    f"{review_id} --reason ...`.")
        return review

    def _scale_of(self, session: Session, review: Review) -> ScaleDefinition:
        snapshot = session.get(ScaleSnapshot, review.scale_hash)
        if snapshot is None:  # prevented by the foreign key; kept for a clear message
            raise NotFoundError(f"review {review.id}: its scale copy is missing.")
        return scale_from_snapshot(snapshot.content,
                                    f"stored copy of {snapshot.scale_id} {snapshot.version}")

    def scale_for_review(self, review_id: int) -> ScaleDefinition:
        """The scale definition a review was scored with (its stored copy)."""
        with self.store.session() as session:
            return self._scale_of(session, self._review(session, review_id))

    # -- audit -----------------------------------------------------------------
    def _audit(self, session: Session, *, review_id: int | None, entity: str,
               entity_id: Any, field: str, old: Any, new: Any, reason: str = "",
               coalesce_seconds: float = 0) -> None:
        """Record one change. With ``coalesce_seconds``, a change to the same field by the
        same person within that time extends the previous row (keeping its old value)
        instead of adding one: a note saved on every keystroke is one edit, not hundreds."""
        if coalesce_seconds:
            last = session.exec(select(AuditEntry).where(AuditEntry.review_id == review_id)
                                .order_by(col(AuditEntry.id).desc()).limit(1)).first()
            if (last is not None and last.entity == entity and last.entity_id == str(entity_id)
                    and last.field == field and last.actor == self.actor
                    and (utcnow() - aware_utc(last.at)).total_seconds() < coalesce_seconds):
                last.new_value = None if new is None else str(new)
                last.at = utcnow()
                session.add(last)
                return
        session.add(AuditEntry(
            actor=self.actor, review_id=review_id, entity=entity, entity_id=str(entity_id),
            field=field, old_value=None if old is None else str(old),
            new_value=None if new is None else str(new), reason=reason,
        ))
