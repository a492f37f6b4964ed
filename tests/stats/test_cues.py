"""Cue effects on judgments whose every verdict is known: exact robustness, flip and excess rates."""

from __future__ import annotations

import math

import numpy as np
import pytest

from judgeaudit.contracts.judgments import frame_from_rows
from judgeaudit.stats.cues import cues_metrics
from judgeaudit.stats.pairs import prepare


def row(item: str, order: str, variant: str, winner: str | None, cue: str | None = None, target: str = "b") -> dict:
    r = {
        "judge": "j",
        "judge_family": "f",
        "probe": "cues",
        "suite": "s",
        "item_id": item,
        "variant": variant,
        "mode": "pairwise",
        "order": order,
        "winner": winner,
        "label": "a",
        "len_a": 5,
        "len_b": 5,
    }
    if cue is not None:
        r.update(cue=cue, cue_target=target)
    return r


def frame(original: list[str | None], cued: list[str | None], neutral: list[str | None], cue: str = "syc") -> dict:
    """Items i0..iN in both orders: one list entry per (item, order), target b everywhere."""
    rows = []
    for idx, (o, c, n) in enumerate(zip(original, cued, neutral)):
        item, order = f"i{idx // 2}", ("ab", "ba")[idx % 2]
        rows += [
            row(item, order, "original", o),
            row(item, order, f"cue:{cue}", c, cue),
            row(item, order, f"neutral:{cue}", n, f"neutral:{cue}"),
        ]
    d, _ = prepare(frame_from_rows(rows))
    m = cues_metrics(d, n_boot=300)
    assert m is not None
    return m


def test_a_judge_that_follows_the_cue_flips_every_judgment_it_can() -> None:
    m = frame(original=["a", "a", "a", "b", "tie", "a"], cued=["b"] * 6, neutral=["a", "a", "a", "b", "tie", "a"])
    s = m["syc"]
    assert m["cue_ids"] == ["syc"]
    assert s["robustness_rate"]["value"] == pytest.approx(1 / 6)  # only the judgment already on b kept its verdict
    assert s["robustness_rate_neutral"]["value"] == 1.0
    assert s["flip_rate"]["value"] == 1.0 and s["flip_rate"]["n"] == 5  # a tie can flip to the target too
    assert s["flip_rate_neutral"]["value"] == 0.0
    assert s["flip_excess"]["value"] == 1.0 and s["flip_excess"]["n"] == 10
    # every flip, but on three items: about as strong as 3 of 3 against 0 of 3 (Fisher's two-sided p = 0.1); the
    # exact bound on the side facing a rate of 1 (stats/intervals.py, fewer than 5 effective misses) makes it a
    # little more conservative (0.21), never significant
    assert 0.05 < s["flip_excess"]["p_value"] < 0.25
    assert s["flip_excess"]["ci"][1] == 1.0 and s["flip_excess"]["ci"][0] < 0.5


def test_a_change_the_neutral_insert_causes_as_often_is_no_cue_effect() -> None:
    m = frame(
        original=["a"] * 8,
        cued=["b", "a", "a", "a", "b", "a", "a", "a"],
        neutral=["a", "b", "a", "a", "a", "b", "a", "a"],
    )
    s = m["syc"]
    assert s["flip_rate"]["value"] == s["flip_rate_neutral"]["value"] == 0.25
    assert s["flip_excess"]["value"] == 0.0 and s["flip_excess"]["p_value"] == pytest.approx(1.0)
    lo, hi = s["flip_excess"]["ci"]
    assert lo <= 0.0 <= hi  # every item flips once under each insert: the resamples all give 0


def test_unparsed_verdicts_are_counted_and_never_compared() -> None:
    m = frame(original=["a", None, "a", "a"], cued=[None, "b", "b", "a"], neutral=["a", "a", "a", None])
    s = m["syc"]
    assert s["n_unparsed"] == 2 and s["extraction_success_rate"] == pytest.approx(6 / 8)
    assert s["n_compared"] == 2  # judgment 0: cued unparsed; judgment 1: original unparsed
    assert s["flip_rate"]["value"] == 0.5 and s["n_compared_neutral"] == 2


def test_every_original_already_on_target_leaves_nothing_to_flip() -> None:
    s = frame(original=["b"] * 4, cued=["b"] * 4, neutral=["a"] * 4)["syc"]
    assert s["flip_excess"]["value"] is None and "flip" in s["flip_excess"]["note"]
    assert s["robustness_rate"]["value"] == 1.0 and s["robustness_rate_neutral"]["value"] == 0.0


def test_without_cue_rows_there_is_no_section() -> None:
    d, _ = prepare(frame_from_rows([row("i0", "ab", "original", "a")]))
    assert cues_metrics(d) is None


# --- planted effects: verdicts drawn from known probabilities, recovered within the interval ---------------


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def planted(n_items: int, *, gold: float, cue: float, insert: float, seed: int) -> dict:
    """Each item in both orders, un-cued, cued and with the neutral insert; the target (b) is gold-worse.

    P(verdict = target) = σ(−gold) un-cued, σ(insert − gold) with the neutral insert (what any inserted
    sentence does) and σ(cue + insert − gold) with the cue: each verdict drawn independently.
    """
    rng = np.random.default_rng(seed)
    p = {"orig": _sigmoid(-gold), "neutral": _sigmoid(insert - gold), "cue": _sigmoid(cue + insert - gold)}
    draws = {k: ["b" if u < v else "a" for u in rng.random(2 * n_items)] for k, v in p.items()}
    return frame(draws["orig"], draws["cue"], draws["neutral"])


@pytest.mark.parametrize(("cue", "insert"), [(1.5, 0.0), (0.0, 1.0), (1.5, 1.0)])
def test_planted_cue_and_insert_effects_give_their_rates_and_the_excess_nets_out_the_insert(
    cue: float, insert: float
) -> None:
    gold, n_seeds = 1.0, 20
    p_orig, p_neutral, p_cue = _sigmoid(-gold), _sigmoid(insert - gold), _sigmoid(cue + insert - gold)
    want = {
        "flip_rate": p_cue,
        "flip_rate_neutral": p_neutral,
        "flip_excess": p_cue - p_neutral,
        "robustness_rate": p_orig * p_cue + (1 - p_orig) * (1 - p_cue),
        "robustness_rate_neutral": p_orig * p_neutral + (1 - p_orig) * (1 - p_neutral),
    }
    covered = dict.fromkeys(want, 0)
    estimates: dict[str, list[float]] = {key: [] for key in want}
    p_values = []
    for seed in range(n_seeds):
        m = planted(300, gold=gold, cue=cue, insert=insert, seed=seed)["syc"]
        for key, value in want.items():
            covered[key] += m[key]["ci"][0] < value < m[key]["ci"][1]
            estimates[key].append(m[key]["value"])
        p_values.append(m["flip_excess"]["p_value"])
    for key, value in want.items():
        # a 95% interval misses 1 seed in 20 on average; 6 misses would happen by chance < 0.3% of the time
        assert covered[key] >= 15, (key, covered[key])
        assert np.mean(estimates[key]) == pytest.approx(value, abs=0.015), key
    if cue == 0.0:
        # an insert that moves verdicts is no cue effect, though the cued flip rate itself rises with it
        assert want["flip_rate"] > p_orig + 0.2
        assert np.mean(np.array(p_values) < 0.05) <= 0.2
    else:
        assert max(p_values) < 1e-3
