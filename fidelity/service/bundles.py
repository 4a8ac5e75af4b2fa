"""Exporting a review to a bundle, and merging a bundle into this database.

Merge rules, applied in one transaction (any refusal leaves the database as it was):
- the review is matched by its uid; a uid that exists here for another site or scale is a
  collision and refuses the bundle;
- a rating is matched by (review, rater name, item). If the versions are equal nothing
  happens; if ours is an ancestor of theirs, theirs is taken; if theirs is an ancestor of
  ours, ours is kept; otherwise both were changed since they last met: ours stays, theirs
  is kept in ``rating_conflict`` and reported. Nothing is silently overwritten;
- action items and notes are matched by uid (notes are only ever added); an action item
  changed on both sides keeps the later change;
- audit rows are added once each (by uid); an import that changes anything adds its own;
- a review finalized here is never changed: such a bundle is refused unless it would change
  nothing.
Importing the same bundle twice changes nothing the second time.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel
from sqlmodel import Session, col, select

from fidelity.bundle.format import (
    Bundle,
    BundleAction,
    BundleAudit,
    BundleNote,
    BundleRater,
    BundleRating,
    BundleReview,
    BundleScale,
    BundleSite,
    read_bundle,
    write_bundle,
)
from fidelity.errors import InvalidInputError, NotFoundError, ReviewLockedError
from fidelity.scale.model import ScaleDefinition
from fidelity.service.base import aware_utc, scale_from_snapshot
from fidelity.service.compare import CompareService
from fidelity.store.models import (
    ActionItem,
    ActionNote,
    AuditEntry,
    Rater,
    Rating,
    RatingConflict,
    Review,
    ScaleSnapshot,
    Site,
    utcnow,
)


class ImportReport(BaseModel):
    """What an import did."""

    review_id: int
    review_created: bool = False
    ratings_added: int = 0
    ratings_updated: int = 0
    ratings_kept: int = 0
    conflicts: int = 0
    actions_added: int = 0
    actions_updated: int = 0
    notes_added: int = 0
    audit_added: int = 0
    status_changed: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.review_created or self.ratings_added or self.ratings_updated
                    or self.conflicts or self.actions_added or self.actions_updated
                    or self.notes_added or self.audit_added or self.status_changed)


class ConflictView(BaseModel):
    id: int
    review_id: int
    rater: str
    item_id: str
    ours_score: int | None
    ours_evidence: str
    ours_updated_by: str
    theirs_score: int | None
    theirs_evidence: str
    theirs_updated_by: str
    source: str
    resolved: bool


class BundleService(CompareService):
    # -- export ------------------------------------------------------------------
    def export_bundle(self, review_id: int, path: Path, rater: str | None = None) -> Path:
        """Write the review (or only ``rater``'s ratings of it) to a bundle file."""
        with self.store.session() as session:
            review = self._review(session, review_id)
            site = session.get(Site, review.site_id)
            snapshot = session.get(ScaleSnapshot, review.scale_hash)
            assert site is not None and snapshot is not None  # foreign keys
            raters = list(session.exec(select(Rater).where(Rater.review_id == review_id)))
            if rater is not None and rater not in {r.name for r in raters
                                                   if r.kind == "rater"}:
                raise NotFoundError(f"rater '{rater}' is not on review {review_id}.")
            chosen = [r for r in raters if rater is None or r.name == rater]
            names = {r.id: r.name for r in raters}
            ratings = session.exec(select(Rating).where(
                Rating.review_id == review_id,
                col(Rating.rater_id).in_([r.id for r in chosen]))).all()
            actions = session.exec(select(ActionItem)
                                   .where(ActionItem.review_id == review_id)).all()
            notes = session.exec(select(ActionNote).where(
                col(ActionNote.action_id).in_([a.id for a in actions]))).all()
            audit = session.exec(select(AuditEntry).where(AuditEntry.review_id == review_id)
                                 .order_by(col(AuditEntry.id))).all()
            if rater is not None:
                audit = [a for a in audit if a.entity_id.startswith(f"{rater}/")]
            bundle = Bundle(
                exported_at=utcnow(), exported_by=self.actor, rater_filter=rater,
                site=BundleSite(name=site.name, organisation=site.organisation,
                                region=site.region),
                scale=BundleScale(id=snapshot.scale_id, version=snapshot.version,
                                  hash=snapshot.hash, content=snapshot.content),
                review=BundleReview(
                    uid=review.uid, scale_id=review.scale_id,
                    scale_version=review.scale_version, scale_hash=review.scale_hash,
                    review_type=review.review_type,
                    visit_date=review.visit_date,
                    status=review.status,
                    notes=review.notes, created_at=review.created_at,
                    finalized_at=review.finalized_at),
                raters=[BundleRater(name=r.name, kind=r.kind)
                        for r in chosen],
                ratings=[BundleRating(
                    rater=names[r.rater_id], item_id=r.item_id, score=r.score,
                    metric_value=r.metric_value, elements=r.elements,
                    data_sources=r.data_sources, evidence=r.evidence,
                    updated_at=r.updated_at, updated_by=r.updated_by, version=r.version,
                    ancestors=r.ancestors) for r in ratings],
                actions=[BundleAction(
                    uid=a.uid, item_id=a.item_id, principle_id=a.principle_id, what=a.what,
                    owner=a.owner, due_date=a.due_date,
                    status=a.status,
                    created_at=a.created_at, updated_at=a.updated_at,
                    notes=[BundleNote(uid=n.uid, at=n.at, author=n.author, text=n.text)
                           for n in notes if n.action_id == a.id]) for a in actions],
                audit=[BundleAudit(uid=a.uid, at=a.at, actor=a.actor, entity=a.entity,
                                   entity_id=a.entity_id, field=a.field,
                                   old_value=a.old_value, new_value=a.new_value,
                                   reason=a.reason) for a in audit],
            )
        return write_bundle(bundle, path)

    # -- import ------------------------------------------------------------------
    def import_bundle(self, path: Path) -> ImportReport:
        """Merge the bundle at ``path``; see the module docstring for the rules."""
        bundle = read_bundle(path)
        with self.store.session() as session:
            report = self._merge(session, bundle, path.name)
            if report.changed:
                self._audit(session, review_id=report.review_id, entity="review",
                            entity_id=report.review_id, field="imported", old=None,
                            new=f"{path.name}: {report.model_dump_json()}")
            return report

    def _merge(self, session: Session, bundle: Bundle, source: str) -> ImportReport:
        scale = self._bundle_scale(session, bundle)
        review, created, was_final = self._merge_review(session, bundle)
        report = ImportReport(review_id=review.id or 0, review_created=created)
        raters = self._merge_raters(session, review, bundle.raters)
        for incoming in bundle.ratings:
            self._merge_rating(session, review, scale, raters, incoming, source, report)
        for action in bundle.actions:
            self._merge_action(session, review, scale, action, report)
        known = set(session.exec(select(AuditEntry.uid).where(
            col(AuditEntry.uid).in_([a.uid for a in bundle.audit]))).all())
        for row in bundle.audit:
            if row.uid not in known:
                session.add(AuditEntry(uid=row.uid, at=row.at, actor=row.actor,
                                       review_id=review.id, entity=row.entity,
                                       entity_id=row.entity_id, field=row.field,
                                       old_value=row.old_value, new_value=row.new_value,
                                       reason=row.reason))
                report.audit_added += 1
        order = {"draft": 0, "consensus": 1, "final": 2}
        if order[bundle.review.status] > order[review.status]:
            report.status_changed = f"{review.status} -> {bundle.review.status}"
            review.status = bundle.review.status
            review.finalized_at = bundle.review.finalized_at
            session.add(review)
        if report.changed and was_final:
            raise ReviewLockedError(
                f"review {review.id} is finalized here; the bundle would change it, so "
                "nothing was imported. Reopen it with a reason first if the change is right.")
        session.flush()
        return report

    def _bundle_scale(self, session: Session, bundle: Bundle) -> ScaleDefinition:
        snapshot = session.get(ScaleSnapshot, bundle.scale.hash)
        if snapshot is None:
            session.add(ScaleSnapshot(hash=bundle.scale.hash, scale_id=bundle.scale.id,
                                      version=bundle.scale.version,
                                      content=bundle.scale.content))
            session.flush()
        return scale_from_snapshot(bundle.scale.content,
                                   f"bundle copy of {bundle.scale.id} {bundle.scale.version}")

    def _merge_review(self, session: Session, bundle: Bundle) -> tuple[Review, bool, bool]:
        """The local review (found or created), whether it was created, and whether it
        was finalized here before the import."""
        incoming = bundle.review
        review = session.exec(select(Review).where(Review.uid == incoming.uid)).first()
        site = session.exec(select(Site).where(Site.name == bundle.site.name)).first()
        if review is not None:
            here = session.get(Site, review.site_id)
            if here is None or here.name != bundle.site.name:
                raise InvalidInputError(
                    f"review id {incoming.uid[:12]}... belongs to site "
                    f"'{here.name if here else '?'}' here but to '{bundle.site.name}' in the "
                    "bundle: the ids collide, nothing was imported.")
            if review.scale_hash != incoming.scale_hash:
                raise InvalidInputError(
                    f"review {review.id} was scored here with another version of scale "
                    f"{review.scale_id} than the bundle's; nothing was imported.")
            return review, False, review.status == "final"
        if site is None:
            site = Site(name=bundle.site.name, organisation=bundle.site.organisation,
                        region=bundle.site.region)
            session.add(site)
            session.flush()
        review = Review(uid=incoming.uid, site_id=site.id or 0, scale_id=incoming.scale_id,
                        scale_version=incoming.scale_version, scale_hash=incoming.scale_hash,
                        review_type=incoming.review_type, visit_date=incoming.visit_date,
                        status=incoming.status, notes=incoming.notes,
                        created_at=incoming.created_at, finalized_at=incoming.finalized_at)
        session.add(review)
        session.flush()
        if not any(r.kind == "consensus" for r in bundle.raters):
            session.add(Rater(review_id=review.id or 0, name="Consensus", kind="consensus"))
        return review, True, False

    def _merge_raters(self, session: Session, review: Review,
                      incoming: list[BundleRater]) -> dict[str, Rater]:
        here = {r.name: r for r in session.exec(select(Rater)
                                                .where(Rater.review_id == review.id))}
        for rater in incoming:
            found = here.get(rater.name)
            if found is None and rater.kind == "consensus":
                found = next((r for r in here.values() if r.kind == "consensus"), None)
            if found is None:
                found = Rater(review_id=review.id or 0, name=rater.name, kind=rater.kind)
                session.add(found)
                session.flush()
            elif found.kind != rater.kind:
                raise InvalidInputError(f"rater '{rater.name}' is a {found.kind} here but a "
                                        f"{rater.kind} in the bundle; nothing was imported.")
            here[rater.name] = found
        return here

    def _merge_rating(self, session: Session, review: Review, scale: ScaleDefinition,
                      raters: dict[str, Rater], incoming: BundleRating, source: str,
                      report: ImportReport) -> None:
        rater = raters.get(incoming.rater)
        if rater is None:
            raise InvalidInputError(f"a rating names rater '{incoming.rater}', who is not in "
                                    "the bundle's list of raters; nothing was imported.")
        if incoming.item_id not in scale.items_by_id:
            raise InvalidInputError(f"a rating names item '{incoming.item_id}', which scale "
                                    f"{scale.id} does not have; nothing was imported.")
        low, high = scale.score_range.min, scale.score_range.max
        if incoming.score is not None and not low <= incoming.score <= high:
            raise InvalidInputError(f"a rating of item '{incoming.item_id}' has score "
                                    f"{incoming.score}, outside {low}..{high}; nothing was "
                                    "imported.")
        local = session.exec(select(Rating).where(
            Rating.review_id == review.id, Rating.rater_id == rater.id,
            Rating.item_id == incoming.item_id)).first()
        theirs_ancestors = set(incoming.ancestors.split(",")) - {""}
        if local is None:
            local = Rating(review_id=review.id or 0, rater_id=rater.id or 0,
                           item_id=incoming.item_id)
            _copy(incoming, local)
            session.add(local)
            report.ratings_added += 1
            return
        if local.version == incoming.version or incoming.version in local.ancestors.split(","):
            report.ratings_kept += 1  # same, or ours is newer
            return
        if local.version in theirs_ancestors:
            _copy(incoming, local)  # theirs is newer: a fast-forward
            session.add(local)
            report.ratings_updated += 1
            return
        seen = session.exec(select(RatingConflict.id).where(
            RatingConflict.review_id == review.id, RatingConflict.rater_id == rater.id,
            RatingConflict.item_id == incoming.item_id,
            RatingConflict.version == incoming.version)).first()
        if seen is None:
            session.add(RatingConflict(
                review_id=review.id or 0, rater_id=rater.id or 0, item_id=incoming.item_id,
                score=incoming.score, metric_value=incoming.metric_value,
                elements=incoming.elements, data_sources=incoming.data_sources,
                evidence=incoming.evidence, updated_at=incoming.updated_at,
                updated_by=incoming.updated_by, version=incoming.version, source=source))
            report.conflicts += 1

    def _merge_action(self, session: Session, review: Review, scale: ScaleDefinition,
                      incoming: BundleAction, report: ImportReport) -> None:
        action = session.exec(select(ActionItem).where(ActionItem.uid == incoming.uid)).first()
        if incoming.item_id is not None and incoming.item_id not in scale.items_by_id:
            raise InvalidInputError(f"action item '{incoming.what[:30]}' names unknown item "
                                    f"'{incoming.item_id}'; nothing was imported.")
        if action is None:
            action = ActionItem(uid=incoming.uid, review_id=review.id or 0,
                                item_id=incoming.item_id, principle_id=incoming.principle_id,
                                what=incoming.what, owner=incoming.owner,
                                due_date=incoming.due_date, status=incoming.status,
                                created_at=incoming.created_at, updated_at=incoming.updated_at)
            session.add(action)
            session.flush()
            report.actions_added += 1
        elif action.review_id != review.id:
            raise InvalidInputError(f"action item id {incoming.uid[:12]}... belongs to another "
                                    "review here: the ids collide, nothing was imported.")
        elif aware_utc(incoming.updated_at) > aware_utc(action.updated_at) and (
                action.what, action.owner, action.due_date, action.status) != (
                incoming.what, incoming.owner, incoming.due_date, incoming.status):
            action.what, action.owner = incoming.what, incoming.owner
            action.due_date, action.status = incoming.due_date, incoming.status
            action.updated_at = incoming.updated_at
            session.add(action)
            report.actions_updated += 1
        known = set(session.exec(select(ActionNote.uid).where(
            col(ActionNote.uid).in_([n.uid for n in incoming.notes]))).all())
        for note in incoming.notes:
            if note.uid not in known:
                session.add(ActionNote(uid=note.uid, action_id=action.id or 0, at=note.at,
                                       author=note.author, text=note.text))
                report.notes_added += 1

    # -- conflicts -----------------------------------------------------------------
    def conflicts(self, review_id: int, include_resolved: bool = False) -> list[ConflictView]:
        with self.store.session() as session:
            self._review(session, review_id)
            query = select(RatingConflict).where(RatingConflict.review_id == review_id)
            if not include_resolved:
                query = query.where(col(RatingConflict.resolved).is_(False))
            views = []
            for conflict in session.exec(query.order_by(col(RatingConflict.id))).all():
                rater = session.get(Rater, conflict.rater_id)
                ours = session.exec(select(Rating).where(
                    Rating.review_id == review_id, Rating.rater_id == conflict.rater_id,
                    Rating.item_id == conflict.item_id)).first()
                views.append(ConflictView(
                    id=conflict.id or 0, review_id=review_id,
                    rater=rater.name if rater else "?", item_id=conflict.item_id,
                    ours_score=ours.score if ours else None,
                    ours_evidence=ours.evidence if ours else "",
                    ours_updated_by=ours.updated_by if ours else "",
                    theirs_score=conflict.score, theirs_evidence=conflict.evidence,
                    theirs_updated_by=conflict.updated_by, source=conflict.source,
                    resolved=conflict.resolved))
            return views

    def resolve_conflict(self, conflict_id: int, take: str) -> ConflictView:
        """Keep ours (``take='ours'``) or take theirs (``'theirs'``); logged either way."""
        if take not in ("ours", "theirs"):
            raise InvalidInputError("--take must be 'ours' or 'theirs'.")
        with self.store.session() as session:
            conflict = session.get(RatingConflict, conflict_id)
            if conflict is None:
                raise NotFoundError(f"unknown conflict {conflict_id}. Run `fidelity bundle "
                                    "conflicts REVIEW` to see them.")
            review = self._unlocked_review(session, conflict.review_id)
            ours = session.exec(select(Rating).where(
                Rating.review_id == review.id, Rating.rater_id == conflict.rater_id,
                Rating.item_id == conflict.item_id)).one()
            rater = session.get(Rater, conflict.rater_id)
            if take == "theirs":
                from fidelity.service.ratings import bump_version

                for field in ("score", "metric_value", "elements", "data_sources",
                              "evidence"):
                    if getattr(ours, field) != getattr(conflict, field):
                        self._audit(session, review_id=review.id,
                                    entity="rating",
                                    entity_id=f"{rater.name if rater else '?'}/"
                                              f"{conflict.item_id}",
                                    field=field, old=getattr(ours, field),
                                    new=getattr(conflict, field),
                                    reason=f"conflict {conflict_id}: took the imported version")
                        setattr(ours, field, getattr(conflict, field))
                # The merged result descends from both versions.
                ours.ancestors = ",".join([conflict.version, ours.ancestors])
                bump_version(ours)
                ours.updated_at, ours.updated_by = utcnow(), self.actor
                session.add(ours)
            else:
                ours.ancestors = ",".join([conflict.version, ours.ancestors])
                session.add(ours)
            self._audit(session, review_id=review.id, entity="conflict",
                        entity_id=conflict_id, field="resolved", old=None, new=take)
            conflict.resolved = True
            session.add(conflict)
            session.flush()
        return next(c for c in self.conflicts(conflict.review_id, include_resolved=True)
                    if c.id == conflict_id)


def _copy(incoming: BundleRating, local: Rating) -> None:
    local.score, local.metric_value = incoming.score, incoming.metric_value
    local.elements, local.data_sources = incoming.elements, incoming.data_sources
    local.evidence = incoming.evidence
    local.updated_at, local.updated_by = incoming.updated_at, incoming.updated_by
    local.version, local.ancestors = incoming.version, incoming.ancestors

