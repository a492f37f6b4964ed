"""OpenAI evals record files: the grader's choices of a model-graded eval.

No recorded model-graded log exists in openai/evals' repository; the fixture is CONSTRUCTED from the record
format of ``evals/record.py`` and ``evals/elsuite/modelgraded/classify.py`` (fixtures/README.md says so).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgeaudit.errors import JudgeAuditError
from judgeaudit.importers import import_judgments

FIXTURE = Path(__file__).parent / "fixtures" / "openai_evals" / "constructed-closedqa.jsonl"


def _choices(path: Path) -> list[str]:
    events = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    return [e["data"]["choice"] for e in events if e.get("type") == "metrics"]


def test_each_choice_is_one_score_row_and_invalid_is_counted_not_dropped() -> None:
    result = import_judgments("openai_evals", [FIXTURE])
    assert [r["grade"] for r in result.rows] == _choices(FIXTURE) == ["Y", "N", "Y", "__invalid__"]
    assert [r["score"] for r in result.rows] == [1.0, 0.0, 1.0, None]
    first = result.rows[0]
    assert first["judge"] == "gpt-3.5-turbo-0125" and first["model_a"] == "gpt-4o-mini"
    assert first["item_id"] == "openai_evals/closedqa-demo.dev.v0/closedqa-demo.dev.0"
    assert first["response_a"] == "Paris." and first["raw"].endswith("Y")
    assert "capital of France" in first["instruction"]


def test_analyze_counts_the_choices_and_choice_scores_are_an_option(tmp_path: Path) -> None:
    from judgeaudit import import_

    import_("openai_evals", [FIXTURE], tmp_path / "run")
    meta = json.loads((tmp_path / "run" / "metrics.json").read_text())["meta"]
    assert meta["n_judgments"] == 4
    graded = import_judgments("openai_evals", [FIXTURE], {"choice_scores": "Y=10,N=1"})
    assert [r["score"] for r in graded.rows] == [10.0, 1.0, 10.0, None] and graded.rows[0]["score_scale"] == [1.0, 10.0]
    with pytest.raises(JudgeAuditError, match="choice_scores"):
        import_judgments("openai_evals", [FIXTURE], {"choice_scores": "Y=yes"})


def test_a_jsonl_without_a_spec_line_is_reported(tmp_path: Path) -> None:
    other = tmp_path / "other.jsonl"
    other.write_text('{"a": 1}\n', encoding="utf-8")
    result = import_judgments("openai_evals", [FIXTURE, other])
    assert len(result.rows) == 4 and "no spec line" in str(result.skipped[-1])
