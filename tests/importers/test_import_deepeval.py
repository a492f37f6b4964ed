"""deepeval test runs: the LLM-judged grades of a real test-run file from deepeval's own repository."""

from __future__ import annotations

import json
from pathlib import Path

from judgeaudit.importers import import_judgments

FIXTURE = Path(__file__).parent / "fixtures" / "deepeval" / "test_run_sample.json"
SPANS = ("baseSpans", "agentSpans", "llmSpans", "retrieverSpans", "toolSpans")


def _grades(path: Path) -> list[tuple[str, float, bool]]:
    """(metric, score, success) of every case- and span-level grade, read independently of the importer."""
    case = json.loads(path.read_text(encoding="utf-8"))["testCases"][0]
    found = [(m["name"], m["score"], m["success"]) for m in case["metricsData"]]
    for bucket in SPANS:
        found += [
            (m["name"], m["score"], m["success"]) for s in case["trace"][bucket] for m in s.get("metricsData", [])
        ]
    return found


def test_every_graded_metric_is_one_score_row_and_the_trace_copy_is_not_counted_twice() -> None:
    result = import_judgments("deepeval", [FIXTURE])
    got = [(r["metric_name"], r["score"], r["passed"]) for r in result.rows]
    assert sorted(got) == sorted(_grades(FIXTURE)) and len(got) == 8
    assert {r["judge"] for r in result.rows} == {"gpt-5.4"} and not result.skipped
    # deepeval's own summary counts the three Faithfulness grades (case + two LLM spans): so do we
    assert sorted(r["score"] for r in result.rows if r["metric_name"] == "Faithfulness") == [0.45, 0.88, 0.91]
    first = result.rows[0]
    assert first["item_id"] == "deepeval/sample_test_case/Answer Relevancy" and first["response_a"] == "{...}"
    assert first["raw"].startswith("The output addresses")
    span = next(r for r in result.rows if r["metric_name"] == "GEval-Verbosity")
    assert span["item_id"] == "deepeval/sample_test_case/format_final_response/GEval-Verbosity"
    assert span["model_a"] == "gpt-4o-mini" and span["span_kind"] == "llmSpans"


def test_analyze_counts_the_grades_and_the_metrics_option_selects(tmp_path: Path) -> None:
    from judgeaudit import import_

    import_("deepeval", [FIXTURE], tmp_path / "run")
    assert json.loads((tmp_path / "run" / "metrics.json").read_text())["meta"]["n_judgments"] == 8
    only = import_judgments("deepeval", [FIXTURE], {"metrics": "Faithfulness"})
    assert [r["metric_name"] for r in only.rows] == ["Faithfulness"] * 3


def test_an_errored_metric_is_an_unreadable_grade_and_other_json_is_reported(tmp_path: Path) -> None:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["testCases"][0]["metricsData"][0].update(score=None, error="Rate limit", reason=None)
    data["testCases"][0]["metricsData"].append({"name": "Exact Match", "score": 1.0, "success": True})
    mine = tmp_path / "run.json"
    mine.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "other.json").write_text("[1, 2]", encoding="utf-8")
    result = import_judgments("deepeval", [tmp_path])
    errored = result.rows[0]
    assert errored["score"] is None and errored["raw"] == "Rate limit"
    assert "Exact Match" not in {r["metric_name"] for r in result.rows}  # no evaluation model: not a judge
    assert any("not a deepeval test run" in str(s) for s in result.skipped)
