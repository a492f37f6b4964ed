"""AlpacaEval annotations: winner and p_a from the (soft) preference, and the leaderboard's win rate."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from judgeaudit.importers import alpaca_eval_win_rate, import_judgments
from judgeaudit.importers.alpaca_eval import annotator_judge


def annotation(i: int, preference: Any, **extra: Any) -> dict[str, Any]:
    return {
        "instruction": f"Question {i}?",
        "output_1": "A long baseline answer.",
        "generator_1": "gpt4_1106_preview",
        "output_2": "Short.",
        "generator_2": "gemma-7b-it",
        "dataset": "koala",
        "annotator": "weighted_alpaca_eval_gpt4_turbo",
        "preference": preference,
        **extra,
    }


@pytest.fixture
def annotations(tmp_path: Path) -> Path:
    records = [
        annotation(0, 1.2),
        annotation(1, "1.9"),
        annotation(2, 1.5),
        annotation(3, None),
        annotation(4, 2.7),
        {k: v for k, v in annotation(5, 1.0).items() if k != "output_2"},
        annotation(6, 0),
    ]
    path = tmp_path / "gemma-7b-it" / "weighted_alpaca_eval_gpt4_turbo" / "annotations.json"
    path.parent.mkdir(parents=True)
    path.write_text("[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]\n", encoding="utf-8")
    return path


def test_preference_becomes_winner_and_p_a(annotations: Path) -> None:
    result = import_judgments("alpaca_eval", [annotations.parents[2]])
    got = [(r["winner"], r["p_a"]) for r in result.rows]
    assert got == [
        ("a", pytest.approx(0.8)),
        ("b", pytest.approx(0.1)),
        ("tie", 0.5),
        (None, None),
        ("tie", 0.5),
    ]
    row = result.rows[0]
    assert (row["judge"], row["judge_family"], row["order"], row["label"]) == (
        "gpt-4-turbo",
        "openai",
        "ab",
        None,
    )
    assert (row["model_a"], row["family_a"], row["model_b"], row["family_b"]) == (
        "gpt4_1106_preview",
        "openai",
        "gemma-7b-it",
        "google",
    )
    assert (row["len_a"], row["len_b"], row["category"]) == (23, 6, "koala")
    assert row["item_id"].startswith("alpaca_eval/gpt4_1106_preview-vs-gemma-7b-it/")
    assert len({r["item_id"] for r in result.rows}) == len(result.rows)


def test_out_of_range_and_incomplete_rows_are_reported(annotations: Path) -> None:
    result = import_judgments("alpaca_eval", [annotations])
    assert [(e.line, e.field) for e in result.skipped] == [(6, "preference"), (7, "output_2")]
    assert all(e.path == str(annotations) for e in result.skipped)


def test_win_rate_counts_soft_preferences_and_draws_as_alpaca_eval_does(annotations: Path) -> None:
    rates = alpaca_eval_win_rate(import_judgments("alpaca_eval", [annotations]).rows)
    # preferences 1.2, 1.9, 1.5, 1.5 (the unparsed one is left out, as AlpacaEval drops it)
    assert rates["win_rate"] == pytest.approx((0.2 + 0.9 + 0.5 + 0.5) / 4 * 100)
    assert (rates["n_wins"], rates["n_wins_base"], rates["n_draws"], rates["n_total"]) == (1, 1, 2, 4)
    assert rates["discrete_win_rate"] == pytest.approx((1 + 2 / 2) / 4 * 100)


def test_win_rate_falls_back_to_p_a_then_winner() -> None:
    rows = [{"mode": "pairwise", "p_a": 0.25, "winner": "b"}, {"mode": "pairwise", "winner": "a"}]
    assert alpaca_eval_win_rate(rows)["win_rate"] == pytest.approx((0.75 + 0.0) / 2 * 100)


def test_annotator_names_map_to_judge_models() -> None:
    assert annotator_judge("weighted_alpaca_eval_gpt4_turbo") == "gpt-4-turbo"
    assert annotator_judge("alpaca_eval_gpt4") == "gpt-4"
    assert annotator_judge("chatgpt_fn") == "gpt-3.5-turbo"
    assert annotator_judge("my_annotator") == "my_annotator"


def test_judge_option_overrides_the_annotator(annotations: Path) -> None:
    result = import_judgments("alpaca_eval", [annotations], {"judge": "gpt-4-1106-preview"})
    assert set(result.judges) == {"gpt-4-1106-preview"}


@pytest.mark.parametrize("model", ["gemma-7b-it", "vicuna-13b-v1.5"])
def test_reproduces_the_leaderboard(shared_data: Path, model: str) -> None:
    root = shared_data / "alpaca_eval"
    path = root / "results" / model / "weighted_alpaca_eval_gpt4_turbo" / "annotations.json"
    board = root / "leaderboards" / "data_AlpacaEval_2" / "weighted_alpaca_eval_gpt4_turbo_leaderboard.csv"
    if not path.exists() or not board.exists():
        pytest.skip(f"{path} or {board} not in the shared data")
    with board.open(newline="") as fh:
        published = next(r for r in csv.DictReader(fh) if r[""] == model)
    result = import_judgments("alpaca_eval", [path])
    assert result.skipped == [] and len(result.rows) == int(published["n_total"])
    ours = alpaca_eval_win_rate(result.rows)
    assert ours["win_rate"] == pytest.approx(float(published["win_rate"]), abs=0.1)
    assert ours["standard_error"] == pytest.approx(float(published["standard_error"]), abs=0.01)
    assert ours["discrete_win_rate"] == pytest.approx(float(published["discrete_win_rate"]), abs=0.1)
    for key in ("n_wins", "n_wins_base", "n_draws", "n_total"):
        assert ours[key] == int(published[key]), key
    # the same numbers from p_a alone (what survives in judgments.jsonl without the extra field)
    bare = [{k: v for k, v in r.items() if k != "preference"} for r in result.rows]
    assert alpaca_eval_win_rate(bare)["win_rate"] == pytest.approx(float(published["win_rate"]), abs=0.1)
