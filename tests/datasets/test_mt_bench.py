"""MT-Bench questions: loadable for generation; the adapter says answers must be generated first."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from judgeaudit.datasets import load_dataset, load_questions
from judgeaudit.errors import JudgeAuditError


@pytest.fixture
def root(need: Callable[[str], Path]) -> Path:
    return need("mt_bench")


def test_mt_bench_questions(root: Path) -> None:
    questions = load_questions(root)
    assert len(questions) == 80
    assert [q["question_id"] for q in questions] == list(range(81, 161))
    assert questions[0]["id"] == "mt_bench-081"
    assert Counter(q["category"] for q in questions) == {
        c: 10 for c in ("writing", "roleplay", "extraction", "reasoning", "math", "coding", "stem", "humanities")
    }
    assert all(q["instruction"] == q["turns"][0] and len(q["turns"]) == 2 for q in questions)


def test_references_prefer_the_question_file_then_gpt4(root: Path) -> None:
    path = root / "mt_bench" / "mt_bench" / "question.jsonl"
    raw = [json.loads(line) for line in path.open(encoding="utf-8")]
    own = {r["question_id"] for r in raw if r.get("reference")}
    questions = load_questions(root)
    for q in questions:
        if q["question_id"] in own:
            assert q["reference_source"] == "question"
        if q["category"] in ("math", "reasoning", "coding"):
            assert q["reference"], q["id"]  # SOURCE.md: GPT-4 references cover all 30 of these
    assert sum(q["reference_source"] == "gpt-4" for q in questions) > 0


def test_vicuna_bench_questions(root: Path) -> None:
    questions = load_questions(root, "vicuna")
    assert len(questions) == 80 and questions[0]["id"].startswith("vicuna_bench-")


def test_the_adapter_says_to_generate_answers_first(root: Path) -> None:
    with pytest.raises(JudgeAuditError, match="judgeaudit generate"):
        load_dataset("mt_bench", data_dir=root)


def test_answers_in_fastchat_layout_are_paired(root: Path, tmp_path: Path) -> None:
    bench = tmp_path / "mt_bench" / "mt_bench"
    bench.mkdir(parents=True)
    shutil.copy(root / "mt_bench" / "mt_bench" / "question.jsonl", bench / "question.jsonl")
    (bench / "model_answer").mkdir()
    for model in ("SmolLM2-135M-Instruct", "gemma-3-270m"):
        rows = [
            {"question_id": q, "model_id": model, "choices": [{"turns": [f"{model} says {q}", "more"]}]}
            for q in range(81, 161)
        ]
        (bench / "model_answer" / f"{model}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    items = load_dataset("mt_bench", data_dir=tmp_path)
    assert len(items) == 80 and len({i.id for i in items}) == 80
    assert {(i.family_a, i.family_b) for i in items} <= {("huggingface", "google"), ("google", "huggingface")}
    for item in items:
        assert item.response_a == f"{item.model_a} says {item.meta['group']}"
    assert len(load_dataset("mt_bench", data_dir=tmp_path, limit=10)) == 10
