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
    seen: dict[Any, tuple[Mapping[str, Any], int | None]] = {}
    n_identical = 0
    for i, row in enumerate(rows):
        line = lines[i] if lines is not None else None
        key = judgment_key(row)
        first = seen.get(key)
        if first is None:
            seen[key] = (row, line)
            continue
        other, other_line = first
        differ = [f for f in VERDICT if not _same(other.get(f), row.get(f))]
        if not differ:
            n_identical += 1
            continue
        f = differ[0]
        who = ", ".join(
            f"{k} {row.get(k)!r}"
            for k in ("judge", "item_id", "variant", "order", "response", "repeat")
            if row.get(k) is not None
        )
        where, at = _locate(row, path, line)
        raise InputError(
            where,
            at,
            f,
            f"conflicts with {_name(other, path, other_line)}: the same judgment ({who}) "
            f"recorded with {f} {other.get(f)!r} there and {row.get(f)!r} here. If these are repeated "
            "samples, give each row its own `repeat` (0, 1, ...); otherwise keep one of them",
        )
    return n_identical
