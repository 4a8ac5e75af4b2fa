"""Typed messages the screens post; the app and the tests listen for them."""

from __future__ import annotations

from textual.message import Message


class ItemRated(Message):
    """A score was committed to the database."""

    def __init__(self, review_id: int, item_id: str, rater: str | None,
                 score: int | None) -> None:
        super().__init__()
        self.review_id = review_id
        self.item_id = item_id
        self.rater = rater
        self.score = score


class EvidenceSaved(Message):
    """An evidence note (or a consensus rationale) was committed."""

    def __init__(self, review_id: int, item_id: str, rater: str | None) -> None:
        super().__init__()
        self.review_id = review_id
        self.item_id = item_id
        self.rater = rater


class ReviewStatusChanged(Message):
    """A review moved to consensus, was finalized or reopened."""

    def __init__(self, review_id: int, status: str) -> None:
        super().__init__()
        self.review_id = review_id
        self.status = status


class ActionSaved(Message):
    """An action item was added or updated."""

    def __init__(self, action_id: int) -> None:
        super().__init__()
        self.action_id = action_id


class ExportWritten(Message):
    """A report or chart was written to ``path``."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
