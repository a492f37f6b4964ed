"""lm-evaluation-harness samples files: one judge-graded metric per document.

``lm_eval_real/`` is a REAL samples file from the harness's repository (pull request 3936's logged run of
Qwen3-8B on ``negotiationtom_intention``, an exact-match task: the per-sample record is the one a judge-graded task
such as ``pisa_en_llm_judged`` writes, its ``acc`` set by the judge). The harness's repository holds no samples
file of a judge-graded run, so the judge-graded features (a 1-10 scale, an unparseable verdict, two filters) are
tested on a CONSTRUCTED file (``lm_eval/``). fixtures/README.md gives both files' provenance.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from judgeaudit.errors import JudgeAuditError
from judgeaudit.importers import import_judgments

DIR = Path(__file__).parent / "fixtures" / "lm_eval"
FIXTURE = DIR / "org__answerer" / "samples_judged-qa_2026-01-01T00-00-00.000000.jsonl"
REAL = Path(__file__).parent / "fixtures" / "lm_eval_real"
REAL_FILE = REAL / "Qwen__Qwen3-8B" / "samples_negotiationtom_intention_2026-07-08T18-15-33.115417.jsonl"


def test_a_real_samples_file_gives_the_verdict_counts_it_holds(tmp_path: Path) -> None:
    from judgeaudit import import_

    lines = [json.loads(x) for x in REAL_FILE.read_text(encoding="utf-8").splitlines()]
    held = Counter(rec["exact_match"] for rec in lines)
    assert held == {0.0: 16, 1.0: 4}  # the run's results file: exact_match 0.2 over 20 samples
    import_("lm_eval", [REAL], tmp_path / "run", options={"metric": "exact_match"})
    rows = [json.loads(x) for x in (tmp_path / "run" / "judgments.jsonl").read_text().splitlines()]
    assert Counter(r["score"] for r in rows) == held
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["meta"]["n_judgments"] == 20 and metrics["score_vs_rank"]["score"]["n_unparsed"] == 0
    first = rows[0]
    assert first["model_a"] == "Qwen/Qwen3-8B" and first["suite"] == "lm_eval/negotiationtom_intention"
    assert (
        first["item_id"] == "lm_eval/negotiationtom_intention/0"
        and first["response_a"] == lines[0]["filtered_resps"][0]
    )
    assert first["target"] == lines[0]["target"] and "negotiation" in first["instruction"]
    # a metric whose per-sample value is a [gold, prediction] pair (aggregated later) is unreadable, and counted
    pairs = import_judgments("lm_eval", [REAL], {"metric": "micro_f1"})
    assert len(pairs.rows) == 20 and all(r["score"] is None for r in pairs.rows)


def test_one_filter_of_the_named_metric_becomes_score_rows() -> None:
    result = import_judgments("lm_eval", [DIR], {"metric": "llm_judge", "scale": [1, 10], "judge": "gpt-4o"})
    assert [r["score"] for r in result.rows] == [8.0, 2.0, 10.0, None]  # the 'strip' filter's copies are not read
    first = result.rows[0]
    assert first["item_id"] == "lm_eval/judged-qa/0" and first["suite"] == "lm_eval/judged-qa"
    assert first["model_a"] == "org/answerer" and first["judge"] == "gpt-4o" and first["score_scale"] == [1.0, 10.0]
    assert first["instruction"].startswith("Explain photosynthesis") and first["response_a"].startswith(" Plants")
    assert result.rows[-1]["grade"] == "[[unparseable]]"
    stripped = import_judgments("lm_eval", [FIXTURE], {"metric": "llm_judge", "scale": "1,10", "filter": "strip"})
    assert stripped.rows[0]["response_a"].startswith("Plants") and len(stripped.rows) == 3


def test_the_metric_is_required_and_an_out_of_scale_value_is_reported(tmp_path: Path) -> None:
    with pytest.raises(JudgeAuditError, match="metric=NAME"):
        import_judgments("lm_eval", [FIXTURE])
    result = import_judgments("lm_eval", [FIXTURE], {"metric": "llm_judge"})  # default scale [0, 1]
    assert len(result.rows) == 1 and result.rows[0]["score"] is None
    assert sum("outside the scale" in str(s) for s in result.skipped) == 3


def test_analyze_counts_the_verdicts(tmp_path: Path) -> None:
    from judgeaudit import import_

    import_("lm_eval", [FIXTURE], tmp_path / "run", options={"metric": "llm_judge", "scale": [1, 10]})
    rows = [json.loads(x) for x in (tmp_path / "run" / "judgments.jsonl").read_text().splitlines()]
    assert len(rows) == 4
    assert json.loads((tmp_path / "run" / "metrics.json").read_text())["meta"]["n_judgments"] == 4
