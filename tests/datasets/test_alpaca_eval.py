"""AlpacaEval adapter: cross-family triads per instruction, concise-vs-verbose pairs, local responses."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

from judgeaudit.datasets import load_dataset, pairs_with
from judgeaudit.datasets.alpaca_eval import MODELS
from judgeaudit.errors import JudgeAuditError

FAMILIES = {"openai", "anthropic", "meta", "mistral", "alibaba", "google"}


@pytest.fixture
def root(need: Callable[[str], Path]) -> Path:
    return need("alpaca_eval")


def _outputs(root: Path, model: str) -> list[dict[str, Any]]:
    path = root / "alpaca_eval" / "results" / model / "model_outputs.json"
    return json.loads(path.read_text(encoding="utf-8"))


def test_families_form_one_triad_per_instruction(root: Path) -> None:
    items = load_dataset("alpaca_eval", "families", data_dir=root)
    assert len(items) == 805 * 3  # SOURCE.md: 805 instructions, same order in every file
    groups: dict[int, list[Any]] = defaultdict(list)
    for item in items:
        groups[item.meta["group"]].append(item)
        assert item.family_a != item.family_b and item.label is None
    assert set(groups) == set(range(805))
    for triad in groups.values():
        models = {m for it in triad for m in (it.model_a, it.model_b)}
        assert len(triad) == 3 and len(models) == 3
        assert len({it.family_a for it in triad} | {it.family_b for it in triad}) == 3
        pairs = {frozenset((it.model_a, it.model_b)) for it in triad}
        assert pairs == {frozenset(p) for p in combinations(models, 2)}
    assert {f for it in items for f in (it.family_a, it.family_b)} == FAMILIES


def test_family_items_carry_the_named_models_outputs(root: Path) -> None:
    files = {m: _outputs(root, m) for m in MODELS}
    for item in load_dataset("alpaca_eval", "families", data_dir=root, limit=30, seed=5):
        idx = item.meta["group"]
        assert item.instruction == files[item.model_a][idx]["instruction"]
        assert item.response_a == files[item.model_a][idx]["output"]
        assert item.response_b == files[item.model_b][idx]["output"]


def test_family_sample_is_whole_triads_and_seeded(root: Path) -> None:
    first = load_dataset("alpaca_eval", "families", data_dir=root, limit=30, seed=0)
    assert len(first) == 30 and set(Counter(i.meta["group"] for i in first).values()) == {3}
    again = load_dataset("alpaca_eval", "families", data_dir=root, limit=30, seed=0)
    assert [(i.id, i.response_a) for i in first] == [(i.id, i.response_a) for i in again]
    other = load_dataset("alpaca_eval", "families", data_dir=root, limit=30, seed=1)
    assert {i.id for i in other} != {i.id for i in first}
    assert len(load_dataset("alpaca_eval", "families", data_dir=root, limit=32, seed=0)) == 30


def test_verbosity_pairs_concise_and_verbose_of_one_model(root: Path) -> None:
    items = load_dataset("alpaca_eval", "verbosity", data_dir=root)
    assert len(items) == 2 * 805
    assert Counter(i.meta["verbose"] for i in items) == {"a": 805, "b": 805}
    for item in items:
        verbose, concise = (item.model_a, item.model_b) if item.meta["verbose"] == "a" else (item.model_b, item.model_a)
        assert verbose.endswith("_verbose") and concise.endswith("_concise")
        assert verbose.removesuffix("_verbose") == concise.removesuffix("_concise") == item.meta["base_model"]
        assert item.family_a == item.family_b and item.family_a in {"openai", "mistral"}
    longer = sum((len(i.response_a) > len(i.response_b)) == (i.meta["verbose"] == "a") for i in items)
    assert longer / len(items) > 0.9  # the verbose variant is the longer one almost always


def test_verbosity_sample_is_balanced(root: Path) -> None:
    picked = load_dataset("alpaca_eval", "verbosity", data_dir=root, limit=30, seed=0)
    assert len(picked) == 30 and Counter(i.meta["verbose"] for i in picked) == {"a": 15, "b": 15}


def test_unknown_subset(root: Path) -> None:
    with pytest.raises(JudgeAuditError, match="families, verbosity"):
        load_dataset("alpaca_eval", "nope", data_dir=root)


def _generated(root: Path, n: int, generator: str, family: str) -> list[dict[str, Any]]:
    base = _outputs(root, MODELS[0])
    return [
        {
            "instruction": base[i]["instruction"],
            "output": f"local answer {i}",
            "generator": generator,
            "family": family,
            "error": None,
        }
        for i in range(n)
    ]


def test_pairs_with_builds_triads_around_local_responses(root: Path) -> None:
    rows = _generated(root, 5, "smollm2-135m", "huggingface")
    rows += [
        {"instruction": "not an AlpacaEval instruction", "output": "x", "generator": "smollm2-135m"},
        {**rows[0], "instruction": _outputs(root, MODELS[0])[7]["instruction"], "error": "timeout"},
    ]
    items = pairs_with(rows, data_dir=root)
    assert len(items) == 5 * 3
    groups: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        groups[item.meta["group"]].append(item)
    assert set(groups) == {f"smollm2-135m@{i}" for i in range(5)}
    for triad in groups.values():
        local = [it for it in triad if "smollm2-135m" in (it.model_a, it.model_b)]
        assert len(local) == 2
        families = {f for it in triad for f in (it.family_a, it.family_b)}
        assert len(families) == 3 and "huggingface" in families
        for it in local:
            own = it.response_a if it.model_a == "smollm2-135m" else it.response_b
            assert own.startswith("local answer")


def test_pairs_with_never_pairs_a_family_with_itself(root: Path) -> None:
    items = pairs_with(_generated(root, 20, "my-llama-judge", "meta"), data_dir=root, seed=2)
    assert items and all(item.family_a != item.family_b for item in items)
    partners = {
        (m, f)
        for it in items
        for m, f in ((it.model_a, it.family_a), (it.model_b, it.family_b))
        if m != "my-llama-judge"
    }
    assert all(f != "meta" for _, f in partners)  # neither Llama 3 nor Vicuna partners a meta judge


def test_pairs_with_family_falls_back_to_the_table(root: Path) -> None:
    rows = [{k: v for k, v in r.items() if k != "family"} for r in _generated(root, 3, "gemma-3-270m", "")]
    items = pairs_with(rows, data_dir=root)
    assert {"google"} <= {f for it in items for f in (it.family_a, it.family_b)}
    assert all("gemma-7b-it" not in (it.model_a, it.model_b) for it in items)  # no same-family partner


def test_pairs_with_limit_and_no_match(root: Path) -> None:
    assert len(pairs_with(_generated(root, 10, "smollm2-135m", "huggingface"), data_dir=root, limit=9)) == 9
    with pytest.raises(JudgeAuditError, match="AlpacaEval instruction"):
        pairs_with([{"instruction": "unknown", "output": "x", "generator": "g"}], data_dir=root)
