"""``compare`` of two graders on the same answers: paired score and pass-rate differences, changed grades."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from judgeaudit import compare, import_
from judgeaudit.stats.drift import drift

MAP = {"item_id": "answer", "judge": "grader", "score": "score", "label": "gold"}


def grades(judge: str, scores: np.ndarray, labels: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "judge": judge,
            "probe": "recorded",
            "item_id": [f"a{i}" for i in range(len(scores))],
            "variant": "original:recorded",
            "mode": "grade",
            "score": scores.astype(float),
            "passed": scores >= 7,
            "label": labels,
            "score_scale": [[1, 10]] * len(scores),
        }
    )


def test_a_planted_shift_is_recovered_with_an_interval() -> None:
    rng = np.random.default_rng(0)
    n = 200
    labels = ["pass" if i % 2 == 0 else "fail" for i in range(n)]
    base = np.clip(np.where(np.array(labels) == "pass", 8, 4) + rng.integers(-2, 3, n), 1, 10)
    lenient = np.clip(base + 1, 1, 10)  # grader B scores every answer one point higher (less at the top)
    out = drift(grades("A", base, labels), grades("B", lenient, labels))
    d = out["differences"]
    truth = float((lenient - base).mean())
    assert d["score"]["value"] == pytest.approx(truth)
    assert d["score"]["ci"][0] < truth < d["score"]["ci"][1] and d["score"]["ci"][0] > 0
    pa, pb = (base >= 7).mean(), (lenient >= 7).mean()
    assert d["pass_rate"]["value"] == pytest.approx(pb - pa) and d["pass_rate"]["ci"][0] > 0
    assert d["pass_rate"]["p_value"] < 0.05 and d["pass_rate"]["discordant"][1] == 0
    assert "grade_accuracy" in d and out["n_changed"] == int((lenient != base).sum())
    assert {c["item_id"] for c in out["changes"]} == {f"a{i}" for i in np.flatnonzero(lenient != base)}


def test_identical_graders_differ_by_nothing_with_a_nonzero_interval() -> None:
    scores = np.arange(1, 11).repeat(3)
    labels = ["pass"] * len(scores)
    d = drift(grades("A", scores, labels), grades("B", scores, labels))["differences"]
    for key in ("score", "pass_rate"):
        lo, hi = d[key]["ci"]
        assert d[key]["value"] == 0 and lo < 0 < hi


def test_compare_two_graders_of_one_run_and_of_two_runs(tmp_path: Path) -> None:
    rows = []
    for i in range(12):
        gold = "pass" if i < 6 else "fail"
        rows.append({"answer": f"q{i}", "grader": "strict", "score": 8 if i < 5 else 3, "gold": gold})
        rows.append({"answer": f"q{i}", "grader": "lenient", "score": 9 if i < 9 else 5, "gold": gold})
    src = tmp_path / "two.csv"
    with src.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    opts = {"mode": "grade", "map": MAP, "scale": [1, 10], "pass_at": 7}
    import_("generic", [src], tmp_path / "both", opts)
    compare([tmp_path / "both"], tmp_path / "cmp1", ["strict", "lenient"], paired=True)
    one = json.loads((tmp_path / "cmp1" / "drift.json").read_text())
    assert one["n_matched"] == 12 and one["n_changed"] == 12
    assert one["differences"]["pass_rate"]["value"] == pytest.approx((9 - 5) / 12)
    assert one["differences"]["grade_accuracy"]["value"] == pytest.approx((9 - 11) / 12)
    assert one["differences"]["score"]["value"] == pytest.approx(np.mean([1] * 5 + [6] * 4 + [2] * 3))
    for judge in ("strict", "lenient"):
        part = tmp_path / f"{judge}.csv"
        with part.open("w", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(r for r in rows if r["grader"] == judge)
        import_("generic", [part], tmp_path / judge, opts)
    compare([tmp_path / "strict", tmp_path / "lenient"], tmp_path / "cmp2")  # paired by default: same answers
    two = json.loads((tmp_path / "cmp2" / "drift.json").read_text())
    assert two["differences"]["pass_rate"] == one["differences"]["pass_rate"]
    assert "Pass rate (graders)" in (tmp_path / "cmp2" / "drift.html").read_text()
