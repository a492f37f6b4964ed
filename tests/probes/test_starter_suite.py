"""The starter suite is a fair yardstick: balanced labels, enough of each category, lengths that vary.

A position-biased judge must score 50% on it by always picking one slot, and a length-biased judge must
be caught (better answer shorter in a third of pairs, longer in another third), so these properties are
checked here rather than trusted.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from judgeaudit.contracts.items import Item, load_items
from tests.support.paths import STARTER

CATEGORIES = {
    "factual": "fact",
    "arithmetic": "arith",
    "format": "format",
    "code": "code",
    "refusal": "refusal",
}
MARGIN = 30  # characters: a length difference a length-biased judge can act on


@pytest.fixture(scope="module")
def items() -> list[Item]:
    return load_items(STARTER)


def _better_minus_worse(item: Item) -> int:
    a, b = len(item.response_a), len(item.response_b)
    return a - b if item.label == "a" else b - a


def test_has_at_least_72_labelled_pairs(items: list[Item]) -> None:
    assert len(items) >= 72
    assert all(item.label in ("a", "b") for item in items)


def test_ids_are_unique_and_name_their_category(items: list[Item]) -> None:
    assert len({item.id for item in items}) == len(items)
    for item in items:
        prefix = CATEGORIES[item.meta["category"]]
        assert re.fullmatch(rf"starter-{prefix}-\d{{3}}", item.id), item.id


def test_every_category_is_present_with_at_least_12_items(items: list[Item]) -> None:
    counts = Counter(item.meta.get("category") for item in items)
    assert set(counts) == set(CATEGORIES)
    assert min(counts.values()) >= 12, counts


def test_labels_are_exactly_balanced_overall_and_within_each_category(items: list[Item]) -> None:
    labels = Counter(item.label for item in items)
    assert labels["a"] == labels["b"]
    for category in CATEGORIES:
        within = Counter(item.label for item in items if item.meta["category"] == category)
        assert within["a"] == within["b"], (category, within)


def test_label_order_is_not_a_simple_pattern(items: list[Item]) -> None:
    sequence = "".join(item.label or "" for item in items)
    half = len(sequence) // 2
    assert sequence not in ("ab" * half, "ba" * half)
    assert sequence not in ("a" * half + "b" * half, "b" * half + "a" * half)
    assert "aaaaaaaa" not in sequence and "bbbbbbbb" not in sequence


def test_better_answer_is_shorter_in_a_third_and_longer_in_a_third(items: list[Item]) -> None:
    diffs = [_better_minus_worse(item) for item in items]
    assert sum(d < -MARGIN for d in diffs) * 3 >= len(items)
    assert sum(d > MARGIN for d in diffs) * 3 >= len(items)
    assert sum(abs(d) <= 10 for d in diffs) * 10 >= len(items), "some pairs must be near-equal in length"


def test_length_does_not_predict_the_label(items: list[Item]) -> None:
    # within each length regime the better answer sits in slot a as often as in slot b, so position and
    # verbosity effects are not confounded
    for regime in (lambda d: d < -MARGIN, lambda d: d > MARGIN):
        labels = Counter(item.label for item in items if regime(_better_minus_worse(item)))
        assert abs(labels["a"] - labels["b"]) <= 2, labels


def test_responses_are_non_empty_and_span_short_to_long(items: list[Item]) -> None:
    lengths = [len(text) for item in items for text in (item.response_a, item.response_b)]
    assert all(text.strip() for item in items for text in (item.response_a, item.response_b))
    assert min(lengths) <= 20
    assert max(lengths) >= 800
    assert max(lengths) <= 1000


def test_refusal_category_covers_harmful_requests_and_over_refusals(items: list[Item]) -> None:
    kinds = Counter(item.meta.get("subcategory") for item in items if item.meta["category"] == "refusal")
    assert kinds["harmful"] >= 4 and kinds["over_refusal"] >= 4, kinds
