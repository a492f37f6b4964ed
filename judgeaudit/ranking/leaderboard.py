"""The judge-bias leaderboard: one row per judge, the headline biases as columns, ranks with uncertainty.

Rows come from run directories, single- or multi-judge (``by_judge``). Judges are ranked against each other
only on a shared *battery* (``batteries.py``): the same suites, compared on the items they all judged; a
judge that missed a few items is ranked on the common items and its dropped items are counted. A column
whose rows come from several batteries is marked not comparable, and its ranks hold within each battery; a
judge alone on its battery gets no rank.

Rank intervals are simultaneous 95% rank confidence sets (``ranksets.py``): on the position columns from
paired comparisons on the common items (each pair's standard error item by item, so judges that judged the
same items move together; Holm over all pairs); on the other columns by Bonferroni over the judges' intervals.
"""

from __future__ import annotations

import math
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import numpy as np
import pandas as pd

from judgeaudit.contracts.rundir import RunDir
from judgeaudit.errors import InputError
from judgeaudit.io.csvsafe import csv_lines
from judgeaudit.io.files import text_or_none
from judgeaudit.metrics import CATALOG, MetricInfo, info, lookup
from judgeaudit.metrics.panel import is_multi, judges_of, slug
from judgeaudit.metrics.words import Metrics
from judgeaudit.ranking import ranksets
from judgeaudit.ranking.batteries import Battery, Placement, group
from judgeaudit.ranking.pooled_model import SECTION, pooled_sections
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.position_items import ITEM_COLUMNS, item_sums

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
    "Ranks are by distance from no bias among judges of one battery (the same suites), on the items they all "
    "judged (a judge's dropped items are counted); tied estimates share a rank; a judge alone on its battery is "
    "not ranked. Rank intervals are simultaneous 95% rank confidence sets: on the position columns from paired "
    "comparisons on the common items (every pairwise difference with its item-by-item standard error, Holm's "
    "step-down over all pairs), on the other columns Bonferroni over the judges' 95% intervals. "
    "All judges' intervals hold their true ranks at once in 95% of batteries."
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
    n_items: int = 0
    n_common: int = 0
    n_dropped: int = 0


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


def _placements(run: RunDir) -> dict[str, Placement]:
    """Judge → its items, units and per-item position sums, from the run's judgments.

    Raises:
        InputError: the run has no judgments.jsonl: a judge that cannot be placed on a battery is never
            ranked (it would be ranked against judges of other items as if they were comparable).
    """
    if not run.judgments_path.is_file():
        raise InputError(
            run.judgments_path,
            None,
            None,
            "not found: the leaderboard ranks judges only against judges of the same battery (suite and items), "
            "which it reads from the run's judgments; leave this run out, or give it its judgments.jsonl",
        )
    frame, _ = prepare(run.judgments().frame)
    frame = frame.loc[frame["judge"].notna()]
    out = {}
    for judge, rows in frame.groupby(frame["judge"].astype(str), sort=True):
        suites = rows["suite"].where(rows["suite"].notna() & (rows["suite"] != ""), "").astype(str)
        items = frozenset(zip(suites, rows["item_id"].astype(str), strict=True))
        out[str(judge)] = Placement(items, frozenset(rows["unit"].astype(str)), item_sums(rows))
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
    return _load(run_dirs, out_dir)[0]


def _load(run_dirs: list[Path], out_dir: Path) -> tuple[list[Row], list[Placement], list[Battery]]:
    """The rows, each row's placement (same order) and the batteries they fall into."""
    rows: list[Row] = []
    placements: list[Placement] = []
    for run_dir in map(Path, run_dirs):
        run = RunDir(run_dir)
        metrics = run.metrics()
        recorded = run.manifest()
        manifest = recorded.to_json() if recorded else {}
        batteries = _placements(run)
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
            row = Row(judge, family, str(run_dir), "", "", _link(run_dir, out_dir, judge, multi))
            placements.append(placed)
            where = f"by_judge.{judge}." if multi else ""
            for path in _columns([m]):
                cell = _checked_cell(lookup(m, path), run.metrics_path, where + path)
                if cell is not None:
                    row.cells[path] = cell
            rows.append(row)
    groups = group(placements)
    for b in groups:
        for i, dropped in b.dropped.items():
            r = rows[i]
            r.battery, r.battery_label = b.id, b.label
            r.n_items, r.n_common, r.n_dropped = b.n_common + dropped, b.n_common, dropped
    return rows, placements, groups


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


def rank_column(
    cells: list[Cell], meta: MetricInfo, joint: tuple[np.ndarray, list[tuple[int, int]]] | None = None
) -> None:
    """Rank cells of one battery by badness (1 = least biased) and attach simultaneous rank sets.

    ``joint``: (point badness, rank sets) from the joint studentized bootstrap on the battery's common items,
    one entry per cell; without it the sets come from the cells' intervals (Bonferroni).
    """
    ranked = [c for c in cells if c.value is not None]
    if len(ranked) < 2:  # alone on its battery: nothing to rank against
        for c in ranked:
            c.rank, c.rank_ci, c.n_ranked = None, None, 1
        return
    sets: list[tuple[int, int]] | None
    if joint is not None:
        bad, sets = joint
    else:
        bad = np.array([meta.badness(c.value) for c in ranked])  # type: ignore[arg-type]
        ses = [_se(c) for c in ranked]
        sets = (
            None
            if any(s is None for s in ses)
            else ranksets.from_intervals(
                np.array([c.value for c in ranked], dtype=float), np.array(ses, dtype=float), meta.badness, meta.ideal
            )
        )
    ranks = ranksets.point_ranks(bad)
    for i, c in enumerate(ranked):
        c.rank, c.n_ranked = int(ranks[i]), len(ranked)
        c.rank_ci = None if sets is None else [sets[i][0], sets[i][1]]


def joint_sets(
    sums: list[pd.DataFrame], units: list[str], meta: MetricInfo, signed: bool
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Point badness and simultaneous rank sets from paired comparisons on the shared items, one judge per
    item-sums frame: each pair's standard error is computed item by item, so it carries the judges'
    correlation (``ranksets.from_item_sums``)."""
    k = np.column_stack([s["k"].reindex(units, fill_value=0.0).to_numpy(float) for s in sums])
    m = np.column_stack([s["m"].reindex(units, fill_value=0.0).to_numpy(float) for s in sums])
    return ranksets.from_item_sums(k, m, signed, meta.badness, meta.ideal)


def build(run_dirs: list[Path], out_dir: Path, seed: int = 0) -> Leaderboard:
    """Rows of every run directory, ranked column by column within batteries."""
    rows, placements, batteries = _load(run_dirs, out_dir)
    _pool_judge_models(rows, batteries)
    names = [r.judge for r in rows]
    for r in rows:  # the same judge from two runs stays two rows, told apart
        if names.count(r.judge) > 1:
            r.judge = f"{r.judge} ({Path(r.run_dir).name})"
    columns = [p for p in _all_columns(rows) if any(p in r.cells for r in rows)]
    mixed = {}
    for path in columns:
        meta = info(path)
        members = [(b, [i for i in b.dropped if path in rows[i].cells]) for b in batteries]
        members = [(b, idx) for b, idx in members if idx]
        mixed[path] = len(members) > 1
        if meta is None:
            continue
        for b, idx in members:
            cells = [rows[i].cells[path] for i in idx]
            joint = None
            have = [placements[i].sums.get(path) for i in idx]
            if path in ITEM_COLUMNS and len(idx) > 1 and all(h is not None for h in have) and b.common:
                units = sorted(b.common)
                joint = joint_sets(have, units, meta, ITEM_COLUMNS[path])  # type: ignore[arg-type]
            rank_column(cells, meta, joint=joint)
    return Leaderboard(columns, rows, {r.battery: r.battery_label for r in rows}, mixed)


def _pool_judge_models(rows: list[Row], batteries: list[Battery]) -> None:
    """Joint-model cells for the judges of a battery that were run one run each (``pooled_model.py``)."""
    model_columns = [p for p in COLUMNS if p.startswith(SECTION + ".")]
    for b in batteries:
        idx = list(b.dropped)
        if len({rows[i].run_dir for i in idx}) < 2 or any(p in rows[i].cells for i in idx for p in model_columns):
            continue
        sections = pooled_sections([(rows[i].judge, rows[i].run_dir, rows[i].family) for i in idx])
        for i in idx:
            section = sections.get(rows[i].judge)
            for path in model_columns:
                node = section.get(path.split(".", 1)[1]) if section else None
                cell = _checked_cell(node, Path(rows[i].run_dir) / "judgments.jsonl", path)
                if cell is not None:
                    rows[i].cells[path] = cell


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
    head = ["judge", "family", "battery", "battery_label", "n_common_items", "n_items_dropped", "run_dir", "report"]
    for c in board.columns:
        head += [f"{c}.{k}" for k in ("value", "ci_lo", "ci_hi", "n", "rank", "rank_lo", "rank_hi")]
    table: list[list[Any]] = [head]
    for r in sort_rows(board, board.columns[0] if board.columns else None):
        line: list[Any] = [r.judge, r.family or "", r.battery, r.battery_label, r.n_common, r.n_dropped]
        line += [r.run_dir, r.report or ""]
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
