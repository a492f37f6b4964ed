"""Prometheus absolute sets: prompt parsing, HHH chosen/rejected pairs, responder groups."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from judgeaudit.datasets import load_dataset
from judgeaudit.datasets.prometheus_absolute import ANSWER_TO_FOLLOW_UP, parse_dialogue, parse_prompt

PROMPT = (
    "###Task Description:\nSome task text.\n\n"
    "###The instruction to evaluate:\nWhat is two plus two?\n\n"
    "###Response to evaluate:\nIt is four.\n### A markdown heading inside the response\n"
    "Still the response.\n\n"
    "{reference}"
    "###Score Rubrics:\n[Is it right?]\nScore 1: wrong.\nScore 5: right.\n\n"
    "###Feedback: "
)


@pytest.fixture
def root(need: Callable[[str], Path]) -> Path:
    return need("prometheus_eval_absolute")


def _rows(root: Path, name: str) -> list[dict[str, Any]]:
    return json.loads((root / "prometheus_eval_absolute" / name).read_text(encoding="utf-8"))


def test_parse_prompt_with_and_without_reference() -> None:
    plain = parse_prompt(PROMPT.format(reference=""))
    assert plain.question == "What is two plus two?"
    assert plain.response == "It is four.\n### A markdown heading inside the response\nStill the response."
    assert plain.reference is None
    assert plain.rubric == "[Is it right?]\nScore 1: wrong.\nScore 5: right."
    with_ref = parse_prompt(PROMPT.format(reference="###Reference Answer (Score 5):\nFour.\n\n"))
    assert with_ref.reference == "Four." and with_ref.response == plain.response


def test_parse_prompt_rejects_other_text() -> None:
    with pytest.raises(ValueError, match="section header"):
        parse_prompt("just a question")


def test_parse_dialogue() -> None:
    question = (
        "Here is a previous dialogue between an assistant and an user. Generate a response.\n"
        "User: first question\n\nAssistant:first answer\n\nUser: second question\n\nAssistant: "
    )
    assert parse_dialogue(question) == ("first question", "first answer", "second question")
    assert parse_dialogue("a single-turn question") is None


def test_hhh_counts_and_balanced_gold(root: Path) -> None:
    items = load_dataset("prometheus_absolute", "hhh", data_dir=root)
    assert len(items) == 221
    sources = Counter(i.meta["source"] for i in items)
    assert sources == {"helpful": 59, "honest": 61, "harmless": 58, "other": 43}
    assert Counter(i.label for i in items) == {"a": 111, "b": 110}  # chosen side is seeded and balanced
    assert all(i.rubric and i.model_a is None for i in items)


def test_hhh_gold_points_at_the_chosen_response(root: Path) -> None:
    rows = _rows(root, "hhh_alignment_eval.json")
    for item in load_dataset("prometheus_absolute", "hhh", data_dir=root, seed=3):
        row = rows[item.meta["source_index"]]
        chosen, rejected = parse_prompt(row["chosen_instruction"]), parse_prompt(row["rejected_instruction"])
        better, worse = (item.response_a, item.response_b) if item.label == "a" else (item.response_b, item.response_a)
        assert (better, worse) == (chosen.response, rejected.response)
        assert item.instruction == chosen.question and item.rubric == chosen.rubric


def test_hhh_orientation_depends_on_seed_but_ids_do_not(root: Path) -> None:
    one = {i.id: i.label for i in load_dataset("prometheus_absolute", "hhh", data_dir=root, seed=0)}
    two = {i.id: i.label for i in load_dataset("prometheus_absolute", "hhh", data_dir=root, seed=1)}
    assert set(one) == set(two) and one != two


def test_hhh_sample_is_balanced(root: Path) -> None:
    picked = load_dataset("prometheus_absolute", "hhh", data_dir=root, limit=30, seed=0)
    assert Counter(i.label for i in picked) == {"a": 15, "b": 15}


@pytest.mark.parametrize(
    ("subset", "file", "families"),
    [
        (
            "vicuna",
            "vicuna_eval.json",
            {"vicuna": "meta", "chat_gpt": "openai", "wizard": "microsoft", "llama-2-chat": "meta"},
        ),
        (
            "mt_bench",
            "mt_bench_eval.json",
            {"llama2_chat_13b": "meta", "chatgpt": "openai", "vicuna_13b": "meta", "wizardlm_13b": "microsoft"},
        ),
    ],
)
def test_responder_groups(root: Path, subset: str, file: str, families: dict[str, str]) -> None:
    rows = _rows(root, file)
    scores = {(str(r["idx"]), r["response_source"]): r["gpt4_score"] for r in rows}
    items = load_dataset("prometheus_absolute", subset, data_dir=root)
    assert len(items) == 80 * 6  # 80 questions x the 6 pairs among 4 responders
    assert set(Counter(i.meta["group"] for i in items).values()) == {6}
    for item in items:
        assert item.label is None and item.rubric
        assert families[item.model_a] == item.family_a and families[item.model_b] == item.family_b
        assert item.meta["gpt4_scores_a"] == scores[(str(item.meta["group"]), item.model_a)]
        assert item.meta["gpt4_scores_b"] == scores[(str(item.meta["group"]), item.model_b)]


def test_vicuna_responses_are_the_graded_responses(root: Path) -> None:
    rows = {(str(r["idx"]), r["response_source"]): r for r in _rows(root, "vicuna_eval.json")}
    for item in load_dataset("prometheus_absolute", "vicuna", data_dir=root, limit=30):
        parts = parse_prompt(rows[(str(item.meta["group"]), item.model_a)]["instruction"])
        assert (item.instruction, item.response_a) == (parts.question, parts.response)
        assert item.reference == parts.reference
        assert item.meta["multi_turn"] is False


def test_mt_bench_second_turn_shows_each_conversation(root: Path) -> None:
    rows = {(str(r["idx"]), r["response_source"]): r for r in _rows(root, "mt_bench_eval.json")}
    for item in load_dataset("prometheus_absolute", "mt_bench", data_dir=root, limit=30):
        parts = parse_prompt(rows[(str(item.meta["group"]), item.model_b)]["instruction"])
        _, own_first_answer, turn_2 = parse_dialogue(parts.question) or ("", "", "")
        assert item.meta["multi_turn"] is True and turn_2 in item.instruction
        assert item.response_b == f"{own_first_answer}\n\n{ANSWER_TO_FOLLOW_UP}\n{parts.response}"


def test_group_sample_is_whole_questions(root: Path) -> None:
    picked = load_dataset("prometheus_absolute", "mt_bench", data_dir=root, limit=30, seed=0)
    assert len(picked) == 30 and set(Counter(i.meta["group"] for i in picked).values()) == {6}
