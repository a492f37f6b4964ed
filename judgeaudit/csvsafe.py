"""CSV cells a spreadsheet will not run: text starting with ``= + - @`` (or a tab or carriage return)
is read as a formula by Excel, LibreOffice and Google Sheets, so a judge named ``=HYPERLINK(...)``
could act on the machine of whoever opens the table. Such text gets a leading apostrophe (OWASP's
advice); numbers are written as they are. Every CSV judgeaudit writes goes through here.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``value``, with a leading ``'`` when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row (column -> value) with every cell made safe."""
    return {k: safe_cell(v) for k, v in row.items()}


def write_csv(path: Path, rows: Iterable[Mapping[str, Any]], fieldnames: list[str], *, delimiter: str = ",") -> None:
    """Write ``rows`` under a header of ``fieldnames`` (header cells made safe too)."""
    with Path(path).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow([safe_cell(f) for f in fieldnames])
        for row in rows:
            writer.writerow([safe_cell(row.get(f)) for f in fieldnames])
