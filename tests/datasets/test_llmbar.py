"""LLMBar adapter: counts per SOURCE.md, label 1 → a / 2 → b, subset names, seeded balanced samples."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from judgeaudit.datasets import load_dataset
from judgeaudit.errors import JudgeAuditError

# SOURCE.md: rows and label=1 / label=2 per subset. Processed/LLMEval2 row 169 has a whitespace-only
# output_2 and is dropped (the items contract needs non-empty responses).
COUNTS = {
    "LLMBar/Natural": (100, 42, 58),
    "LLMBar/Adversarial/Neighbor": (134, 75, 59),
    "LLMBar/Adversarial/GPTInst": (92, 45, 47),
    "LLMBar/Adversarial/GPTOut": (47, 22, 25),
    "LLMBar/Adversarial/Manual": (46, 22, 24),
    "CaseStudy/Constraint": (89, 43, 46),
    "CaseStudy/Negation": (59, 26, 33),
    "CaseStudy/Normal": (59, 33, 26),
    "CaseStudy/Base_9": (54, 25, 29),
    "CaseStudy/Base_10": (54, 29, 25),
    "Processed/FairEval": (66, 41, 25),
    "Processed/LLMEval2": (200, 92, 108),
    "Processed/MT-Bench": (200, 101, 99),
}
DROPPED = {"Processed/LLMEval2": {169: "a"}}


@pytest.fixture
def root(need: Callable[[str], Path]) -> Path:
    return need("llmbar")


@pytest.mark.parametrize("subset", sorted(COUNTS))
def test_counts_and_labels_match_source(root: Path, subset: str) -> None:
    rows, ones, twos = COUNTS[subset]
    dropped = Counter(DROPPED.get(subset, {}).values())
    items = load_dataset("llmbar", subset, data_dir=root)
    assert len(items) == rows - sum(dropped.values())
    assert Counter(i.label for i in items) == {"a": ones - dropped["a"], "b": twos - dropped["b"]}


@pytest.mark.parametrize("subset", ["LLMBar/Natural", "LLMBar/Adversarial/GPTOut", "Processed/LLMEval2"])
def test_every_row_maps_label_1_to_a_and_2_to_b(root: Path, subset: str) -> None:
    upstream = json.loads((root / "llmbar" / subset / "dataset.json").read_text(encoding="utf-8"))
    by_index = {i.meta["source_index"]: i for i in load_dataset("llmbar", subset, data_dir=root)}
    for index, row in enumerate(upstream):
        if index in DROPPED.get(subset, {}):
            assert index not in by_index
            continue
        item = by_index[index]
        assert item.label == {1: "a", 2: "b"}[row["label"]]
        assert item.instruction == row["input"]
        assert (item.response_a, item.response_b) == (row["output_1"], row["output_2"])


def test_known_rows(root: Path) -> None:
    items = {i.id: i for i in load_dataset("llmbar", "Natural", data_dir=root)}
    assert items["llmbar-natural-000"].label == "a"  # upstream label 1
    assert items["llmbar-natural-004"].label == "b"  # upstream label 2
    llmeval2 = {i.id for i in load_dataset("llmbar", "LLMEval2", data_dir=root)}
    assert "llmbar-processed-llmeval2-169" not in llmeval2 and "llmbar-processed-llmeval2-170" in llmeval2


def test_no_model_identities(root: Path) -> None:
    for item in load_dataset("llmbar", "Natural", data_dir=root):
        assert item.model_a is item.model_b is item.family_a is item.family_b is None


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("Natural", "LLMBar/Natural"),
        ("natural", "LLMBar/Natural"),
        ("Neighbor", "LLMBar/Adversarial/Neighbor"),
        ("Adversarial_Neighbor", "LLMBar/Adversarial/Neighbor"),
        ("Adversarial/GPTInst", "LLMBar/Adversarial/GPTInst"),
        ("LLMEval^2", "Processed/LLMEval2"),
        ("MT-Bench", "Processed/MT-Bench"),
        ("Base-9", "CaseStudy/Base_9"),
    ],
)
def test_short_subset_names(root: Path, alias: str, canonical: str) -> None:
    assert [i.id for i in load_dataset("llmbar", alias, data_dir=root)] == [
        i.id for i in load_dataset("llmbar", canonical, data_dir=root)
    ]


def test_groups_of_subsets(root: Path) -> None:
    assert len(load_dataset("llmbar", data_dir=root)) == 419  # default: the five LLMBar subsets
    assert len(load_dataset("llmbar", "all", data_dir=root)) == 419
    assert len(load_dataset("llmbar", "Adversarial", data_dir=root)) == 134 + 92 + 47 + 46
    assert len(load_dataset("llmbar", "CaseStudy", data_dir=root)) == 89 + 59 + 59 + 54 + 54


def test_unknown_subset_lists_the_known_ones(root: Path) -> None:
    with pytest.raises(JudgeAuditError, match="Neighbor"):
        load_dataset("llmbar", "Nope", data_dir=root)


def test_ids_are_unique_and_readable(root: Path) -> None:
    items = load_dataset("llmbar", "all", data_dir=root)
    assert len({i.id for i in items}) == len(items)
    assert all(
        re.fullmatch(r"llmbar-(natural|adversarial-(neighbor|gptinst|gptout|manual))-\d{3}", i.id) for i in items
    )


def test_sample_is_seeded_and_balanced(root: Path) -> None:
    first = load_dataset("llmbar", "Natural", data_dir=root, limit=40, seed=0)
    again = load_dataset("llmbar", "Natural", data_dir=root, limit=40, seed=0)
    assert [i.id for i in first] == [i.id for i in again]
    assert Counter(i.label for i in first) == {"a": 20, "b": 20}
    other = load_dataset("llmbar", "Natural", data_dir=root, limit=40, seed=1)
    assert {i.id for i in other} != {i.id for i in first}
