"""FastChat MT-Bench single-answer judgments (a real excerpt): grade rows, -1 kept as unread, repeats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgeaudit.errors import InputErrors
from judgeaudit.importers import import_judgments

FIXTURE = Path(__file__).parent / "fixtures" / "mtbench_single" / "gpt-4_single.jsonl"


def test_real_excerpt_becomes_grade_rows() -> None:
    result = import_judgments("mtbench_single", [FIXTURE])
    rows = result.rows
    assert len(rows) == 7 and not result.skipped
    assert {r["mode"] for r in rows} == {"grade"} and {r["judge"] for r in rows} == {"gpt-4"}
    assert [r.get("score") for r in rows] == [1.0, 8.0, None, 9.0, 10.0, 10.0, 9.0]
    unread = rows[2]
    assert unread["item_id"] == "158-t2-mistral-orpo" and unread["grade"] is None and unread["passed"] is None
    assert unread["raw"].endswith("non-existent.")  # the judgment text is kept, never dropped
    assert [r["passed"] for r in rows if r.get("score") is not None] == [False, True, True, True, True, True]
    assert all(r["score_scale"] == [1.0, 10.0] and r["suite"] == "mt_bench" for r in rows)
    # the second grading of one answer by the same prompt is repeat 1 of the same item
    twice = [r for r in rows if r["item_id"] == "81-t1-mistral-orpo"]
    assert [r.get("repeat") for r in twice] == [None, 1] and [r["score"] for r in twice] == [8.0, 10.0]
    # the reference-guided math prompt: question, answer and reference are cut out of it
    math = rows[0]
    assert math["judge_prompt"] == "single-math-v1" and math["reference"] and math["answer"] and math["instruction"]
    assert math["instruction"].startswith("The vertices of a triangle")
    assert "instruction" not in unread  # a multi-turn prompt is not cut


def test_bad_lines_are_located(tmp_path: Path) -> None:
    good = FIXTURE.read_text().splitlines()[1]
    bad = dict(json.loads(good), score="high")
    no_judge = dict(json.loads(good), judge="gpt-4")
    path = tmp_path / "x_single.jsonl"
    path.write_text("\n".join([good, json.dumps(bad), json.dumps(no_judge), "{oops"]) + "\n")
    result = import_judgments("mtbench_single", [path])
    assert len(result.rows) == 1
    where = sorted((e.line, e.field) for e in result.skipped)
    assert where == [(2, "score"), (3, "judge"), (4, None)]
    path.write_text(json.dumps(bad) + "\n")
    with pytest.raises(InputErrors):
        import_judgments("mtbench_single", [path])


def test_a_models_mean_is_fastchats_mean_without_the_unread_lines() -> None:
    """show_result.py: ``df = df[df["score"] != -1]``, then the mean score per model over both turns."""
    lines = [json.loads(x) for x in FIXTURE.read_text().splitlines()]
    rows = import_judgments("mtbench_single", [FIXTURE]).rows
    for model in ("mistral-orpo", "mistral-orpo-capybara"):
        theirs = [x["score"] for x in lines if x["model"] == model and x["score"] != -1]
        ours = [r["score"] for r in rows if r["model"] == model and r["score"] is not None]
        assert sum(ours) / len(ours) == sum(theirs) / len(theirs)
    assert sum(1 for r in rows if r["score"] is None) == sum(1 for x in lines if x["score"] == -1) == 1


def test_a_threshold_that_is_not_a_number_is_refused() -> None:
    from judgeaudit.errors import JudgeAuditError

    with pytest.raises(JudgeAuditError, match="pass_at must be a number"):
        import_judgments("mtbench_single", [FIXTURE], {"pass_at": "seven"})
    rows = import_judgments("mtbench_single", [FIXTURE], {"pass_at": 10}).rows
    assert [r["passed"] for r in rows if r["score"] is not None] == [False, False, False, True, True, False]
