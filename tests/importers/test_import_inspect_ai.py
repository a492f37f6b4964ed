"""inspect_ai logs: the model-graded scores of real .json and .eval logs from inspect_ai's own repository."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from judgeaudit.importers import import_judgments
from judgeaudit.importers.inspect_ai import grade

FIXTURES = Path(__file__).parent / "fixtures" / "inspect_ai"
JSON_LOG = FIXTURES / "2024-11-05T13-31-45-05-00_input-task_8zXjbRzCWrL9GXiXo2vus9.json"
EVAL_LOG = FIXTURES / "2024-11-05T13-32-37-05-00_input-task_hxs4q9azL3ySGkjJirypKZ.eval"


def _graded_in_log(path: Path) -> list[str]:
    """The model_graded_fact values the log holds, read independently of the importer."""
    if path.suffix == ".eval":
        with zipfile.ZipFile(path) as z:
            samples = [json.loads(z.read(n)) for n in z.namelist() if n.startswith("samples/")]
    else:
        samples = json.loads(path.read_text(encoding="utf-8"))["samples"]
    return [s["scores"]["model_graded_fact"]["value"] for s in samples]


def test_a_json_log_becomes_score_rows_with_the_graders_explanation() -> None:
    result = import_judgments("inspect_ai", [JSON_LOG])
    assert [r["grade"] for r in result.rows] == _graded_in_log(JSON_LOG) == ["C"]
    row = result.rows[0]
    assert (row["judge"], row["mode"], row["response"], row["score"]) == ("openai/gpt-4o-mini", "score", "a", 1.0)
    assert row["item_id"] == "inspect/input_task/1" and row["model_a"] == "openai/gpt-4o-mini"
    assert row["raw"].endswith("GRADE: C.") and row["response_a"].startswith("Yo, in February")


def test_an_eval_zip_log_is_read_too_and_two_runs_of_one_task_stay_apart() -> None:
    one = import_judgments("inspect_ai", [EVAL_LOG])
    assert [r["grade"] for r in one.rows] == _graded_in_log(EVAL_LOG) == ["C"]
    both = import_judgments("inspect_ai", [FIXTURES])
    assert len({r["item_id"] for r in both.rows}) == 2 and not both.skipped


def test_analyze_counts_the_verdicts_the_logs_hold(tmp_path: Path) -> None:
    from judgeaudit import import_

    outcome = import_("inspect_ai", [FIXTURES], tmp_path / "run")
    assert outcome.run_dir is not None
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["meta"]["n_judgments"] == 2
    rows = [json.loads(line) for line in (tmp_path / "run" / "judgments.jsonl").read_text().splitlines()]
    assert sorted(r["score"] for r in rows) == [1.0, 1.0]


def test_grades_and_unreadable_logs(tmp_path: Path) -> None:
    assert [grade(v) for v in ("C", "p", "I", 0.25, True, "maybe", None)] == [1.0, 0.5, 0.0, 0.25, 1.0, None, None]
    bad = tmp_path / "broken.eval"
    bad.write_bytes(b"not a zip")
    good = tmp_path / "good.json"
    good.write_bytes(JSON_LOG.read_bytes())
    result = import_judgments("inspect_ai", [bad, good])
    assert len(result.rows) == 1 and "not an inspect_ai log" in str(result.skipped[0])
