"""Reading and writing judgments files: every valid row kept, every bad one reported, duplicates counted."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import InitVar, dataclass, field
from pathlib import Path
from typing import Any, cast, overload

import numpy as np
import pandas as pd

from judgeaudit.contracts.judgments.duplicates import Duplicates
from judgeaudit.contracts.judgments.fast import fast_frame, fast_records, frame_record
from judgeaudit.contracts.judgments.row import COLUMNS, Judgment
from judgeaudit.contracts.judgments.validate import validate_row
from judgeaudit.errors import InputError
from judgeaudit.io.files import iter_json_records


class _Missing:
    """A key a row does not have (a frame shows it as NaN; the row as read has no such key)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()
_SHORT = 64  # strings up to this length are interned: a judge name or a variant repeated a million times is one object


class Columns:
    """The valid rows of a judgments file held column by column: one list per key, not one dict per row.

    A dict per row costs about a kilobyte before its values; a column costs a pointer per row, and the
    short strings that repeat in every row (judge, probe, variant, order, winner) are one object each.
    """

    def __init__(self) -> None:
        self.data: dict[str, list[Any]] = {}
        self.n = 0

    def add(self, row: Mapping[str, Any]) -> None:
        for key in row:
            if key not in self.data:
                self.data[key] = [MISSING] * self.n
        for key, column in self.data.items():
            value = row.get(key, MISSING)
            if type(value) is str and len(value) <= _SHORT:
                value = sys.intern(value)
            column.append(value)
        self.n += 1

    def rows(self) -> list[Judgment]:
        """The rows as read (each with exactly the keys it had)."""
        keys = list(self.data)
        columns = [self.data[k] for k in keys]
        return [cast("Judgment", {k: v for k, v in zip(keys, values) if v is not MISSING}) for values in zip(*columns)]

    def frame(self) -> pd.DataFrame:
        """The frame :func:`frame_from_rows` makes of the rows (columns in order of first appearance), but a
        field null in every row is a float column of NaN, as the fast path (fast.py) reads it."""
        nan = float("nan")
        df = pd.DataFrame(
            {
                # a field null (or absent) in every row is a float column of NaN, however the rows spelled it
                k: [nan if v is MISSING else v for v in col]
                if any(v is not None and v is not MISSING for v in col)
                else np.full(self.n, nan)
                for k, col in self.data.items()
            }
        )
        for col in COLUMNS:
            if col not in df.columns:
                df[col] = None
        for col in df.columns:  # texts as Python strings, as the fast path holds them
            if isinstance(df[col].dtype, pd.StringDtype):
                df[col] = df[col].astype(object)
        df["item_id"] = df["item_id"].astype(str)
        return df


@dataclass
class ReadResult:
    """Judgments that were read (as a frame and as the rows themselves), and the rows left out with why.

    The rows are made from the columns when first asked for: analysing a large run needs the frame only.
    """

    frame: pd.DataFrame
    problems: list[InputError] = field(default_factory=list)
    given_rows: InitVar[list[Judgment] | None] = None
    n_duplicates: int = 0  # rows repeating an earlier row's judgment and verdict (the metrics keep one)
    columns: Columns | None = field(default=None, repr=False)
    source: Path | None = None  # read fast (fast.py): the rows are read again, row by row, when asked for
    whole_numbers: tuple[str, ...] = ()  # read fast: the columns of whole numbers (floats in the frame if null)

    def __post_init__(self, given_rows: list[Judgment] | None) -> None:
        self._rows = given_rows

    @property
    def rows(self) -> list[Judgment]:
        if self._rows is None:
            if self.columns is None and self.source is not None:
                self.columns = _read_rows(self.source)[0]
            self._rows = self.columns.rows() if self.columns is not None else []
        return self._rows

    def records(self) -> list[Judgment]:
        """The rows, for readers that look fields up with ``.get`` (a report): read fast, a field a row lacks
        may show as null, and a whole number in a column of fractions as a float."""
        if self._rows is None and self.columns is None and self.source is not None:
            return fast_records(self.source)
        return self.rows

    def record(self, i: int) -> Judgment:
        """Row ``i`` (its label in ``frame``) as :meth:`records` gives it, without making every row's dict."""
        if self._rows is not None:
            return self._rows[i]
        if self.columns is not None:
            return cast("Judgment", {k: col[i] for k, col in self.columns.data.items() if col[i] is not MISSING})
        return frame_record(self.frame, i, self.whole_numbers)


class LazyRows(Sequence[Judgment]):
    """The rows of a :class:`ReadResult`, made only when one is looked at: a verb returns them, and most callers
    only count them (a million rows' dicts cost gigabytes)."""

    def __init__(self, read: ReadResult) -> None:
        self._read = read

    def __len__(self) -> int:
        return len(self._read.frame)

    @overload
    def __getitem__(self, i: int) -> Judgment: ...
    @overload
    def __getitem__(self, i: slice) -> list[Judgment]: ...
    def __getitem__(self, i: int | slice) -> Judgment | list[Judgment]:
        return self._read.rows[i]

    def __iter__(self) -> Iterator[Judgment]:
        return iter(self._read.rows)

    def __eq__(self, other: object) -> bool:
        return self._read.rows == (list(other) if isinstance(other, LazyRows) else other)

    __hash__ = None  # type: ignore[assignment]


def read_judgments(path: str | Path) -> ReadResult:
    """Read judgments.jsonl, keeping every valid row and reporting each bad one.

    A bad row never stops the analysis of the others: it is listed in ``problems`` so the report
    can say what was left out. Identical duplicate judgments are counted (``n_duplicates``); two rows
    of one judgment with different verdicts are an :class:`InputError` naming both lines. Rows are
    validated and counted one at a time and kept as columns (:class:`Columns`), never as a list of dicts.
    A file with no bad row is read by the fast path first (:mod:`.fast`: pyarrow, checked column-wise), which
    gives the same frame; anything it cannot vouch for is read row by row.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, None, None, "file not found")
    fast = fast_frame(path)
    if fast is not None:
        return ReadResult(fast[0], [], None, fast[1], source=path, whole_numbers=fast[2])
    columns, problems, n_identical = _read_rows(path)
    return ReadResult(columns.frame(), problems, None, n_identical, columns)


def _read_rows(path: Path) -> tuple[Columns, list[InputError], int]:
    """The row-by-row reader: every row validated, every bad one located, duplicates counted."""
    columns = Columns()
    duplicates = Duplicates(path)
    problems: list[InputError] = []
    for lineno, row in iter_json_records(path, problems):
        try:
            valid = validate_row(row, path, lineno)
        except InputError as exc:
            problems.append(exc)
            continue
        columns.add(valid)
        duplicates.add(valid, lineno)
    if not columns.n:  # located at the first bad row, where a reader starts looking
        first = problems[0] if problems else None
        why = (
            ""
            if first is None
            else f" (the first bad row: {f'field {first.field!r}: ' if first.field else ''}{first.message})"
        )
        raise InputError(path, first.line if first else None, None, f"no valid judgments in the file{why}")
    return columns, problems, duplicates.n_identical


def judgment_line(row: Mapping[str, Any]) -> str:
    """One row of judgments.jsonl: one JSON object, keys sorted, so the same rows always give the same bytes."""
    return json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n"


def write_judgments(rows: list[Judgment] | list[dict[str, Any]], path: str | Path) -> None:
    """Rows to a judgments file (run directories are written through rundir_writer instead)."""
    with Path(path).open("w", encoding="utf-8") as fh:
        fh.writelines(judgment_line(row) for row in rows)
