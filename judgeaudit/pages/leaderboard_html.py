"""The leaderboard's pages: one self-contained HTML page per sort order, no script (same safety as the report).

Sorting without a script: every column's name links to a copy of the page ordered by that column.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from judgeaudit.errors import InputError
from judgeaudit.io.atomic import atomic
from judgeaudit.metrics import fmt_ci, fmt_value, info
from judgeaudit.metrics.panel import slug
from judgeaudit.ranking.leaderboard import Leaderboard, Row, csv_text, sort_rows

INDEX = "leaderboard.html"


def page_name(path: str, first: str) -> str:
    """The file of the page ordered by ``path``; the first column's is the index."""
    return INDEX if path == first else f"leaderboard-by-{slug(path)}.html"


def _cell(row: Row, path: str) -> dict[str, Any] | None:
    c = row.cells.get(path)
    if c is None or c.value is None:
        return None
    meta = info(path)
    return {
        "value": fmt_value(meta, c.value),
        "ci": fmt_ci(meta, c.ci),
        "n": c.n,
        "rank": c.rank,
        "n_ranked": c.n_ranked,
        "rank_ci": None if not c.rank_ci else f"{c.rank_ci[0]}–{c.rank_ci[1]}",
    }


def render_page(board: Leaderboard, sort: str | None) -> str:
    """One page of the leaderboard ordered by the column ``sort`` (by judge when the board has no column)."""
    from judgeaudit.pages.html import environment

    first = board.columns[0] if board.columns else ""
    columns = []
    for path in board.columns:
        meta = info(path)
        columns.append(
            {
                "label": meta.label if meta else path,
                "better": meta.better_words("best at {}") if meta else "",
                "comparable": not board.mixed[path],
                "sorted": path == sort,
                "href": "./" + page_name(path, first),
            }
        )
    groups: dict[str, dict[str, Any]] = {}
    for r in sort_rows(board, sort):
        g = groups.setdefault(r.battery, {"id": r.battery, "label": r.battery_label, "rows": []})
        g["rows"].append(
            {
                "judge": r.judge,
                "slug": slug(r.judge),
                "family": r.family,
                "report": r.report,
                "dropped": r.n_dropped,
                "cells": [_cell(r, p) for p in board.columns],
            }
        )
    meta = info(sort) if sort else None
    return (
        environment()
        .get_template("leaderboard.html.j2")
        .render(
            title="judgeaudit leaderboard",
            n_judges=len(board.rows),
            batteries=board.batteries,
            sort_label=meta.label.lower() if meta else (sort or "judge"),
            method=board.method,
            columns=columns,
            groups=list(groups.values()),
            any_mixed=any(board.mixed.values()),
        )
    )


def write_leaderboard(board: Leaderboard, out_dir: Path) -> list[Path]:
    """leaderboard.html (+ one page per other sort order), leaderboard.csv and leaderboard.json in ``out_dir``.

    The files are one set: every one is rendered and written into a staging folder inside ``out_dir``
    first, then each is renamed into place and the pages of columns gone since the last build are
    removed, so a failed build leaves the previous set whole and a rebuild never leaves an old page
    beside a new table.

    Raises:
        InputError: ``out_dir`` cannot be made or written.
    """
    pages = (
        {page_name(path, board.columns[0]): render_page(board, path) for path in board.columns}
        if board.columns
        else {INDEX: render_page(board, None)}
    )
    data = json.dumps(board.to_dict(), indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
    files = {**pages, "leaderboard.csv": csv_text(board), "leaderboard.json": data}
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=".leaderboard-staging-", dir=out_dir))
    except OSError as exc:
        raise InputError(out_dir, None, None, f"cannot write the leaderboard here ({exc.strerror or exc})") from None
    try:
        for name, text in files.items():
            with atomic(stage / name) as fh:
                fh.write(text)
        stale = [p for p in out_dir.glob("leaderboard-by-*.html") if p.name not in files]
        for name in files:  # all rendered and on disk: only renames from here
            os.replace(stage / name, out_dir / name)
        for old in stale:  # a column gone since the last build must not leave its page behind
            old.unlink()
    except OSError as exc:
        raise InputError(out_dir, None, None, f"cannot write the leaderboard here ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return [out_dir / name for name in files]
