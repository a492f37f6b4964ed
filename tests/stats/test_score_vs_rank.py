"""Score vs rank: accuracy of each protocol, ties, agreement, cycles, and the recommendation."""

from __future__ import annotations

import pandas as pd

from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.score_vs_rank import score_vs_rank_metrics
from tests.support.judgments import always_gold, first_slot, frame, judge_rows, make_items, score_rows

ITEMS = make_items(40)


def svr(df: pd.DataFrame) -> dict:
    rows, _ = prepare(df)
    out = score_vs_rank_metrics(rows, n_boot=500)
    assert out is not None
    return out


def gold_scores(it: dict, which: str) -> float:
    return 5.0 if it["label"] == which else 2.0


def flat_scores(it: dict, which: str) -> float:
    return 4.0


def test_good_scorer_bad_ranker_should_score() -> None:
    m = svr(frame(judge_rows(ITEMS, first_slot), score_rows(ITEMS, gold_scores)))
    assert m["score_accuracy"]["value"] == 1.0
    assert m["rank_accuracy"]["value"] == 0.5
    assert m["score_tie_rate"]["value"] == 0.0
    assert m["agreement"]["value"] == 0.5
    assert m["recommendation"] == "score"


def test_flat_scorer_good_ranker_should_rank() -> None:
    m = svr(frame(judge_rows(ITEMS, always_gold), score_rows(ITEMS, flat_scores)))
    assert m["score_tie_rate"]["value"] == 1.0
    assert m["score_accuracy"]["value"] == 0.5  # a score tie counts half
    assert m["rank_accuracy"]["value"] == 1.0
    assert m["agreement"]["value"] is None  # no non-tie score pair
    assert m["recommendation"] == "rank"
    assert "more accurate" in m["recommendation_reason"]


def test_equal_protocols_default_to_rank() -> None:
    m = svr(frame(judge_rows(ITEMS, always_gold), score_rows(ITEMS, gold_scores)))
    assert m["agreement"]["value"] == 1.0
    assert m["accuracy_gap"]["value"] == 0.0
    assert m["recommendation"] == "rank" and "not distinguishable" in m["recommendation_reason"]


def test_unparsed_scores_count_as_chance_in_the_comparison() -> None:
    def silent_half(it: dict, which: str) -> float | None:
        return None if int(it["item_id"][1:]) % 2 else gold_scores(it, which)

    m = svr(frame(judge_rows(ITEMS, always_gold), score_rows(ITEMS, silent_half)))
    assert m["score_accuracy"]["value"] == 1.0  # on what it parsed
    assert m["score_accuracy"]["with_unparsed_as_chance"] == 0.75
    assert m["score"]["n_unparsed"] == 40 and m["n_unparsed"] == 40
    assert m["recommendation"] == "rank"


def test_without_gold_the_recommendation_says_why() -> None:
    items = make_items(20, labels=(None,))
    m = svr(frame(judge_rows(items, first_slot), score_rows(items, flat_scores)))
    assert "rank_accuracy" not in m
    assert m["recommendation"] == "rank" and "100%" in m["recommendation_reason"]


def _group_rows(prefers: dict[tuple[str, str], str]) -> list[dict]:
    rows = []
    for k, ((ma, mb), w) in enumerate(prefers.items()):
        it = {
            "item_id": f"g{k}",
            "label": None,
            "len_a": 10,
            "len_b": 10,
            "group": "q1",
            "model_a": ma,
            "model_b": mb,
        }
        rows += judge_rows([it], lambda _it, _o, w=w: w)
    return rows


def test_cyclic_preferences_are_transitivity_violations() -> None:
    cyclic = _group_rows({("x", "y"): "a", ("y", "z"): "a", ("z", "x"): "a"})
    rows, _ = prepare(frame(cyclic, score_rows([{"item_id": "g0", "label": None}], flat_scores)))
    m = score_vs_rank_metrics(rows, n_boot=200)
    assert m is not None and m["transitivity_violations"]["value"] == 1.0


def test_ordered_preferences_are_transitive() -> None:
    ordered = _group_rows({("x", "y"): "a", ("y", "z"): "a", ("x", "z"): "a", ("w", "z"): "a"})
    rows, _ = prepare(frame(ordered, score_rows([{"item_id": "g0", "label": None}], flat_scores)))
    m = score_vs_rank_metrics(rows, n_boot=200)
    assert m is not None and m["transitivity_violations"]["value"] == 0.0
    assert m["transitivity_violations"]["n"] == 1  # only x, y, z have all three pairs judged


def test_groups_without_scores_still_give_transitivity() -> None:
    rows, _ = prepare(frame(_group_rows({("x", "y"): "a", ("y", "z"): "a", ("z", "x"): "a"})))
    m = score_vs_rank_metrics(rows, n_boot=200)
    assert m is not None and m["transitivity_violations"]["value"] == 1.0 and "score_accuracy" not in m


def test_no_scores_means_no_section() -> None:
    rows, _ = prepare(frame(judge_rows(ITEMS, always_gold)))
    assert score_vs_rank_metrics(rows) is None
