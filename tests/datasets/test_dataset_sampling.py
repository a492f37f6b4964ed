"""Seeded subsampling: deterministic, balanced over labels, whole groups kept."""

from __future__ import annotations

from collections import Counter

from judgeaudit.contracts.items import Item
from judgeaudit.datasets.sampling import sample


def _items(n: int, labels: tuple[str | None, ...] = ("a", "a", "a", "b")) -> list[Item]:
    return [
        Item(id=f"x-{i:03d}", instruction="q", response_a="r1", response_b="r2", label=labels[i % len(labels)])
        for i in range(n)
    ]


def test_no_limit_or_a_large_limit_returns_everything_in_order() -> None:
    items = _items(10)
    assert sample(items, None) == items
    assert sample(items, 50) == items


def test_same_seed_same_sample_and_original_order_kept() -> None:
    items = _items(100)
    first, again = sample(items, 20, seed=3), sample(items, 20, seed=3)
    assert [i.id for i in first] == [i.id for i in again]
    assert [i.id for i in first] == sorted(i.id for i in first)


def test_sampling_does_not_depend_on_input_order() -> None:
    items = _items(100)
    assert {i.id for i in sample(items, 20, seed=1)} == {i.id for i in sample(items[::-1], 20, seed=1)}


def test_other_seed_other_sample() -> None:
    items = _items(100)
    assert {i.id for i in sample(items, 20, seed=0)} != {i.id for i in sample(items, 20, seed=1)}


def test_labels_are_balanced_even_when_the_data_is_not() -> None:
    picked = sample(_items(100), 20, seed=0)  # the data is 75% "a"
    assert Counter(i.label for i in picked) == {"a": 10, "b": 10}


def test_ties_get_their_share() -> None:
    picked = sample(_items(90, ("a", "b", "tie", "a", "b")), 30, seed=0)
    assert Counter(i.label for i in picked) == {"a": 10, "b": 10, "tie": 10}


def test_groups_are_kept_whole() -> None:
    items = [
        Item(id=f"g{g}-{k}", instruction="q", response_a="r1", response_b="r2", meta={"group": g})
        for g in range(20)
        for k in range(3)
    ]
    picked = sample(items, 10, seed=0)
    sizes = Counter(i.meta["group"] for i in picked)
    assert len(picked) == 9 and set(sizes.values()) == {3}
    # a limit under one group still yields one whole group rather than a broken triad
    assert len(sample(items, 2, seed=0)) == 3


def test_zero_limit_is_empty() -> None:
    assert sample(_items(10), 0) == []
