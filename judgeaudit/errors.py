"""Errors a user can act on: each names the file, line and field at fault."""

from __future__ import annotations

from pathlib import Path


class JudgeAuditError(Exception):
    """Base class for errors shown to users without a traceback."""


class InputError(JudgeAuditError):
    """A problem in a user-supplied file, located precisely.

    Args:
        path: the file at fault.
        line: 1-based line number (``None`` for whole-file problems).
        field: the field at fault (``None`` when the whole row is unreadable).
        message: what is wrong and, where possible, what would be right.
    """

    def __init__(self, path: str | Path, line: int | None, field: str | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f" field '{self.field}':" if self.field else ""
        return f"{where}:{what} {self.message}"


class InputErrors(JudgeAuditError):
    """Several located problems found in one pass, so a user fixes them all at once."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        shown = "\n".join(f"  {e}" for e in errors[:20])
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{len(errors)} problem(s) in input:\n{shown}{more}")


class MissingDependency(JudgeAuditError):
    """An optional extra is not installed; the message names the pip command."""

    def __init__(self, what: str, extra: str) -> None:
        super().__init__(f"{what} is not installed. Install it with: pip install 'judgeaudit[{extra}]'")


class MissingWeights(JudgeAuditError):
    """Judge weights are not on this machine; the message says where we looked and how to fetch."""
