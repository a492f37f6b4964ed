"""OpenAI evals record files: the grader's choices of a model-graded eval.

``gpt-4-cot_semantic_role_recognition.excerpt.jsonl`` is REAL: ten unmodified lines (the spec and the one graded
sample's events) of a ``ModelBasedClassify`` record log (``fact`` spec, chain-of-thought grading) from openai/evals
pull request 1471. ``constructed-closedqa.jsonl`` is CONSTRUCTED from ``evals/record.py`` and
``evals/elsuite/modelgraded/classify.py`` for what the real excerpt lacks (Y/N choices, ``__invalid__``).
fixtures/README.md gives both files' provenance.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgeaudit.errors import InputErrors, JudgeAuditError
from judgeaudit.importers import import_judgments

FIXTURE = Path(__file__).parent / "fixtures" / "openai_evals" / "constructed-closedqa.jsonl"
REAL = Path(__file__).parent / "fixtures" / "openai_evals" / "gpt-4-cot_semantic_role_recognition.excerpt.jsonl"
FACT = {"choice_scores": "A=1,B=1,C=1,D=0,E=1"}  # fact spec: D (a disagreement) fails, the other four agree


def test_a_real_record_log_gives_the_choices_it_holds(tmp_path: Path) -> None:
    from judgeaudit import import_

    events = [json.loads(x) for x in REAL.read_text(encoding="utf-8").splitlines()]
    held = [e["data"] for e in events if e.get("type") == "metrics"]
    assert held == [{"choice": "E", "score": None}]  # fact scores no choice: the spec has no choice_scores
    with pytest.raises(InputErrors, match="choice 'E' has no score: give --option choice_scores"):
        import_judgments("openai_evals", [REAL])
    import_("openai_evals", [REAL], tmp_path / "run", options=FACT)
    rows = [json.loads(x) for x in (tmp_path / "run" / "judgments.jsonl").read_text().splitlines()]
    assert [(r["grade"], r["score"]) for r in rows] == [("E", 1.0)]
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["meta"]["n_judgments"] == 1 and metrics["score_vs_rank"]["score"]["n_unparsed"] == 0
    row = rows[0]
    spec = events[0]["spec"]
    assert row["judge"] == row["model_a"] == spec["completion_fns"][-1] == "zhishu/gpt-4-cot"  # it graded itself
    assert row["item_id"] == "openai_evals/semantic_role_recognition.test.v1/semantic_role_recognition.test.25"
    answer = [e["data"] for e in events[1:] if e["type"] == "sampling"][3]  # the CoT function's final answer
    assert row["response_a"] == answer["sampled"] and row["raw"] == "E"
    assert row["instruction"].startswith("In this semantic role")


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
