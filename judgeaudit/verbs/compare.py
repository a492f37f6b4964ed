"""``judgeaudit compare``: judges side by side: compare.html, compare.csv and compare.json.

The tables come from :mod:`judgeaudit.ranking.compare`; this verb writes them, each file atomically.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from judgeaudit.io.atomic import replace_file
from judgeaudit.io.csvsafe import write_csv
from judgeaudit.io.files import JSONValue
from judgeaudit.pages.compare_page import render_compare
from judgeaudit.pages.drift_page import render_drift
from judgeaudit.ranking.compare import CompareResult, compare_runs
from judgeaudit.ranking.drift import DriftResult, paired_runs, same_judgments


def _csv_rows(result: CompareResult) -> list[dict[str, JSONValue]]:
    out: list[dict[str, JSONValue]] = []
    for r in result.rows:
        tests = {t.other: t for t in r.tests}
        for j in result.judges:
            e = r.estimates.get(j.name)
            t = tests.get(j.name)
            ci: list[float] | list[None] = (e["ci"] if e else None) or [None, None]
            out.append(
                {
                    "metric": r.path,
                    "axis": r.axis,
                    "better": r.better,
                    "judge": j.name,
                    "value": None if e is None else e["value"],
                    "ci_lo": ci[0],
                    "ci_hi": ci[1],
                    "n": None if e is None else e.get("n"),
                    "best": r.best == j.name,
                    "p_vs_best": t.p_value if t else None,
                    "p_vs_best_holm": t.p_value_holm if t else None,
                    "significantly_worse_than_best": t.significant if t else None,
                    "ci_overlaps_best": t.ci_overlap if t else None,
                }
            )
    return out


def write_compare(result: CompareResult, out_dir: str | Path) -> list[Path]:
    """Write compare.html (self-contained, like report.html), compare.csv and compare.json into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, csv_path, json_path = out_dir / "compare.html", out_dir / "compare.csv", out_dir / "compare.json"
    replace_file(html_path, render_compare(result))
    rows = _csv_rows(result)
    # judge names are user text: a name starting with = must not run as a formula in a spreadsheet
    write_csv(csv_path, rows, list(rows[0]) if rows else ["metric", "judge", "value"])
    replace_file(
        json_path, json.dumps(result.to_dict(), indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
    )
    return [html_path, csv_path, json_path]


def write_drift(result: DriftResult, out_dir: str | Path) -> list[Path]:
    """Write drift.html, drift.csv (one line per changed judgment) and drift.json into ``out_dir``; with the
    metrics paired (``--metric-boot``), also drift_metrics.csv (one line per metric)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path, csv_path, json_path = out_dir / "drift.html", out_dir / "drift.csv", out_dir / "drift.json"
    replace_file(html_path, render_drift(result))
    changes = result.drift.get("changes", [])
    head = ["item_id", "suite", "variant", "mode", "order", "response", "repeat", "label", "verdict_a", "verdict_b"]
    write_csv(csv_path, [{k: c.get(k) for k in head} for c in changes], head)
    text = json.dumps(result.to_dict(), indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False)
    replace_file(json_path, text + "\n")
    written = [html_path, csv_path, json_path]
    if "metrics" in result.drift:
        head = ["metric", "a", "b", "difference", "ci_lo", "ci_hi", "p_value", "n_items", "n_boot", "note"]
        lines = [
            {
                "metric": k,
                **{h: e.get(h) for h in head[1:] if h in e},
                "difference": e["value"],
                "ci_lo": e["ci"][0],
                "ci_hi": e["ci"][1],
            }
            for k, e in result.drift["metrics"].items()
        ]
        write_csv(out_dir / "drift_metrics.csv", lines, head)
        written.append(out_dir / "drift_metrics.csv")
    return written


def compare(
    run_dirs: Sequence[str | Path],
    out: str | Path,
    judges: Sequence[str] = (),
    paired: bool | None = None,
    metric_boot: int = 0,
) -> list[Path]:
    """Compare the judges of ``run_dirs`` (``judgeaudit compare``) and write the three files into ``out``.

    Args:
        run_dirs: run directories, single- or multi-judge.
        out: the directory to write compare.html, compare.csv and compare.json into.
        judges: compare only these judges (a multi-judge run brings all its judges otherwise).
        paired: also compare two runs paired on the judgments both gave (drift.html, drift.csv, drift.json):
            True requires two runs, or one run and two ``judges`` (``--paired``); None (the default) does it when two single-judge
            runs hold the same judgments; False never.
        metric_boot: with ``paired``, also B − A for every metric both judges give, from this many item-bootstrap
            resamples of the shared items (``--metric-boot``; 0, the default, leaves it out: each resample
            recomputes every metric for both runs, about 2 s per resample for 100 items).

    Raises:
        ValueError: fewer than two judges to compare, or a name no run holds.
        JudgeAuditError: ``paired`` with other than two runs (or one and two judges), or a run of several
            judges and no ``judges`` naming one.
    """
    paths = [Path(p) for p in run_dirs]
    if paired is None:
        paired = len(paths) == 2 and same_judgments(*paths)
    written = []
    if paired:
        written = write_drift(paired_runs(paths, judges, metric_boot=metric_boot), out)
    result = compare_runs(paths, list(judges) or None)
    return write_compare(result, out) + written
