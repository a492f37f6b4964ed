"""The judge-bias leaderboard: one row per judge, the headline biases as columns, ranks with uncertainty.

Rows come from run directories, single- or multi-judge (``by_judge``). A judge's *battery* is the set
of (suite, item) it judged, hashed: two judges are ranked against each other on a column only when they
share the battery, because a consistency of 0.9 on easy pairs and 0.8 on hard ones say nothing about
which judge is better. A column whose rows come from several batteries is marked not comparable, and
its ranks hold within each battery.

A rank's uncertainty is a parametric bootstrap: each judge's estimate is redrawn from a normal with the
standard error its 95% interval implies (width / 3.92), the judges are re-ranked by distance from no
bias, and the 2.5th and 97.5th percentiles of each judge's rank form its rank interval. Judges are
treated as independent, as ``judgeaudit compare`` does.
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np

from judgeaudit.contracts.rundir import RunDir
from judgeaudit.errors import InputError
from judgeaudit.io.csvsafe import csv_lines
from judgeaudit.io.files import text_or_none
from judgeaudit.metrics import CATALOG, MetricInfo, info, lookup
from judgeaudit.metrics.panel import is_multi, judges_of, slug
from judgeaudit.metrics.words import Metrics

# the headline biases, in the catalogue's leaderboard order (MetricInfo.leaderboard_rank)
COLUMNS = tuple(
    m.path
    for m in sorted(
        (m for m in CATALOG.values() if m.leaderboard_rank is not None), key=lambda m: m.leaderboard_rank or 0
    )
)
CUE_COLUMN = "cues.{cue}.robustness_rate"  # one column per cue measured in any run
N_DRAWS = 2000
Z95 = 1.959963984540054
METHOD = (
    "Ranks are by distance from no bias within judges that share a battery (the same suite and items). "
    "Rank intervals: each estimate redrawn 2,000 times from a normal with the standard error its 95% interval "
    "implies, judges re-ranked each time, 2.5th-97.5th percentile of each judge's rank; judges treated as "
    "independent."
)


@dataclass
class Cell:
    """One judge's estimate on one column, with its rank among judges of the same battery."""

    value: float | None
    ci: list[float | None] | None
    n: int | None
    rank: int | None = None
    rank_ci: list[int] | None = None
    n_ranked: int | None = None


@dataclass
class Row:
    """One judge."""

    judge: str
    family: str | None
    run_dir: str
    battery: str
    battery_label: str
    report: str | None
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class Leaderboard:
    columns: list[str]
    rows: list[Row]
    batteries: dict[str, str]
    mixed: dict[str, bool]
    method: str = METHOD

    def to_dict(self) -> dict[str, Any]:
        cols = []
        for path in self.columns:
            meta = info(path)
            cols.append(
                {
                    "path": path,
                    "label": meta.label if meta else path,
                    "better": meta.direction if meta else None,
                    "comparable": not self.mixed[path],
                }
            )
        return {
            "columns": cols,
            "batteries": self.batteries,
            "method": self.method,
            "rows": [asdict(r) for r in self.rows],
        }


def _batteries(run: RunDir) -> dict[str, tuple[str, str]]:
    """Judge → (battery hash, label) from the (suite, item) pairs of its judgments.

    Raises:
        InputError: the run has no judgments.jsonl: a judge that cannot be placed on a battery is never
            ranked (it would be ranked against judges of other items as if they were comparable).
    """
    items: dict[str, set[tuple[str, str]]] = {}
    if not run.judgments_path.is_file():
        raise InputError(
            run.judgments_path,
            None,
            None,
            "not found: the leaderboard ranks judges only against judges of the same battery (suite and items), "
            "which it reads from the run's judgments; leave this run out, or give it its judgments.jsonl",
        )
    frame = run.judgments().frame  # the columns only: a large run is never turned into a list of dicts
    for judge, suite, item in zip(frame["judge"], frame["suite"], frame["item_id"]):
        if judge is not None and judge == judge:  # not null, not NaN
            items.setdefault(str(judge), set()).add((str(suite) if suite and suite == suite else "", str(item)))
    out = {}
    for judge, pairs in items.items():
        digest = hashlib.sha256("\n".join(f"{s}\t{i}" for s, i in sorted(pairs)).encode()).hexdigest()[:12]
        suites = sorted({s for s, _ in pairs if s})
        shown = ", ".join(suites[:2]) + (f" +{len(suites) - 2} suites" if len(suites) > 2 else "")
        out[judge] = (digest, f"{shown or 'unnamed suite'} ({len(pairs)} items)")
    return out


def _link(run_dir: Path, out_dir: Path, judge: str, multi: bool) -> str | None:
    report = run_dir / "report.html"
    if not report.exists():
        return None
    rel = os.path.relpath(report.resolve(), out_dir.resolve())
    href = "/".join(quote(part) for part in Path(rel).parts)
    if not href.startswith("../"):
        href = "./" + href  # never a scheme, whatever the directory is called
    return href + (f"#judge-{quote(slug(judge))}" if multi else "")


def load_rows(run_dirs: list[Path], out_dir: Path) -> list[Row]:
    """One row per judge of each run directory (its ``by_judge`` entries when it holds several)."""
    rows = []
    for run_dir in map(Path, run_dirs):
        run = RunDir(run_dir)
        metrics = run.metrics()
        recorded = run.manifest()
        manifest = recorded.to_json() if recorded else {}
        batteries = _batteries(run)
        multi = is_multi(metrics)
        judged = judges_of(metrics, fallback=str(manifest.get("judge") or run_dir.name))
        for judge, m in judged.items():
            family = lookup(m, "meta.judge_family") or (None if multi else text_or_none(manifest.get("judge_family")))
            family = family if isinstance(family, str) else None
            placed = batteries.get(judge) or (
                next(iter(batteries.values())) if len(batteries) == 1 and not multi else None
            )
            if placed is None:
                raise InputError(
                    run.judgments_path,
                    None,
                    "judge",
                    f"holds no judgment of {judge!r}, which metrics.json names (judges here: "
                    f"{', '.join(sorted(batteries)) or 'none'}): that judge cannot be placed on a battery; "
                    "run `judgeaudit analyze` on the run directory again",
                )
            row = Row(judge, family, str(run_dir), *placed, _link(run_dir, out_dir, judge, multi))
            where = f"by_judge.{judge}." if multi else ""
            for path in _columns([m]):
                cell = _checked_cell(lookup(m, path), run.metrics_path, where + path)
                if cell is not None:
                    row.cells[path] = cell
            rows.append(row)
    return rows


def _number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _checked_cell(node: Any, path: Path, field: str) -> Cell | None:
    """The cell of one estimate, or None when unmeasured; a value the board cannot rank is refused.

    Raises:
        InputError: a value, interval bound or n that is not a finite number (NaN, a string), naming the
            file and the field, before any file of the board is written.
    """
    if not isinstance(node, dict) or node.get("value") is None:
        return None
    value, ci, n = node["value"], node.get("ci"), node.get("n")
    if not _number(value):
        raise InputError(path, None, f"{field}.value", f"must be a finite number or null, not {value!r}")
    if ci is not None and not (isinstance(ci, list) and len(ci) == 2 and all(b is None or _number(b) for b in ci)):
        raise InputError(path, None, f"{field}.ci", f"must be two finite numbers (or nulls), not {ci!r}")
    if n is not None and not (isinstance(n, int) and not isinstance(n, bool) and n >= 0):
        raise InputError(path, None, f"{field}.n", f"must be a count (an integer >= 0) or null, not {n!r}")
    return Cell(float(value), ci, n)


def _columns(metrics: list[Metrics]) -> list[str]:
    ids = [lookup(m, "cues.cue_ids") for m in metrics]
    cues = sorted({c for found in ids if isinstance(found, list) for c in found if isinstance(c, str)})
    return [*COLUMNS, *(CUE_COLUMN.format(cue=c) for c in cues)]


def _se(cell: Cell) -> float | None:
    ci = cell.ci
    if not ci or ci[0] is None or ci[1] is None:
        return None
    return abs(float(ci[1]) - float(ci[0])) / (2 * Z95)


def rank_column(cells: list[Cell], meta: MetricInfo, seed: int = 0) -> None:
    """Rank cells of one battery by badness (1 = least biased) and attach bootstrap rank intervals."""
    ranked = [c for c in cells if c.value is not None]
    if not ranked:
        return
    bad = np.array([meta.badness(c.value) for c in ranked])  # type: ignore[arg-type]
    order = np.argsort(bad, kind="stable")
    ranks = np.empty(len(ranked), dtype=int)
    ranks[order] = np.arange(1, len(ranked) + 1)
    ses = [_se(c) for c in ranked]
    draws = None
    if all(s is not None for s in ses) and len(ranked) > 1:
        rng = np.random.default_rng(seed)
        values = np.array([c.value for c in ranked], dtype=float)
        sim = values + rng.standard_normal((N_DRAWS, len(ranked))) * np.array(ses, dtype=float)
        sim_bad = np.vectorize(meta.badness)(sim)
        draws = np.argsort(np.argsort(sim_bad, axis=1, kind="stable"), axis=1) + 1
    for i, c in enumerate(ranked):
        c.rank, c.n_ranked = int(ranks[i]), len(ranked)
        if draws is not None:
            lo, hi = np.percentile(draws[:, i], [2.5, 97.5])
            c.rank_ci = [int(math.floor(lo)), int(math.ceil(hi))]
        elif len(ranked) == 1:
            c.rank_ci = [1, 1]


def build(run_dirs: list[Path], out_dir: Path, seed: int = 0) -> Leaderboard:
    """Rows of every run directory, ranked column by column within batteries."""
    rows = load_rows(run_dirs, out_dir)
    names = [r.judge for r in rows]
    for r in rows:  # the same judge from two runs stays two rows, told apart
        if names.count(r.judge) > 1:
            r.judge = f"{r.judge} ({Path(r.run_dir).name})"
    columns = [p for p in _all_columns(rows) if any(p in r.cells for r in rows)]
    mixed = {}
    for k, path in enumerate(columns):
        meta = info(path)
        groups: dict[str, list[Cell]] = {}
        for r in rows:
            if path in r.cells:
                groups.setdefault(r.battery, []).append(r.cells[path])
        mixed[path] = len(groups) > 1
        if meta is not None:
            for j, cells in enumerate(groups.values()):
                rank_column(cells, meta, seed=seed + 1000 * k + j)
    batteries = {r.battery: r.battery_label for r in rows}
    return Leaderboard(columns, rows, batteries, mixed)


def _all_columns(rows: list[Row]) -> list[str]:
    cues = sorted({p for r in rows for p in r.cells if p.startswith("cues.")})
    return [*COLUMNS, *cues]


def sort_rows(board: Leaderboard, path: str | None) -> list[Row]:
    """Rows by battery, then least biased first on ``path`` (unmeasured last); by name when None."""
    meta = info(path) if path else None

    def key(r: Row) -> tuple[Any, ...]:
        c = r.cells.get(path) if path else None
        if c is None or c.value is None or meta is None:
            return (1, r.battery_label, math.inf, r.judge)
        return (0, r.battery_label, meta.badness(c.value), r.judge)

    return sorted(board.rows, key=key)


def csv_text(board: Leaderboard) -> str:
    """leaderboard.csv: one line per judge; per column value, interval, n, rank and rank interval."""
    head = ["judge", "family", "battery", "battery_label", "run_dir", "report"]
    for c in board.columns:
        head += [f"{c}.{k}" for k in ("value", "ci_lo", "ci_hi", "n", "rank", "rank_lo", "rank_hi")]
    table: list[list[Any]] = [head]
    for r in sort_rows(board, board.columns[0] if board.columns else None):
        line: list[Any] = [r.judge, r.family or "", r.battery, r.battery_label, r.run_dir, r.report or ""]
        for c in board.columns:
            cell = r.cells.get(c)
            ci = (cell.ci if cell and cell.ci else None) or [None, None]
            rci: list[int | None] = list(cell.rank_ci) if cell and cell.rank_ci else [None, None]
            line += [
                None if cell is None else cell.value,
                ci[0],
                ci[1],
                None if cell is None else cell.n,
                None if cell is None else cell.rank,
                rci[0],
                rci[1],
            ]
        table.append(["" if x is None else x for x in line])
    return csv_lines(table)  # judge names are user text: formula cells quoted (csvsafe)
