"""JudgeBench outputs: game 2 is judged in the swapped frame and mapped back to the responses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from judgeaudit.importers import import_judgments
from judgeaudit.importers.judgebench import decision_winner

FILE = (
    "dataset=judgebench,response_model=gpt-4o-2024-05-13,judge_name=arena_hard,"
    "judge_model=claude-3-haiku-20240307.jsonl"
)


def game(decision: str | None) -> dict[str, Any]:
    return {
        "judgment": {
            "judge_model": "claude-3-haiku-20240307",
            "prompt": "<|User Prompt|>...",
            "response": f"My final verdict is [[{decision}]]",
        },
        "decision": decision,
    }


def pair(pid: str, label: str, *decisions: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "pair_id": pid,
        "original_id": 6603,
        "source": "mmlu-pro-health",
        "question": "Which is right?",
        "response_model": "gpt-4o-2024-05-13",
        "response_A": "Answer: FFFFF",
        "response_B": "It is C. CCCCC",
        "label": label,
        "judge_name": "arena_hard",
        "judgments": [game(d) for d in decisions],
        **extra,
    }


@pytest.fixture
def outputs(tmp_path: Path) -> Path:
    lines = [
        pair("p1", "A>B", "A>B", "B>A"),  # consistent: response_A wins both games
        pair("p2", "A>B", "A>B", "A>B"),  # first slot wins both games: inconsistent
        pair("p3", "B>A", "A=B", None),  # a tie, then no parsable verdict
        pair("p4", "C>D", "A>B", "B>A"),  # bad label
        {**pair("p5", "A>B"), "judgments": "none"},
        pair("p6", "B>A", "B>A"),  # --single_game output: one order only
    ]
    folder = tmp_path / "outputs"
    folder.mkdir()
    (folder / FILE).write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return folder


def test_second_game_is_mapped_back_to_responses(outputs: Path) -> None:
    result = import_judgments("judgebench", [outputs])
    got: dict[str, dict[str, Any]] = {}
    for r in result.rows:
        got.setdefault(r["item_id"], {})[r["order"]] = r["winner"]
    assert got["judgebench/p1"] == {"ab": "a", "ba": "a"}
    assert got["judgebench/p2"] == {"ab": "a", "ba": "b"}
    assert got["judgebench/p3"] == {"ab": "tie", "ba": None}
    assert got["judgebench/p6"] == {"ab": "b"}
    row = result.rows[0]
    assert (row["judge"], row["judge_family"], row["label"], row["category"], row["template"]) == (
        "claude-3-haiku-20240307",
        "anthropic",
        "a",
        "mmlu-pro-health",
        "arena_hard",
    )
    assert (row["model_a"], row["family_a"], row["len_a"], row["len_b"]) == (
        "gpt-4o-2024-05-13",
        "openai",
        13,
        14,
    )
    assert row["raw"] == "My final verdict is [[A>B]]"


def test_bad_rows_are_reported_with_line_and_field(outputs: Path) -> None:
    result = import_judgments("judgebench", [outputs / FILE])
    assert [(e.line, e.field) for e in result.skipped] == [(4, "label"), (5, "judgments")]
    assert len(result.rows) == 7


def test_decisions_in_each_frame() -> None:
    assert decision_winner("A>>B", "ab") == "a"
    assert decision_winner("A>B", "ba") == "b"
    assert decision_winner("B>A", "ba") == "a"
    assert decision_winner("A=B", "ba") == "tie"
    assert decision_winner("A>B>C", "ab") is None
