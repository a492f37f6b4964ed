"""One identity and one "was the verdict read" rule for a judgment row, row by row and frame-wide."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from judgeaudit.contracts.judgments import (
    frame_from_rows,
    is_read,
    judgment_key,
    judgment_keys,
    read_mask,
    repeated_judgments,
)
from judgeaudit.stats.pairs import prepare

BASE = {"judge": "j", "probe": "position", "suite": "s", "item_id": "i1", "variant": "original", "mode": "pairwise"}
LISTWISE = {
    "judge": "j",
    "probe": "listwise",
    "suite": "s",
    "item_id": "group-g1",
    "variant": "listwise:r0",
    "mode": "listwise",
    "order": "cab",
    "k": 3,
}


def test_both_orders_of_a_pair_differ_only_in_the_order() -> None:
    ab, ba = judgment_key({**BASE, "order": "ab"}), judgment_key({**BASE, "order": "ba"})
    assert ab != ba
    assert ab._replace(order="ba") == ba
    assert ab[:4] == ("s", "i1", 0, "j")  # the item as this judge saw it, in any variant or order


def test_a_missing_suite_or_repeat_is_none_and_zero_and_ids_are_text() -> None:
    assert judgment_key({**BASE, "suite": "", "item_id": 7}) == judgment_key(
        {**BASE, "suite": None, "item_id": "7", "repeat": 0}
    )


def test_the_frame_keys_find_the_same_repeats_as_the_row_keys() -> None:
    rows = [
        {**BASE, "order": "ab", "winner": "a"},
        {**BASE, "order": "ab", "winner": "b"},  # the same judgment recorded twice
        {**BASE, "order": "ba", "winner": "a"},
        {**BASE, "order": "ab", "repeat": 1},
        {**BASE, "order": "ab", "repeat": 0, "winner": "a"},  # repeat 0 is the unrepeated judgment
        {**BASE, "order": "ab", "suite": "other"},
        {**BASE, "mode": "score", "response": "a", "score": 3},
        {**BASE, "mode": "score", "response": "b", "score": 4},
        {**LISTWISE, "winner": "c"},
        {**LISTWISE, "winner": "a"},
    ]
    seen: set[tuple] = set()
    by_row = []
    for r in rows:
        key = judgment_key(r)
        by_row.append(key in seen)
        seen.add(key)
    assert by_row == [False, True, False, False, True, False, False, False, False, True]
    assert judgment_keys(frame_from_rows(rows)).duplicated().tolist() == by_row
    assert repeated_judgments(frame_from_rows(rows)).tolist() == by_row


def test_repeats_found_on_codes_are_the_repeats_of_the_text_keys() -> None:
    """Keys that print alike are one key (a repeat 0 and "0", no suite and ""), whatever the column types."""
    rng = random.Random(7)
    values = {
        "suite": ["s", "", None, "None"],
        "item_id": ["1", "2", "None"],
        "repeat": [0, 1, None, "0", 0.0],
        "judge": ["j", None],
        "variant": ["original", None],
        "mode": ["pairwise"],
        "order": ["ab", "ba", None],
        "response": [None, "a"],
    }
    for _ in range(60):
        n = rng.randint(0, 30)
        frame = pd.DataFrame(
            {k: [rng.choice(v) for _ in range(n)] for k, v in values.items()}, index=range(0, 3 * n, 3)
        )
        assert repeated_judgments(frame).equals(judgment_keys(frame).duplicated(keep="first"))


def test_a_verdict_is_read_by_the_rule_of_its_mode() -> None:
    cases = [
        ({**BASE, "order": "ab", "winner": "tie"}, True),
        ({**BASE, "order": "ab", "winner": None}, False),
        ({**BASE, "mode": "score", "response": "a", "score": 0}, True),  # 0 is a score
        ({**BASE, "mode": "score", "response": "a", "score": None, "winner": "a"}, False),
        ({**LISTWISE, "winner": "c", "chosen_slot": 1}, True),
        ({**LISTWISE, "winner": None, "chosen_slot": None}, False),
    ]
    assert [is_read(r) for r, _ in cases] == [want for _, want in cases]
    assert read_mask(frame_from_rows([r for r, _ in cases])).tolist() == [want for _, want in cases]


def test_prepare_counts_a_listwise_pick_as_read_and_keeps_it() -> None:
    d, n_dup = prepare(
        frame_from_rows(
            [
                {**LISTWISE, "winner": "c", "chosen_slot": 1},
                {**LISTWISE, "variant": "listwise:r1", "order": "bca", "winner": None},
            ]
        )
    )
    assert n_dup == 0
    assert d["parsed"].tolist() == [True, False]
    assert d["winner"].iloc[0] == "c" and pd.isna(d["winner"].iloc[1])


def test_prepare_drops_a_judgment_recorded_twice_and_counts_it() -> None:
    rows = [
        {**BASE, "order": "ab", "winner": "a"},
        {**BASE, "order": "ab", "winner": "a", "probe": "verbosity"},
        {**BASE, "order": "ba", "winner": "b"},
    ]
    d, n_dup = prepare(frame_from_rows(rows))
    assert n_dup == 1 and d["order"].tolist() == ["ab", "ba"]


def test_a_grade_row_needs_no_pair_and_takes_pass_fail_labels() -> None:
    from judgeaudit.contracts.judgments.validate import validate_row
    from judgeaudit.errors import InputError

    row = {"judge": "j", "probe": "grader_known", "item_id": "x", "variant": "original", "mode": "grade"}
    assert validate_row({**row, "label": "pass", "score": 1, "passed": True}, "f", 1)["label"] == "pass"
    with pytest.raises(InputError, match="label"):
        validate_row({**row, "label": "a"}, "f", 2)
    with pytest.raises(InputError, match="passed"):
        validate_row({**row, "passed": "yes"}, "f", 3)
