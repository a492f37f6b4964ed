"""promptfoo results: the llm-rubric grades of a (trimmed) real export from promptfoo's own repository."""

from __future__ import annotations

import json
from pathlib import Path

from judgeaudit.importers import import_judgments

FIXTURE = Path(__file__).parent / "fixtures" / "promptfoo" / "sample-export.trimmed.json"


def _rubric_grades(path: Path) -> list[tuple[bool, float]]:
    """The llm-rubric (pass, score) pairs the file holds, read independently of the importer."""
    results = json.loads(path.read_text(encoding="utf-8"))["results"]["results"]
    return [
        (c["pass"], float(c["score"]))
        for r in results
        for c in r["gradingResult"]["componentResults"]
        if c["assertion"]["type"] == "llm-rubric"
    ]


def test_every_model_graded_assertion_is_one_score_row_and_nothing_else() -> None:
    result = import_judgments("promptfoo", [FIXTURE])
    assert [(r["passed"], r["score"]) for r in result.rows] == _rubric_grades(FIXTURE) == [(True, 1.0)] * 4
    assert {r["model_a"] for r in result.rows} == {"openai:gpt-5", "openai:gpt-5-mini"}
    assert {r["judge"] for r in result.rows} == {"promptfoo-grader"}  # the export does not name its grader
    first = result.rows[0]
    assert first["rubric"] == "Do not apologize" and first["raw"].startswith("The output does not contain")
    assert first["item_id"] == "promptfoo/t0/openai:gpt-5-mini/0" and first["response_a"].startswith("Answer: An echo.")


def test_the_judge_option_names_the_grader_and_analyze_counts_the_grades(tmp_path: Path) -> None:
    from judgeaudit import import_

    import_("promptfoo", [FIXTURE], tmp_path / "run", judge="gpt-4.1")
    rows = [json.loads(x) for x in (tmp_path / "run" / "judgments.jsonl").read_text().splitlines()]
    assert {r["judge"] for r in rows} == {"gpt-4.1"} and len(rows) == 4
    assert json.loads((tmp_path / "run" / "metrics.json").read_text())["meta"]["n_judgments"] == 4


def test_a_grader_named_in_the_assertion_and_a_file_that_is_not_promptfoo(tmp_path: Path) -> None:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["results"]["results"][0]["gradingResult"]["componentResults"][3]["assertion"]["provider"] = "openai:gpt-4o"
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps(data), encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}', encoding="utf-8")
    result = import_judgments("promptfoo", [mine, other])
    assert result.rows[0]["judge"] == "openai:gpt-4o" and len(result.rows) == 4
    assert "not a promptfoo results file" in str(result.skipped[0])


def _with_select_best(tmp_path: Path, picked: list[bool]) -> Path:
    """The real export with a select-best grade added to test 0's results (MODIFIED copy: promptfoo's sample
    export has no select-best assertion); ``picked`` says which of them the grader chose."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    test0 = [r for r in data["results"]["results"] if r["testIdx"] == 0]
    for r, chosen in zip(test0, picked):
        r["gradingResult"]["componentResults"].append(
            {
                "pass": chosen,
                "score": float(chosen),
                "reason": ("Output selected as the best: " if chosen else "Output not selected: ") + "most concise",
                "assertion": {"type": "select-best", "value": "most concise", "provider": "openai:gpt-4.1"},
            }
        )
    out = tmp_path / "select-best.json"
    out.write_text(json.dumps(data), encoding="utf-8")
    return out


def test_select_best_is_one_pairwise_verdict_per_test(tmp_path: Path) -> None:
    result = import_judgments("promptfoo", [_with_select_best(tmp_path, [False, True])])
    (pair,) = [r for r in result.rows if r["mode"] == "pairwise"]
    assert pair["winner"] == "b" and pair["order"] == "ab" and pair["judge"] == "openai:gpt-4.1"
    assert {pair["model_a"], pair["model_b"]} == {"openai:gpt-5", "openai:gpt-5-mini"}
    assert pair["item_id"] == "promptfoo/t0/select-best/0" and pair["raw"].startswith("Output selected")
    assert len(result.rows) == 5  # the four rubric grades are still there
    unread = import_judgments("promptfoo", [_with_select_best(tmp_path, [False, False])])
    assert [r["winner"] for r in unread.rows if r["mode"] == "pairwise"] == [None]


def test_select_best_over_three_outputs_is_listwise(tmp_path: Path) -> None:
    data = json.loads(_with_select_best(tmp_path, [False, False]).read_text(encoding="utf-8"))
    third = json.loads(json.dumps(next(r for r in data["results"]["results"] if r["testIdx"] == 0)))
    third["provider"] = {"id": "openai:gpt-4o"}
    third["gradingResult"]["componentResults"][-1]["pass"] = True
    data["results"]["results"].append(third)
    three = tmp_path / "three.json"
    three.write_text(json.dumps(data), encoding="utf-8")
    (row,) = [r for r in import_judgments("promptfoo", [three]).rows if r["mode"] == "listwise"]
    assert row["order"] == "abc" and row["winner"] == "c" and row["chosen_slot"] == 3
    assert row["models"][2] == "openai:gpt-4o"
