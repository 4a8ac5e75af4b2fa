"""Typed exceptions of the domain core.

Every error the core raises on purpose is a ``FidelityError``. The CLI and the TUI turn
them into one-line messages and exit codes (see ``fidelity.cli.exit_codes``); the core never
prints and never exits.
"""

from __future__ import annotations


class FidelityError(Exception):
    """Base class of every error the toolkit raises deliberately."""


class ScaleError(FidelityError):
    """A scale definition file is missing, malformed or inconsistent."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(problems[0] if len(problems) == 1 else "; ".join(problems))


class UnknownScaleError(FidelityError):
    """No scale with the requested id is installed."""


class InvalidInputError(FidelityError):
    """A value given by the user does not fit (unknown item, score out of range, bad date)."""


class NotFoundError(FidelityError):
    """A site, review, rater or action item does not exist."""


class ReviewLockedError(FidelityError):
    """The review is finalized; it must be reopened with a reason before it can change."""


class StateError(FidelityError):
    """The operation does not fit the review's current status (e.g. finalizing twice)."""


class StoreError(FidelityError):
    """The database cannot be opened, read or written."""
