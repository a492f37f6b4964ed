"""Grader columns on the leaderboard: graders ranked among graders (their battery is their answers), never
against pairwise judges."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from judgeaudit.ranking.leaderboard import COLUMNS, build
from tests.support.runs import judge, write_run

GRADER_COLUMNS = (
    "grader_known.false_pass_rate",
    "grader_known.balanced_accuracy",
    "grader_override.excess_pass_rate",
    "grader_polarity.violation_rate",
    "grader_repeats.flip_rate",
)


def grader(name: str, false_pass: float, n: int = 80, seed: int = 0) -> pd.DataFrame:
    """A grader of n answers, half known-good (passed), half known-wrong (passed with ``false_pass``)."""
    rng = np.random.default_rng(seed)
    good = np.arange(n) % 2 == 0
    passed = good | (rng.random(n) < false_pass)
    return pd.DataFrame(
        {
            "judge": name,
            "probe": "grader_known",
            "suite": "graders",
            "item_id": [f"ans{i}" for i in range(n)],
            "variant": "original:grader-passfail",
            "mode": "grade",
            "grade_arm": "original",
            "format": "grader-passfail",
            "label": np.where(good, "pass", "fail"),
            "score": passed.astype(float),
            "passed": passed,
            "score_scale": [[0, 1]] * n,
        }
    )


def test_the_grader_columns_are_on_the_board() -> None:
    assert set(GRADER_COLUMNS) <= set(COLUMNS)


def test_graders_are_ranked_among_graders_only(tmp_path: Path) -> None:
    runs = [
        write_run(tmp_path / "strict", grader("strict", 0.05)),
        write_run(tmp_path / "lenient", grader("lenient", 0.6)),
        write_run(tmp_path / "pairwise", judge("pairwise", seed=2)),
    ]
    board = build(runs, tmp_path / "lb")
    rows = {r.judge: r for r in board.rows}
    strict, lenient = rows["strict"].cells, rows["lenient"].cells
    fp_strict, fp_lenient = strict["grader_known.false_pass_rate"], lenient["grader_known.false_pass_rate"]
    assert fp_strict.rank == 1 and fp_lenient.rank == 2 and fp_strict.n_ranked == fp_lenient.n_ranked == 2
    assert fp_lenient.ci and fp_lenient.ci[0] < fp_lenient.value < fp_lenient.ci[1] and fp_lenient.n == 40
    assert strict["grader_known.balanced_accuracy"].rank == 1 and lenient["grader_known.balanced_accuracy"].rank == 2
    assert rows["strict"].battery == rows["lenient"].battery != rows["pairwise"].battery
    assert not any(p.startswith("grader_") for p in rows["pairwise"].cells)
    assert "position.consistency_decisive" not in strict and "position.consistency_decisive" in rows["pairwise"].cells
    assert not board.mixed["grader_known.false_pass_rate"]
