"""Generic JSONL/CSV import through a column map and value maps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgeaudit.errors import JudgeAuditError
from judgeaudit.importers import import_judgments

VERDICTS = {"winner": {"1": "a", "2": "b", "0": "tie"}}


def test_jsonl_with_a_column_map_and_value_map(tmp_path: Path) -> None:
    lines = [
        {
            "qid": "q1",
            "verdict": 1,
            "swapped": "no",
            "model": "my-judge",
            "ans1": "yes",
            "ans2": "no, because",
            "gen1": "Qwen2-7B-Instruct",
            "gen2": "gpt-4o",
            "note": "kept",
        },
        {
            "qid": "q1",
            "verdict": 2,
            "swapped": "yes",
            "model": "my-judge",
            "ans1": "yes",
            "ans2": "no, because",
        },
        {"qid": "q2", "verdict": 7, "swapped": "no", "model": "my-judge"},
        {"verdict": 1, "swapped": "no", "model": "my-judge"},
    ]
    path = tmp_path / "verdicts.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    options = {
        "map": {
            "item_id": "qid",
            "winner": "verdict",
            "order": "swapped",
            "judge": "model",
            "response_a": "ans1",
            "response_b": "ans2",
            "model_a": "gen1",
            "model_b": "gen2",
        },
        "values": {**VERDICTS, "order": {"no": "ab", "yes": "ba"}},
        "judge_family": "alibaba",
    }
    result = import_judgments("generic", [path], options)
    first, second = result.rows
    assert (first["item_id"], first["order"], first["winner"], second["order"], second["winner"]) == (
        "q1",
        "ab",
        "a",
        "ba",
        "b",
    )
    assert (first["judge"], first["judge_family"], first["probe"], first["variant"], first["mode"]) == (
        "my-judge",
        "alibaba",
        "recorded",
        "original",
        "pairwise",
    )
    assert (first["len_a"], first["len_b"], first["family_a"], first["family_b"]) == (
        3,
        11,
        "alibaba",
        "openai",
    )
    assert first["note"] == "kept" and "verdict" not in first
    assert [(e.line, e.field) for e in result.skipped] == [(3, "winner"), (4, "item_id")]
    assert "--value winner:7=" in result.skipped[0].message


def test_csv_with_slot_winners_is_flipped_for_the_swapped_order(tmp_path: Path) -> None:
    path = tmp_path / "runs.csv"
    path.write_text(
        'item,order,choice,p_first,len_a,len_b\ni1,ab,first,0.9,120,80\ni1,ba,first,0.7,120,80\ni2,ab,second,,"12",x\n',
        encoding="utf-8",
    )
    options = {
        "map": {"item_id": "item", "winner": "choice"},
        "values": {"winner": {"first": "a", "second": "b"}},
        "winner_frame": "slot",
        "judge": "gpt-4o",
    }
    result = import_judgments("generic", [path], options)
    assert [(r["order"], r["winner"], r["len_a"]) for r in result.rows] == [
        ("ab", "a", 120),
        ("ba", "b", 120),
    ]
    assert result.judges == {"gpt-4o": "openai"}
    assert [(e.line, e.field) for e in result.skipped] == [(4, "len_b")]


def test_scores_without_a_winner_column_are_score_rows(tmp_path: Path) -> None:
    path = tmp_path / "scores.jsonl"
    path.write_text(
        json.dumps({"item_id": "x", "response": "A", "score": "4", "judge": "prometheus-7b-v2.0"}) + "\n",
        encoding="utf-8",
    )
    (row,) = import_judgments("generic", [path]).rows
    assert (row["mode"], row["response"], row["score"], row["judge_family"]) == ("score", "a", 4.0, "mistral")


def test_a_missing_mapped_column_and_no_judge_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "v.jsonl"
    path.write_text('{"id": 1, "w": "a"}\n{"id": 2}\nnot json\n', encoding="utf-8")
    with pytest.raises(JudgeAuditError) as info:
        import_judgments("generic", [path], {"map": {"item_id": "id", "winner": "w"}})
    assert "--judge" in str(info.value) and "'w'" in str(info.value) and "not valid JSON" in str(info.value)
