"""Prometheus' absolute sets: three recorded GPT-4 gradings per answer, a recorded repeat-stability case."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from judgeaudit.errors import InputErrors, JudgeAuditError
from judgeaudit.importers import import_judgments
from judgeaudit.stats.grader_repeats import repeats_metrics
from judgeaudit.stats.pairs import prepare


def test_mt_bench_gradings_are_repeats_per_responder(shared_data: Path) -> None:
    folder = shared_data / "prometheus_eval_absolute"
    result = import_judgments("prometheus_absolute", [folder], {"subsets": ["mt_bench"]})
    rows = result.rows
    source = json.loads((folder / "mt_bench_eval.json").read_text())
    assert len(rows) == 3 * len(source) == 960 and not result.skipped
    assert {r["grade_arm"] for r in rows} == {"repeat"} and {r["repeat"] for r in rows} == {0, 1, 2}
    first = rows[0]
    assert first["model"] == source[0]["response_source"] and first["score"] == source[0]["gpt4_score"][0]
    assert first["raw"] == source[0]["gpt4_feedback"][0] and first["reference"] and first["rubric"]
    assert first["score_scale"] == [1.0, 5.0] and first["passed"] == (first["score"] >= 4)
    # the mean per responder is the mean of every recorded grading of its answers
    by_model: dict[str, list[int]] = defaultdict(list)
    for rec in source:
        by_model[rec["response_source"]].extend(rec["gpt4_score"])
    frame = pd.DataFrame(rows)
    means = frame.groupby("model")["score"].mean()
    assert {m: round(v, 6) for m, v in means.items()} == {m: round(float(np.mean(v)), 6) for m, v in by_model.items()}
    # flip rate from the rows equals the flip rate computed straight from the source's pass/fail
    flips = []
    for rec in source:
        s = sum(g >= 4 for g in rec["gpt4_score"])
        flips.append(2 * s * (3 - s) / 6)
    got = repeats_metrics(prepare(frame)[0], n_boot=200)
    assert got is not None
    assert got["flip_rate"]["value"] == pytest.approx(float(np.mean(flips)))
    lo, hi = got["flip_rate"]["ci"]
    assert lo < got["flip_rate"]["value"] < hi


def test_bad_answers_are_located_and_options_checked(tmp_path: Path) -> None:
    path = tmp_path / "vicuna_eval.json"
    path.write_text(json.dumps([{"idx": "1", "response_source": "m", "instruction": "no headers", "gpt4_score": [5]}]))
    with pytest.raises(InputErrors) as info:
        import_judgments("prometheus_absolute", [tmp_path])
    assert "vicuna_eval.json[0]" in str(info.value) and "instruction" in str(info.value)
    with pytest.raises(JudgeAuditError, match="subsets"):
        import_judgments("prometheus_absolute", [tmp_path], {"subsets": ["hhh"]})
