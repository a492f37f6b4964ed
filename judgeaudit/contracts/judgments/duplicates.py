"""Duplicate judgments: the same request recorded twice is one judgment; two different answers to it are an error.

Two rows are the *same judgment* when they share :func:`judgeaudit.contracts.judgments.judgment_key`: judge, suite,
item, variant, mode, order, response and ``repeat``. The position and verbosity probes of one suite both judge the
original pair, so identical copies are normal: they are counted (and the metrics keep one). Copies
that disagree cannot both be kept or one silently chosen: if they are repeated samples of a judge,
each needs its own ``repeat`` index, which says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from judgeaudit.contracts.judgments.row import judgment_key
from judgeaudit.errors import InputError

VERDICT = ("winner", "score", "p_a")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return bool(a == b)


def _locate(row: Mapping[str, Any], path: str | Path, line: int | None) -> tuple[str, int | None]:
    """Where a row is: its line in ``path`` or, for rows not yet written (an import), its ``source``."""
    if line is not None:
        return str(path), line
    src = str(row.get("source") or path)
    head, sep, tail = src.rpartition(":")
    return (head, int(tail)) if sep and tail.isdigit() else (src, None)


def _name(row: Mapping[str, Any], path: str | Path, line: int | None) -> str:
    where, at = _locate(row, path, line)
    if line is not None:
        src = row.get("source")
        return f"line {line}" + (f" (from {src})" if isinstance(src, str) and src else "")
    return where if at is None else f"{where}:{at}"


class Duplicates:
    """Counts rows repeating an earlier row's judgment, one row at a time (a reader never holds the rows).

    Each judgment keeps only its verdict, line and source, so a million rows cost a key and a small
    tuple each, not a copy of the row.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self.seen: dict[Any, tuple[tuple[Any, ...], int | None, Any]] = {}
        self.n_identical = 0

    def add(self, row: Mapping[str, Any], line: int | None) -> None:
        """Record ``row``; :class:`InputError` naming both rows when it answers an earlier judgment differently."""
        key = judgment_key(row)
        verdict = tuple(row.get(f) for f in VERDICT)
        first = self.seen.get(key)
        if first is None:
            self.seen[key] = (verdict, line, row.get("source"))
            return
        before, other_line, other_source = first
        differ = [i for i, f in enumerate(VERDICT) if not _same(before[i], verdict[i])]
        if not differ:
            self.n_identical += 1
            return
        i = differ[0]
        f = VERDICT[i]
        other = {"source": other_source}
        who = ", ".join(
            f"{k} {row.get(k)!r}"
            for k in ("judge", "item_id", "variant", "order", "response", "repeat")
            if row.get(k) is not None
        )
        where, at = _locate(row, self.path, line)
        raise InputError(
            where,
            at,
            f,
            f"conflicts with {_name(other, self.path, other_line)}: the same judgment ({who}) "
            f"recorded with {f} {before[i]!r} there and {verdict[i]!r} here. If these are repeated "
            "samples, give each row its own `repeat` (0, 1, ...); otherwise keep one of them",
        )


def count_duplicates(
    rows: Sequence[Mapping[str, Any]], path: str | Path, lines: Sequence[int | None] | None = None
) -> int:
    """How many rows repeat an earlier row's judgment with the same verdict.

    Args:
        rows: judgment rows in file order.
        path: the file they were read from (or will be written to).
        lines: each row's line in ``path``; without them rows are located by their ``source`` field.

    Raises:
        InputError: two rows are the same judgment with different verdicts; the error names both rows.
    """
    counter = Duplicates(path)
    for i, row in enumerate(rows):
        counter.add(row, lines[i] if lines is not None else None)
    return counter.n_identical
