"""lm-evaluation-harness samples files: one judge-graded metric per document.

The harness's repository holds no samples file of a judge-graded task; the fixture is CONSTRUCTED from the
sample record of ``lm_eval/evaluator.py`` (fixtures/README.md says so).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgeaudit.errors import JudgeAuditError
from judgeaudit.importers import import_judgments

DIR = Path(__file__).parent / "fixtures" / "lm_eval"
FIXTURE = DIR / "org__answerer" / "samples_judged-qa_2026-01-01T00-00-00.000000.jsonl"


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
