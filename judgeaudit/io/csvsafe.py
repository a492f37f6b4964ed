"""CSV cells a spreadsheet will not run: text starting with ``= + - @`` (or a tab or carriage return)
is read as a formula by Excel, LibreOffice and Google Sheets, so a judge named ``=HYPERLINK(...)``
could act on the machine of whoever opens the table. Such text gets a leading apostrophe (OWASP's
advice); numbers are written as they are. Every CSV judgeaudit writes goes through here.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from judgeaudit.io.atomic import replace_file

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value``, with a leading ``'`` when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row (column -> value) with every cell made safe."""
    return {k: safe_cell(v) for k, v in row.items()}


def csv_lines(rows: Iterable[Sequence[Any]], *, delimiter: str = ",") -> str:
    """The CSV text of ``rows`` (the first is the header), every cell made safe."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter)
    for row in rows:
        writer.writerow([safe_cell(x) for x in row])
    return buf.getvalue()


def write_csv(path: Path, rows: Iterable[Mapping[str, Any]], fieldnames: list[str], *, delimiter: str = ",") -> None:
    """Write ``rows`` under a header of ``fieldnames``, atomically (a reader sees the old table or the new one)."""
    table: list[Sequence[Any]] = [fieldnames, *([row.get(f) for f in fieldnames] for row in rows)]
    replace_file(Path(path), csv_lines(table, delimiter=delimiter))
