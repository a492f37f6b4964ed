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
