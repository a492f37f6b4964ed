"""FastChat MT-Bench pairwise judgments: game 1 is order ab, game 2 order ba, winners name models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from judgeaudit.importers import import_judgments


def match(qid: int, g1: str, g2: str, turn: int = 1, **extra: Any) -> dict[str, Any]:
    """A line as FastChat's play_a_match_pair writes it."""
    prompt = "pair-v2" if turn == 1 else "pair-v2-multi-turn"
    return {
        "question_id": qid,
        "model_1": "alpaca-13b",
        "model_2": "gpt-3.5-turbo",
        "g1_winner": g1,
        "g2_winner": g2,
        "judge": ["gpt-4", prompt],
        "g1_user_prompt": "[User Question]...",
        "g1_judgment": "Assistant A ... [[A]]",
        "g2_user_prompt": "[User Question]...",
        "g2_judgment": "Assistant B ... [[B]]",
        "turn": turn,
        "tstamp": 1687221888.0,
        **extra,
    }


@pytest.fixture
def judgment_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "mt_bench" / "model_judgment"
    folder.mkdir(parents=True)
    lines = [
        json.dumps(match(81, "model_2", "model_2")),  # consistent: gpt-3.5-turbo wins both games
        json.dumps(match(82, "model_1", "model_2")),  # each game won by the slot shown first
        json.dumps(match(82, "tie", "error", turn=2)),
        json.dumps(match(83, "model_3", "model_1")),  # bad verdict value
        json.dumps({k: v for k, v in match(84, "tie", "tie").items() if k != "model_2"}),
        '{"question_id": 85, "model_1": ',  # truncated line
        json.dumps(match(86, "model_1", "model_1")),
    ]
    (folder / "gpt-4_pair.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    answers = tmp_path / "mt_bench" / "model_answer"
    answers.mkdir()
    for model, turns in (
        ("alpaca-13b", ["Short.", "Also short."]),
        ("gpt-3.5-turbo", ["A longer answer.", "More."]),
    ):
        rec = {
            "question_id": 82,
            "answer_id": "x",
            "model_id": model,
            "choices": [{"index": 0, "turns": turns}],
        }
        (answers / f"{model}.jsonl").write_text(json.dumps(rec) + "\n", encoding="utf-8")
    return folder


def games(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        out.setdefault(r["item_id"], {})[r["order"]] = r["winner"]
    return out


def test_games_become_orders_with_winners_naming_responses(judgment_dir: Path) -> None:
    result = import_judgments("mtbench", [judgment_dir])
    got = games(result.rows)
    assert got["mt_bench/81/turn1/alpaca-13b-vs-gpt-3.5-turbo"] == {"ab": "b", "ba": "b"}
    assert got["mt_bench/82/turn1/alpaca-13b-vs-gpt-3.5-turbo"] == {"ab": "a", "ba": "b"}
    assert got["mt_bench/82/turn2/alpaca-13b-vs-gpt-3.5-turbo"] == {"ab": "tie", "ba": None}
    row = next(r for r in result.rows if r["order"] == "ba")
    assert (row["judge"], row["judge_family"], row["template"], row["probe"]) == (
        "gpt-4",
        "openai",
        "pair-v2",
        "position",
    )
    assert (row["model_a"], row["family_a"], row["model_b"], row["family_b"]) == (
        "alpaca-13b",
        "meta",
        "gpt-3.5-turbo",
        "openai",
    )
    assert row["raw"] == "Assistant B ... [[B]]" and row["label"] is None


def test_bad_lines_are_reported_and_the_rest_imported(judgment_dir: Path) -> None:
    result = import_judgments("mtbench", [judgment_dir / "gpt-4_pair.jsonl"])
    assert [(e.line, e.field) for e in result.skipped] == [(4, "g1_winner"), (5, "model_2"), (6, None)]
    assert len(result.rows) == 8


def test_answers_give_lengths_per_turn(judgment_dir: Path) -> None:
    result = import_judgments("mtbench", [judgment_dir], {"answers": judgment_dir.parent / "model_answer"})
    lengths = {(r["item_id"].split("/")[2], r["len_a"], r["len_b"]) for r in result.rows if r["question_id"] == 82}
    assert lengths == {("turn1", 6, 16), ("turn2", 11, 5)}
    assert all("len_a" not in r for r in result.rows if r["question_id"] != 82)


def test_single_grading_matches_become_scores(tmp_path: Path) -> None:
    rec = {
        "question_id": 90,
        "model_1": "vicuna-13b",
        "model_2": "llama-13b",
        "g1_winner": "model_1",
        "g2_winner": "model_1",
        "judge": ["gpt-4", "single-v1"],
        "m1_score": 8,
        "m2_score": -1,
        "turn": 1,
    }
    path = tmp_path / "gpt-4_pair.jsonl"
    path.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    rows = import_judgments("mtbench", [path]).rows
    assert {(r["mode"], r.get("response"), r.get("score")) for r in rows if r["mode"] == "score"} == {
        ("score", "a", 8),
        ("score", "b", None),
    }
    assert [(r["variant"], r["winner"]) for r in rows if r["mode"] == "pairwise"] == [("from_scores", "a")]
