"""The CLI's exit codes, and the one place exceptions are mapped to them."""

from __future__ import annotations

from enum import IntEnum

from fidelity.errors import (
    FidelityError,
    InvalidInputError,
    NotFoundError,
    ReviewLockedError,
    ScaleError,
    StateError,
    StoreError,
    UnknownScaleError,
)


class ExitCode(IntEnum):
    """Documented in docs/cli.md; scripts may rely on these numbers."""

    OK = 0
    INVALID = 1
    """Invalid data or definition: a bad scale file, an unknown item, a score out of range,
    a locked review, an unknown site or review."""
    USAGE = 2
    """The command line itself is wrong (unknown option, missing argument)."""
    DATABASE = 3
    """The database cannot be opened, read or written."""
    INTERNAL = 4
    """A bug: please report it with the output of the same command run with --debug."""


def exit_code_for(exc: BaseException) -> ExitCode:
    if isinstance(exc, StoreError):
        return ExitCode.DATABASE
    if isinstance(exc, ScaleError | UnknownScaleError | InvalidInputError | NotFoundError
                  | ReviewLockedError | StateError | FidelityError):
        return ExitCode.INVALID
    return ExitCode.INTERNAL
