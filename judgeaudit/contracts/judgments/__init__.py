"""Judgments: one row per judge call, the contract every probe writes and every metric reads.

:mod:`.row` types a row (:class:`Judgment`, :class:`Verdict`) and gives its identity; :mod:`.validate`
checks one row, :mod:`.fields` the types of its fields; :mod:`.read` reads and writes judgments files,
with :mod:`.duplicates` deciding when two rows are one judgment.
"""

from judgeaudit.contracts.judgments.read import LazyRows, ReadResult, judgment_line, read_judgments, write_judgments
from judgeaudit.contracts.judgments.row import (
    COLUMNS,
    MODES,
    REQUIRED,
    WINNERS,
    Judgment,
    JudgmentKey,
    Verdict,
    frame_from_rows,
    is_read,
    judgment_key,
    judgment_keys,
    read_mask,
    repeated_judgments,
)
from judgeaudit.contracts.judgments.validate import validate_row

__all__ = [
    "COLUMNS",
    "MODES",
    "REQUIRED",
    "WINNERS",
    "Judgment",
    "JudgmentKey",
    "LazyRows",
    "ReadResult",
    "Verdict",
    "frame_from_rows",
    "is_read",
    "judgment_key",
    "judgment_keys",
    "repeated_judgments",
    "judgment_line",
    "read_judgments",
    "read_mask",
    "validate_row",
    "write_judgments",
]
