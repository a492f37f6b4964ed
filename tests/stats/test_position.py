"""Position metrics on judges whose verdicts are known exactly."""

from __future__ import annotations

import pandas as pd
import pytest

from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.position import position_metrics
from tests.support.judgments import (
    always_a,
    always_gold,
    always_tie,
    coin,
    first_slot,
    frame,
    judge_rows,
    make_items,
    second_slot,
)


def position(df: pd.DataFrame, **kw: int) -> dict:
    rows, _ = prepare(df)
    out = position_metrics(rows, n_boot=500, **kw)
    assert out is not None
    return out


def test_always_first_slot_is_all_primacy() -> None:
    m = position(frame(judge_rows(make_items(20), first_slot)))
    assert m["n_pairs"] == 20 and m["n_primacy"] == 20
    assert m["consistency"]["value"] == 0.0
    assert m["primacy_share"]["value"] == 1.0
    assert m["primacy_share"]["p_value"] < 1e-5
    assert m["preference_fairness"]["value"] == -1.0
    assert m["first_slot_rate"]["value"] == 1.0
    assert m["accuracy_single"]["value"] == 0.5
    assert m["accuracy_both_orders"]["value"] == 0.0


def test_an_always_first_judge_on_few_items_gets_honest_intervals_and_p_values() -> None:
    # 14 items in both orders: every verdict the first slot, but only 14 independent items
    m = position(frame(judge_rows(make_items(14), first_slot)))
    rate = m["first_slot_rate"]
    assert rate["value"] == 1.0 and rate["n"] == 28
    assert 0.78 < rate["ci"][0] < 0.79 and rate["ci"][1] == 1.0  # Wilson on 14 items, not a [1, 1] bootstrap
    assert 0 < rate["p_value"] < 1e-3
    fairness = m["preference_fairness"]
    assert fairness["value"] == -1.0 and fairness["ci"][0] == -1.0 and -0.6 < fairness["ci"][1] < -0.55
    single = m["accuracy_single"]  # right in one order, wrong in the other, on every item
    assert single["value"] == 0.5 and single["ci"][0] < 0.45 and single["ci"][1] > 0.55


def test_judgment_rates_count_every_parsed_verdict_as_defined() -> None:
    items = make_items(10)

    def silent_on_some(it: dict, order: str) -> str | None:
        # the first three items get no readable verdict in order ba: their ab verdicts still count
        return None if it["item_id"] in ("i000", "i001", "i002") and order == "ba" else first_slot(it, order)

    m = position(frame(judge_rows(items, silent_on_some)))
    assert m["n_pairs"] == 7
    assert m["first_slot_rate"]["n"] == 17  # every parsed non-tie verdict
    assert m["first_slot_rate_complete_pairs"]["n"] == 14  # only those of complete pairs
    assert m["accuracy_single"]["n"] == 17  # correct / parsed verdicts
    assert m["accuracy_single"]["value"] == pytest.approx(
        sum(1 for it in items[:3] if it["label"] == "a") / 17 + 7 / 17
    )
    # Shi et al.'s preference fairness: every pair judged in both orders in n, an unreadable one as neither
    assert m["preference_fairness"]["value"] == -1.0 and m["preference_fairness"]["n"] == 7
    assert m["preference_fairness_all_pairs"]["value"] == pytest.approx(-0.7)
    assert m["preference_fairness_all_pairs"]["n"] == 10


def test_one_order_data_gets_a_first_slot_rate_without_a_test() -> None:
    # each item judged once, answer a always first: the slot cannot be told from the content
    m = position(frame(judge_rows(make_items(12), first_slot, orders=("ab",))))
    rate = m["first_slot_rate"]
    assert rate["value"] == 1.0 and rate["n"] == 12
    assert "p_value" not in rate and "one order only" in rate["note"]
    assert m["first_slot_rate_complete_pairs"]["value"] is None


def test_one_order_data_says_why_each_pair_metric_is_na() -> None:
    m = position(frame(judge_rows(make_items(12), first_slot, orders=("ab",))))
    for key in ("consistency", "primacy_share", "preference_fairness", "first_slot_rate_complete_pairs"):
        assert m[key]["value"] is None and m[key]["note"] == "no item judged in both orders", key


def test_always_second_slot_is_all_recency() -> None:
    m = position(frame(judge_rows(make_items(20), second_slot)))
    assert m["n_recency"] == 20
    assert m["primacy_share"]["value"] == 0.0
    assert m["preference_fairness"]["value"] == 1.0
    assert m["first_slot_rate"]["value"] == 0.0


def test_always_response_a_is_consistent_and_slot_blind() -> None:
    m = position(frame(judge_rows(make_items(20), always_a)))
    assert m["consistency"]["value"] == 1.0
    assert m["first_slot_rate"]["value"] == 0.5
    assert m["primacy_share"]["value"] is None
    assert m["preference_fairness"]["value"] == 0.0
    lo, hi = m["consistency"]["ci"]
    assert 0.8 < lo < 1.0 and hi == 1.0  # Wilson: one pair per item, so independent units


def test_gold_judge_is_right_in_both_orders() -> None:
    m = position(frame(judge_rows(make_items(20), always_gold)))
    assert m["accuracy_single"]["value"] == 1.0
    assert m["accuracy_both_orders"]["value"] == 1.0


def test_ties_in_both_orders_are_consistent_and_not_slot_choices() -> None:
    m = position(frame(judge_rows(make_items(10), always_tie)))
    assert m["consistency"]["value"] == 1.0
    assert m["n_ties"] == 20
    assert m["first_slot_rate"]["value"] is None


def test_mixed_tie_and_slot_is_classified_by_the_slot() -> None:
    def tie_then_first(it: dict, order: str) -> str:
        return "tie" if order == "ab" else first_slot(it, order)  # CA: primacy

    m = position(frame(judge_rows(make_items(10), tie_then_first)))
    assert m["n_primacy"] == 10 and m["primacy_share"]["value"] == 1.0


def test_coin_flipping_judge_shows_no_direction() -> None:
    m = position(frame(judge_rows(make_items(400), coin(seed=3))))
    assert m["consistency"]["ci"][0] < 0.5 < m["consistency"]["ci"][1]
    assert m["primacy_share"]["ci"][0] < 0.5 < m["primacy_share"]["ci"][1]
    assert m["primacy_share"]["p_value"] > 0.05
    assert m["first_slot_rate"]["ci"][0] < 0.5 < m["first_slot_rate"]["ci"][1]
    assert abs(m["preference_fairness"]["value"]) < 0.1


def test_unparsed_and_one_sided_pairs_are_left_out_and_counted() -> None:
    items = make_items(10)

    def sometimes_silent(it: dict, order: str) -> str | None:
        return None if it["item_id"] in ("i000", "i001") and order == "ba" else "a"

    rows = judge_rows(items, sometimes_silent)
    rows = [r for r in rows if not (r["item_id"] == "i002" and r["order"] == "ba")]  # one order missing
    m = position(frame(rows))
    assert m["n_pairs"] == 7
    assert m["n_unparsed_pairs"] == 2
    assert m["n_incomplete_pairs"] == 1
    assert m["n_unparsed"] == 2
    assert m["extraction_success_rate"] == pytest.approx(17 / 19)


def test_pairs_come_from_any_probe_and_duplicates_count_once() -> None:
    items = make_items(6)
    rows = judge_rows(items, first_slot, probe="position") + judge_rows(items, first_slot, probe="verbosity")
    m = position(frame(rows))
    assert m["n_pairs"] == 6


def test_padded_variants_are_not_position_pairs() -> None:
    items = make_items(6)
    rows = judge_rows(items, always_a) + judge_rows(items, first_slot, variant="pad_b@1", pad_target="b", pad_ratio=1.0)
    m = position(frame(rows))
    assert m["n_pairs"] == 6 and m["consistency"]["value"] == 1.0


def test_repeats_pair_by_repeat_and_give_stability() -> None:
    items = make_items(8)
    steady = [r for k in range(3) for r in judge_rows(items, always_a, repeat=k)]
    m = position(frame(steady))
    assert m["n_pairs"] == 24
    assert m["repetition_stability"]["value"] == 1.0

    def two_of_three(it: dict, order: str) -> str:
        return "a"

    rows = [r for k in range(3) for r in judge_rows(items, two_of_three, repeat=k)]
    for r in rows:
        if r["repeat"] == 2:
            r["winner"] = "b"
    m = position(frame(rows))
    assert m["repetition_stability"]["value"] == pytest.approx(2 / 3)
    assert m["repetition_stability"]["n"] == 16  # 8 items × 2 orders


def test_repeated_pairs_of_one_item_are_not_taken_as_independent() -> None:
    items = make_items(8)
    m = position(frame([r for k in range(3) for r in judge_rows(items, coin(seed=2), repeat=k)]))
    assert m["n_pairs"] == 24
    assert m["primacy_share"]["p_value"] > 0.05
    # the 24 pairs come from 8 items: the interval is a cluster bootstrap, not Wilson on 24
    assert m["primacy_share"]["ci"][0] is not None


def test_no_repeat_column_means_no_stability() -> None:
    assert "repetition_stability" not in position(frame(judge_rows(make_items(4), always_a)))


def test_no_original_pairwise_rows_means_no_section() -> None:
    rows, _ = prepare(frame(judge_rows(make_items(4), always_a, variant="pad_a@1")))
    assert position_metrics(rows) is None


def test_same_seed_same_intervals() -> None:
    df = frame(judge_rows(make_items(60), coin(seed=1)))
    assert position(df, seed=7) == position(df, seed=7)
