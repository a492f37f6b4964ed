"""Run directories of simulated judges for the leaderboard tests: judgments plus the metrics analyze writes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from judgeaudit.stats import compute_metrics
from judgeaudit.stats.simulate import simulate


def write_run(run_dir: Path, df: pd.DataFrame, *, report: bool = True) -> Path:
    """judgments.jsonl, metrics.json and manifest.json (and a stand-in report.html) of ``df``."""
    run_dir.mkdir(parents=True, exist_ok=True)
    rows = [{k: v for k, v in r.items() if not (isinstance(v, float) and v != v)} for r in df.to_dict("records")]
    (run_dir / "judgments.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    metrics = compute_metrics(df, n_boot=200)
    (run_dir / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    judges = sorted(df["judge"].unique())
    (run_dir / "manifest.json").write_text(json.dumps({"judge": ", ".join(judges), "mode": "recorded"}))
    if report:
        (run_dir / "report.html").write_text("<!DOCTYPE html><title>report</title>", encoding="utf-8")
    return run_dir


def judge(name: str, family: str = "fam0", n: int = 150, seed: int = 1, **planted: float) -> pd.DataFrame:
    return simulate(n, seed=seed, judge=name, judge_family=family, families=("fam0", "fam1", "fam2"), **planted)
