"""Auto-J adapter: label 0 → a, 1 → b, 2 → tie (not LLMBar's 1/2); scenario kept."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from judgeaudit.datasets import load_dataset


@pytest.fixture
def root(need: Callable[[str], Path]) -> Path:
    return need("autoj_pairwise")


@pytest.fixture
def upstream(root: Path) -> list[dict[str, Any]]:
    text = (root / "autoj_pairwise" / "autoj_pairwise.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_counts_match_source(root: Path, upstream: list[dict[str, Any]]) -> None:
    assert len(upstream) == 1392 and Counter(r["label"] for r in upstream) == {0: 520, 1: 499, 2: 373}
    empty = [i for i, r in enumerate(upstream) if not r["response 1"].strip() or not r["response 2"].strip()]
    assert empty == [568] and upstream[568]["label"] == 0  # the one row dropped: an empty response
    items = load_dataset("autoj", data_dir=root)
    assert Counter(i.label for i in items) == {"a": 519, "b": 499, "tie": 373}


def test_every_row_maps_0_a_1_b_2_tie(root: Path, upstream: list[dict[str, Any]]) -> None:
    items = {i.meta["source_index"]: i for i in load_dataset("autoj", data_dir=root)}
    for index, row in enumerate(upstream):
        if index == 568:
            continue
        item = items[index]
        assert item.label == {0: "a", 1: "b", 2: "tie"}[row["label"]]
        assert (item.response_a, item.response_b) == (row["response 1"], row["response 2"])
        assert item.meta["scenario"] == row["scenario"]


def test_known_rows(root: Path) -> None:
    items = {i.id: i for i in load_dataset("autoj", data_dir=root)}
    assert items["autoj-0000"].label == "b"  # upstream label 1 = response 2 preferred
    assert items["autoj-0000"].meta["scenario"] == "post_summarization"


def test_scenario_subset(root: Path) -> None:
    items = load_dataset("autoj", "post_summarization", data_dir=root)
    assert len(items) == 24 and {i.meta["scenario"] for i in items} == {"post_summarization"}


def test_sample_is_balanced_with_ties(root: Path) -> None:
    picked = load_dataset("autoj", data_dir=root, limit=30, seed=0)
    assert Counter(i.label for i in picked) == {"a": 10, "b": 10, "tie": 10}
