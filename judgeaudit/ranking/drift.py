"""Which judgments of two runs to compare paired, and whether two runs can be paired at all.

``judgeaudit compare --paired RUN_A RUN_B`` (or ``compare`` of two runs that judged the same judgments)
compares one judge of each run on the judgments both gave: :func:`judgeaudit.stats.drift.drift`; with
``metric_boot`` resamples (``--metric-boot``), also every metric, paired by an item bootstrap
(:func:`judgeaudit.ranking.metric_drift.metric_drift`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from judgeaudit.contracts.rundir import RunDir
from judgeaudit.errors import JudgeAuditError
from judgeaudit.ranking.metric_drift import metric_drift
from judgeaudit.stats.drift import drift
from judgeaudit.stats.jury import key_strings


@dataclass
class DriftResult:
    """Run A's judge against run B's judge on the judgments both gave (``drift``: the stats' dict)."""

    run_a: str
    run_b: str
    judge_a: str
    judge_b: str
    drift: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_a": self.run_a,
            "run_b": self.run_b,
            "judge_a": self.judge_a,
            "judge_b": self.judge_b,
            **self.drift,
        }


def _one_judge(path: Path, judges: Sequence[str]) -> tuple[str, pd.DataFrame]:
    frame = RunDir.at(path).judgments().frame
    present = sorted({str(j) for j in frame["judge"].dropna()}) or ["judge"]
    chosen = [j for j in present if j in judges] if judges else present
    if len(chosen) != 1:
        raise JudgeAuditError(
            f"--paired {path}: the run holds the judges {', '.join(present)}; name one of them with --judge"
        )
    return chosen[0], frame.loc[frame["judge"].fillna("judge") == chosen[0]]


def _paired(a: pd.DataFrame, b: pd.DataFrame, metric_boot: int, seed: int) -> dict[str, Any]:
    out = drift(a, b)
    if metric_boot > 0:
        out["metrics"] = metric_drift(a, b, n_boot=metric_boot, seed=seed)
        out["metric_boot"] = metric_boot
    return out


def paired_runs(
    runs: Sequence[Path], judges: Sequence[str] = (), *, metric_boot: int = 0, seed: int = 0
) -> DriftResult:
    """One judge of each of two runs (the run's only judge, or the one ``judges`` names) compared paired; or,
    given one multi-judge run, the two judges ``judges`` names (A first). ``metric_boot`` > 0 also pairs
    every metric by that many item-bootstrap resamples (``drift["metrics"]``)."""
    if len(runs) == 1:
        if len(judges) != 2:
            raise JudgeAuditError(f"--paired {runs[0]}: with one run, name its two judges: --judge A --judge B")
        (judge_a, a), (judge_b, b) = (_one_judge(runs[0], [j]) for j in judges)
        return DriftResult(str(runs[0]), str(runs[0]), judge_a, judge_b, _paired(a, b, metric_boot, seed))
    if len(runs) != 2:
        raise JudgeAuditError(
            f"--paired compares two runs (RUN_A RUN_B), or two judges of one run, not {len(runs)} runs"
        )
    judge_a, a = _one_judge(runs[0], judges)
    judge_b, b = _one_judge(runs[1], judges)
    return DriftResult(str(runs[0]), str(runs[1]), judge_a, judge_b, _paired(a, b, metric_boot, seed))


def same_judgments(run_a: Path, run_b: Path) -> bool:
    """Whether two single-judge runs hold the same judgments (keys without the judge): pair them by default."""
    frames = [RunDir.at(p).judgments().frame for p in (run_a, run_b)]
    if any(f["judge"].nunique() > 1 for f in frames):
        return False
    keys = [set(key_strings(f)) for f in frames]
    return bool(keys[0]) and keys[0] == keys[1]
