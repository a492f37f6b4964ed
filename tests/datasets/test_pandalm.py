"""PandaLM adapter: majority of three annotators (0 tie, 1 a, 2 b), models and families from cmp_key."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from judgeaudit.datasets import load_dataset

FAMILIES = {
    "llama-7b": "meta",
    "bloom-7b": "bigscience",
    "cerebras-gpt-6.7B": "cerebras",
    "opt-7b": "meta",
    "pythia-6.9b": "eleutherai",
}


@pytest.fixture
def root(need: Callable[[str], Path]) -> Path:
    return need("pandalm")


@pytest.fixture
def upstream(root: Path) -> list[dict[str, Any]]:
    return json.loads((root / "pandalm" / "testset-v1.json").read_text(encoding="utf-8"))


def _empty(row: dict[str, Any]) -> bool:
    return any(isinstance(row[k], str) and not row[k].strip() for k in ("response1", "response2"))


def test_counts(root: Path, upstream: list[dict[str, Any]]) -> None:
    assert len(upstream) == 999  # SOURCE.md
    items = load_dataset("pandalm", data_dir=root)
    assert len(items) == 999 - sum(_empty(r) for r in upstream)
    assert len({i.id for i in items}) == len(items)


def test_label_is_the_annotators_majority(root: Path, upstream: list[dict[str, Any]]) -> None:
    items = {i.meta["source_index"]: i for i in load_dataset("pandalm", data_dir=root)}
    code = {0: "tie", 1: "a", 2: "b"}
    for row in upstream:
        if _empty(row):
            assert row["idx"] not in items
            continue
        votes = [code[row[f"annotator{k}"]] for k in (1, 2, 3)]
        item = items[row["idx"]]
        assert item.meta["annotations"] == votes
        ((top, count),) = Counter(votes).most_common(1)
        assert item.label == (top if count >= 2 else "tie")


def test_known_rows(root: Path, upstream: list[dict[str, Any]]) -> None:
    items = {i.id: i for i in load_dataset("pandalm", data_dir=root)}
    first = items["pandalm-000"]  # annotators 2, 2, 2 on cmp_key bloom-7b_llama-7b
    assert first.label == "b" and first.meta["annotations"] == ["b", "b", "b"]
    assert (first.model_a, first.model_b) == ("bloom-7b", "llama-7b")
    assert (first.family_a, first.family_b) == ("bigscience", "meta")
    tie = next(r for r in upstream if not _empty(r) and [r[f"annotator{k}"] for k in (1, 2, 3)].count(0) >= 2)
    assert items[f"pandalm-{tie['idx']:03d}"].label == "tie"


def test_models_and_families_follow_cmp_key(root: Path, upstream: list[dict[str, Any]]) -> None:
    keys = {r["idx"]: r["cmp_key"] for r in upstream}
    items = load_dataset("pandalm", data_dir=root)
    assert len({keys[i.meta["source_index"]] for i in items}) == 10  # 10 pairings over 5 models
    for item in items:
        assert f"{item.model_a}_{item.model_b}" == keys[item.meta["source_index"]]
        assert (item.family_a, item.family_b) == (FAMILIES[item.model_a], FAMILIES[item.model_b])


def test_instruction_joins_input(root: Path, upstream: list[dict[str, Any]]) -> None:
    items = {i.meta["source_index"]: i for i in load_dataset("pandalm", data_dir=root)}
    row = next(r for r in upstream if r["input"].strip() and r["instruction"].strip() and r["idx"] in items)
    assert items[row["idx"]].instruction == row["instruction"].strip() + "\n\n" + row["input"].strip()
    row = next(r for r in upstream if not r["input"].strip() and r["idx"] in items)
    assert items[row["idx"]].instruction == row["instruction"].strip()


def test_json_booleans_stay_text(root: Path, upstream: list[dict[str, Any]]) -> None:
    # upstream parses a few one-word answers as JSON true; they are text answers ("True")
    row = next(r for r in upstream if isinstance(r["response1"], bool))
    item = next(i for i in load_dataset("pandalm", data_dir=root) if i.meta["source_index"] == row["idx"])
    assert item.response_a == str(row["response1"])


def test_sample_keeps_ties_balanced(root: Path) -> None:
    picked = load_dataset("pandalm", data_dir=root, limit=60, seed=0)
    assert Counter(i.label for i in picked) == {"a": 20, "b": 20, "tie": 20}
    assert [i.id for i in picked] == [i.id for i in load_dataset("pandalm", data_dir=root, limit=60, seed=0)]
