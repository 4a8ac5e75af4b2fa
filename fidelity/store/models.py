"""SQLModel tables: sites, reviews, raters, ratings, action items, notes and the audit log.

Design notes:
- A review keeps the hash of the scale it was scored with; the scale's text is stored once
  per hash in ``scale_snapshot`` so an old review stays readable after the YAML changes.
- Consensus scores are ratings by the review's one rater of kind ``consensus``; this keeps a
  single ``rating`` table with a real unique constraint (review, rater, item).
- Reviews, action items, notes and audit rows carry a ``uid`` so copies on different
  laptops can be merged (``fidelity bundle``). A rating carries a ``version`` (new on every
  change) and its ``ancestors`` (earlier versions): an import can then tell a newer copy
  from a conflicting one, and conflicts are kept in ``rating_conflict``, never overwritten.
- Times are timezone-aware UTC (SQLModel's ``UTCDateTime`` refuses naive ones);
  ``utcnow`` is the one source of them.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Now, in UTC, the form every timestamp in the store takes."""
    return datetime.now(UTC)


def new_uid() -> str:
    """A global identity, the same on every laptop that holds a copy of the row."""
    return uuid.uuid4().hex


REVIEW_TYPES = ("external", "self-assessment", "follow-up")
REVIEW_STATUSES = ("draft", "consensus", "final")
ACTION_STATUSES = ("open", "in progress", "done", "dropped")
RATER_KINDS = ("rater", "consensus")


class ScaleSnapshot(SQLModel, table=True):
    __tablename__ = "scale_snapshot"

    hash: str = Field(primary_key=True, max_length=64)
    scale_id: str = Field(max_length=100)
    version: str = Field(max_length=100)
    content: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class Site(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True, index=True)
    organisation: str = Field(default="", max_length=200)
    region: str = Field(default="", max_length=200, index=True)
    created_at: datetime = Field(default_factory=utcnow)


class Review(SQLModel, table=True):
    __table_args__ = (Index("ix_review_site_date", "site_id", "visit_date"),)

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, max_length=32, unique=True, index=True)
    site_id: int = Field(foreign_key="site.id")
    scale_id: str = Field(max_length=100)
    scale_version: str = Field(max_length=100)
    scale_hash: str = Field(foreign_key="scale_snapshot.hash", max_length=64)
    review_type: str = Field(default="external", max_length=20)
    visit_date: date
    status: str = Field(default="draft", max_length=20, index=True)
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    created_at: datetime = Field(default_factory=utcnow)
    finalized_at: datetime | None = None


class Rater(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("review_id", "name", name="uq_rater_review_name"),)

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True)
    name: str = Field(max_length=200)
    kind: str = Field(default="rater", max_length=20)


class Rating(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("review_id", "rater_id", "item_id", name="uq_rating_slot"),
    )

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True)
    rater_id: int = Field(foreign_key="rater.id", index=True)
    item_id: str = Field(max_length=100)
    score: int | None = None
    metric_value: float | None = None
    elements: str = Field(default="", max_length=500)
    """Indexes (0-based) of the item's elements ticked as present, comma-separated."""
    data_sources: str = Field(default="", max_length=500)
    """Codes of the data sources used, comma-separated."""
    evidence: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=200)
    version: str = Field(default_factory=new_uid, max_length=32)
    ancestors: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    """Earlier versions of this rating, newest first, comma-separated (bounded)."""


class RatingConflict(SQLModel, table=True):
    """A version of a rating that arrived from another copy and conflicts with ours."""

    __tablename__ = "rating_conflict"

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", index=True)
    rater_id: int = Field(foreign_key="rater.id")
    item_id: str = Field(max_length=100)
    score: int | None = None
    metric_value: float | None = None
    elements: str = Field(default="", max_length=500)
    data_sources: str = Field(default="", max_length=500)
    evidence: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    updated_at: datetime
    updated_by: str = Field(default="", max_length=200)
    version: str = Field(max_length=32)
    source: str = Field(default="", max_length=500)
    detected_at: datetime = Field(default_factory=utcnow)
    resolved: bool = Field(default=False, index=True)


class ActionItem(SQLModel, table=True):
    __tablename__ = "action_item"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, max_length=32, unique=True, index=True)
    review_id: int = Field(foreign_key="review.id", index=True)
    item_id: str | None = Field(default=None, max_length=100)
    principle_id: str | None = Field(default=None, max_length=100)
    what: str = Field(sa_column=Column(Text, nullable=False))
    owner: str = Field(default="", max_length=200)
    due_date: date | None = Field(default=None, index=True)
    status: str = Field(default="open", max_length=20, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ActionCarry(SQLModel, table=True):
    """An open action item shown on a later review of the same site (linked, not copied)."""

    __tablename__ = "action_carry"

    review_id: int = Field(foreign_key="review.id", primary_key=True)
    action_id: int = Field(foreign_key="action_item.id", primary_key=True, index=True)
    carried_at: datetime = Field(default_factory=utcnow)


class ActionNote(SQLModel, table=True):
    __tablename__ = "action_note"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, max_length=32, unique=True, index=True)
    action_id: int = Field(foreign_key="action_item.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    author: str = Field(default="", max_length=200)
    text: str = Field(sa_column=Column(Text, nullable=False))


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(default_factory=new_uid, max_length=32, unique=True, index=True)
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(default="", max_length=200)
    review_id: int | None = Field(default=None, index=True)
    entity: str = Field(max_length=50)
    entity_id: str = Field(max_length=100)
    field: str = Field(max_length=100)
    old_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    new_value: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    reason: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
