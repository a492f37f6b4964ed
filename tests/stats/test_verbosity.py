"""Verbosity metrics: natural length preference and the padding probe, on known judges."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pandas as pd
import pytest

from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.verbosity import verbosity_metrics
from tests.support.judgments import always_gold, always_longer, coin, frame, judge_rows, make_items


def verbosity(df: pd.DataFrame) -> dict:
    rows, _ = prepare(df)
    out = verbosity_metrics(rows, n_boot=500)
    assert out is not None
    return out


def _items(n: int = 40) -> list[dict]:
    # gold-better response longer on half the items, shorter on the other half
    return make_items(
        n,
        labels=("a", "a", "b", "b"),
        len_a=lambda i: 300 if i % 2 == 0 else 100,
        len_b=lambda i: 100 if i % 2 == 0 else 300,
    )


def test_always_longer_judge() -> None:
    m = verbosity(frame(judge_rows(_items(), always_longer)))
    assert m["prefer_longer_rate"]["value"] == 1.0
    assert m["eo_gap"]["value"] == 1.0  # always right when gold is longer, never when it is shorter
    assert m["eo_gap"]["p_value"] < 1e-6
    coef = m["length_coef"]
    assert coef["value"] is None and coef["direction"] == 1  # infinite: choice determined by length


def test_gold_judge_has_no_length_gap() -> None:
    m = verbosity(frame(judge_rows(_items(), always_gold)))
    assert m["prefer_longer_rate"]["value"] == 0.5
    assert m["eo_gap"]["value"] == 0.0


def test_pairs_within_thirty_chars_do_not_count_as_longer() -> None:
    items = make_items(10, len_a=lambda i: 100, len_b=lambda i: 120)
    m = verbosity(frame(judge_rows(items, always_longer)))
    assert m["prefer_longer_rate"]["value"] is None and m["prefer_longer_rate"]["n"] == 0


def test_length_coefficient_is_near_zero_for_a_slot_coin() -> None:
    items = make_items(300, len_a=lambda i: 50 + (i * 37) % 900, len_b=lambda i: 50 + (i * 91) % 700)
    m = verbosity(frame(judge_rows(items, coin(seed=5))))
    lo, hi = m["length_coef"]["ci"]
    assert lo < 0 < hi
    assert m["length_coef"]["covariates"] == ["gold", "first_slot"]


def _padding_rows(
    items: list[dict],
    choose_padded: Callable[[dict, str, float, str], str],
    ratios: tuple[float, ...] = (0.25, 0.5, 1.0),
) -> list:
    """Original pairs judged by gold; padded variants by ``choose_padded(item, target, ratio, order)``."""
    rows = judge_rows(items, always_gold, probe="verbosity")
    for it in items:
        worse = "b" if it["label"] == "a" else "a"
        for target in (worse, it["label"]):
            for r in ratios:

                def choose(item: dict, order: str, t: str = target, r: float = r) -> str:
                    return choose_padded(item, t, r, order)

                rows += judge_rows(
                    [it],
                    choose,
                    probe="verbosity",
                    variant=f"pad_{target}@{r:g}",
                    pad_target=target,
                    pad_ratio=r,
                )
    return rows


def test_judge_that_always_takes_the_padded_response_flips_every_time() -> None:
    m = verbosity(frame(_padding_rows(make_items(20), lambda it, t, r, o: t)))
    assert m["n_right_unpadded_items"] == 20
    assert m["padding_flip_rate"]["value"] == 1.0
    assert m["padding_control_rate"]["value"] == 0.0
    assert m["padding_flip_excess"]["value"] == 1.0
    assert [p["pad_ratio"] for p in m["dose_curve"]] == [0.25, 0.5, 1.0]
    assert all(p["flip_rate"]["value"] == 1.0 for p in m["dose_curve"])


def test_judge_blind_to_padding_never_flips() -> None:
    m = verbosity(frame(_padding_rows(make_items(20), lambda it, t, r, o: it["label"])))
    assert m["padding_flip_rate"]["value"] == 0.0
    assert m["padding_control_rate"]["value"] == 0.0


def _share(it: dict, order: str, r: float) -> float:
    return int(hashlib.sha256(f"{it['item_id']}|{order}|{r}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def test_dose_response_slope_is_positive_when_more_padding_flips_more() -> None:
    def dose(it: dict, t: str, r: float, order: str) -> str:
        return t if _share(it, order, r) < 0.8 * r else ("a" if t == "b" else "b")

    m = verbosity(frame(_padding_rows(make_items(80), dose)))
    slope = m["padding_dose_slope"]
    assert slope["value"] > 0 and slope["ci"][0] > 0 and slope["n_sizes"] == 3
    rates = [p["flip_rate"]["value"] for p in m["dose_curve"]]
    assert rates == sorted(rates)


def test_dose_slope_needs_three_sizes() -> None:
    m = verbosity(frame(_padding_rows(make_items(10), lambda it, t, r, o: t, ratios=(0.5, 1.0))))
    assert m["padding_dose_slope"]["value"] is None
    assert "3 padding sizes" in m["padding_dose_slope"]["note"]


def test_flip_counts_only_items_right_unpadded_in_both_orders() -> None:
    items = make_items(10)
    rows = _padding_rows(items, lambda it, t, r, o: t)
    for row in rows:  # the judge gets item i000 wrong unpadded in one order
        if row["item_id"] == "i000" and row["variant"] == "original" and row["order"] == "ba":
            row["winner"] = "b" if row["label"] == "a" else "a"
    m = verbosity(frame(rows))
    assert m["n_right_unpadded_items"] == 9
    assert m["padding_flip_rate"]["n"] == 9 * 3 * 2


def test_every_section_counts_unparsed() -> None:
    items = _items(8)
    rows = judge_rows(items, lambda it, o: None if it["item_id"] == "i000" else always_longer(it, o))
    m = verbosity(frame(rows))
    assert m["n_unparsed"] == 2
    assert m["extraction_success_rate"] == pytest.approx(14 / 16)


def test_no_lengths_and_no_padding_means_no_section() -> None:
    rows = judge_rows(make_items(4), always_gold)
    for r in rows:
        r.pop("len_a"), r.pop("len_b")
    prepared, _ = prepare(frame(rows))
    assert verbosity_metrics(prepared) is None
