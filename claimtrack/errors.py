"""The one base class of every error a user can cause; the command line catches it alone.

Each part of claimtrack raises a subclass of its own (`db.DatabaseError`, `ingest.InputError`,
`llm.LLMError`, `review.ReviewError`, ...) with a message that is one line for the user, and
the command exits 1. Any other exception is a bug and keeps its traceback.

This module imports nothing, so catching a user error costs a command nothing.
"""

from __future__ import annotations


class UserError(Exception):
    """A mistake the user can fix: a bad input, option, file or setting. The message says which."""


class ReportError(UserError):
    """A report, export or listing that cannot be made; the message is one line for the user."""


def cannot_write(path: object, exc: OSError) -> UserError:
    """The one line for an output file that cannot be written."""
    return UserError(f"{path}: cannot write ({exc.strerror or exc})")
