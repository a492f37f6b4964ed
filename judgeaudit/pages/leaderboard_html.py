"""The leaderboard's pages: one self-contained HTML page per sort order, no script (same safety as the report).

Sorting without a script: every column's name links to a copy of the page ordered by that column.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from judgeaudit.io.atomic import replace_file
from judgeaudit.metrics import fmt_ci, fmt_value, info
from judgeaudit.metrics.panel import slug
from judgeaudit.ranking.leaderboard import Leaderboard, Row, sort_rows, write_csv

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


def render_page(board: Leaderboard, sort: str) -> str:
    """One page of the leaderboard ordered by the column ``sort``."""
    from judgeaudit.pages.html import environment

    first = board.columns[0]
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
                "cells": [_cell(r, p) for p in board.columns],
            }
        )
    meta = info(sort)
    return (
        environment()
        .get_template("leaderboard.html.j2")
        .render(
            title="judgeaudit leaderboard",
            n_judges=len(board.rows),
            batteries=board.batteries,
            sort_label=meta.label.lower() if meta else sort,
            method=board.method,
            columns=columns,
            groups=list(groups.values()),
            any_mixed=any(board.mixed.values()),
        )
    )


def write_leaderboard(board: Leaderboard, out_dir: Path) -> list[Path]:
    """leaderboard.html (+ one page per other sort order), leaderboard.csv and leaderboard.json in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("leaderboard-by-*.html"):
        old.unlink()  # a column gone since the last build must not leave its page behind
    written = []
    if board.columns:
        for path in board.columns:
            target = out_dir / page_name(path, board.columns[0])
            replace_file(target, render_page(board, path))
            written.append(target)
    csv_path, json_path = out_dir / "leaderboard.csv", out_dir / "leaderboard.json"
    write_csv(board, csv_path)
    replace_file(
        json_path, json.dumps(board.to_dict(), indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
    )
    return [*written, csv_path, json_path]
