"""Reading and writing judgments files: every valid row kept, every bad one reported, duplicates counted."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from judgeaudit.contracts.judgments.duplicates import count_duplicates
from judgeaudit.contracts.judgments.row import Judgment, frame_from_rows
from judgeaudit.contracts.judgments.validate import validate_row
from judgeaudit.errors import InputError
from judgeaudit.io.files import iter_json_records


@dataclass
class ReadResult:
    """Judgments that were read (as a frame and as the rows themselves), and the rows left out with why."""

    frame: pd.DataFrame
    problems: list[InputError] = field(default_factory=list)
    rows: list[Judgment] = field(default_factory=list)
    n_duplicates: int = 0  # rows repeating an earlier row's judgment and verdict (the metrics keep one)


def read_judgments(path: str | Path) -> ReadResult:
    """Read judgments.jsonl, keeping every valid row and reporting each bad one.

    A bad row never stops the analysis of the others: it is listed in ``problems`` so the report
    can say what was left out. Identical duplicate judgments are counted (``n_duplicates``); two rows
    of one judgment with different verdicts are an :class:`InputError` naming both lines.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, None, None, "file not found")
    rows: list[Judgment] = []
    lines: list[int | None] = []
    problems: list[InputError] = []
    for lineno, row in iter_json_records(path, problems):
        try:
            rows.append(validate_row(row, path, lineno))
            lines.append(lineno)
        except InputError as exc:
            problems.append(exc)
    if not rows:  # located at the first bad row, where a reader starts looking
        first = problems[0] if problems else None
        why = (
            ""
            if first is None
            else f" (the first bad row: {f'field {first.field!r}: ' if first.field else ''}{first.message})"
        )
        raise InputError(path, first.line if first else None, None, f"no valid judgments in the file{why}")
    n_dup = count_duplicates(rows, path, lines)
    return ReadResult(frame_from_rows(rows), problems, rows, n_dup)


def judgment_line(row: Mapping[str, Any]) -> str:
    """One row of judgments.jsonl: one JSON object, keys sorted, so the same rows always give the same bytes."""
    return json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n"


def write_judgments(rows: list[Judgment] | list[dict[str, Any]], path: str | Path) -> None:
    """Rows to a judgments file (run directories are written through rundir_writer instead)."""
    with Path(path).open("w", encoding="utf-8") as fh:
        fh.writelines(judgment_line(row) for row in rows)
