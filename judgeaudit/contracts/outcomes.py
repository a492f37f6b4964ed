"""Three outcomes of a judge call, kept apart: a verdict, an unreadable answer, and a failed call.

An unreadable answer (the judge said something no parser reads) is the judge's doing and part of
what an audit measures. A failed call (a closed port, an HTTP error, a prompt refused for being
longer than the context) says nothing about the judge: its row carries ``error``, it is left out
of the metrics, counted apart in the manifest and summary, and never cached. When more calls fail
than a command allows, the command stops with exit 2 naming the error, because an audit of a judge
that mostly did not answer would read as a verdict on the judge instead of on the setup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import JSONObject

PROBE_MAX_ERROR_SHARE = 0.05  # probe: a few dropped calls leave an audit readable
VET_MAX_ERROR_SHARE = 0.0  # vet: a gate never passes or fails a judge on calls that did not happen


class BackendFailure(JudgeAuditError):
    """More judge calls failed than the command allows (exit 2: a broken setup, not a failed audit)."""


Row = TypeVar("Row", bound=Mapping[str, Any])


def is_error(row: Mapping[str, Any]) -> bool:
    """A row whose judge call failed (no answer at all, as opposed to an unreadable one)."""
    return row.get("error") is not None


def without_errors(rows: list[Row]) -> list[Row]:
    """The rows the metrics are computed from: every row whose call returned."""
    return [r for r in rows if not is_error(r)]


@dataclass(frozen=True)
class ErrorTally:
    """How many judgments failed (their call returned no answer), of how many, and the most frequent reason."""

    n_errors: int
    n_calls: int
    top: str | None
    top_count: int

    @property
    def share(self) -> float:
        return self.n_errors / self.n_calls if self.n_calls else 0.0

    def to_dict(self) -> JSONObject:
        """The failed calls as manifest.json records them (``backend_errors``)."""
        return {
            "n_errors": self.n_errors,
            "n_calls": self.n_calls,
            "share": round(self.share, 6),
            "most_frequent": self.top,
            "most_frequent_count": self.top_count,
        }


def tally(errors: Iterable[str | None], n_calls: int) -> ErrorTally:
    """Count the failed calls among ``n_calls`` (``errors``: one entry per call, None when it returned)."""
    counts = Counter(e for e in errors if e is not None)
    top = counts.most_common(1)
    return ErrorTally(sum(counts.values()), n_calls, top[0][0] if top else None, top[0][1] if top else 0)


def check_share(t: ErrorTally, max_share: float) -> None:
    """Stop the command when failed calls exceed ``max_share`` of all calls.

    Raises:
        BackendFailure: naming how many calls failed and the most frequent error.
    """
    if t.n_errors == 0 or t.share <= max_share:
        return
    allowed = "none allowed" if max_share == 0 else f"more than the {max_share:.0%} allowed"
    raise BackendFailure(
        f"{t.n_errors} of {t.n_calls} judgments failed ({t.share:.0%}; {allowed}): {' '.join(str(t.top).split())}"
        + (f" ({t.top_count}x)" if t.top_count > 1 else "")
        + ". The judge backend is not answering: fix the setup and rerun (answers already received are "
        "cached), or allow some failures with --max-error-share."
    )
