"""The reference and repeat statistics recover what is planted in the simulated grader.

Bigger runs (false positives over many seeds) are in benchmarks/graders_validity.py.
"""

from __future__ import annotations

import numpy as np
from scipy import stats as sps

from judgeaudit.backends.simulated_grader import grade_probs
from judgeaudit.probes.suites import ProbeSpec
from judgeaudit.stats.grader_reference import reference_metrics
from judgeaudit.stats.grader_repeats import p_majority, repeats_metrics, repeats_needed
from tests.support.graders import answers, graded, grader

NOISE = sps.norm.ppf((np.arange(200) + 0.5) / 200, scale=0.5)  # quadrature over the grader's N(0, 0.5) noise
PASSFAIL = {"labels": ["Yes", "No"], "values": [1, 0], "passing": ["Yes"]}


def _p_pass(gold: float, greedy: bool, **planted: float) -> float:
    """P(pass) of the planted grader over its noise: argmax (logprob mode) or a draw (sampled)."""
    p = np.array([grade_probs(planted, {**PASSFAIL, "gold": gold, **planted.get("meta", {})}, e)[0] for e in NOISE])  # type: ignore[dict-item]
    return float((p > 0.5).mean() if greedy else p.mean())


def _covers(est: dict, truth: float) -> bool:
    lo, hi = est["ci"]
    return lo <= truth <= hi and hi > lo


def _truth(ref: str, control: str = "correct", **planted: float) -> tuple[float, float]:
    """(pass-rate shift, accuracy shift) of arm ``ref`` against ``control``, on half good and half wrong answers."""

    def arm(shown: str) -> tuple[float, float]:
        good = _p_pass(1.0, True, **planted, meta={"reference": shown})  # type: ignore[arg-type]
        bad = _p_pass(-1.0, True, **planted, meta={"reference": shown})  # type: ignore[arg-type]
        return (good + bad) / 2, (good + 1 - bad) / 2

    (p1, a1), (p0, a0) = arm(ref), arm(control)
    return p1 - p0, a1 - a0


def test_a_planted_reference_effect_is_recovered_and_none_planted_gives_no_shift() -> None:
    items = [
        a.__class__(**{**a.__dict__, "meta": {**a.meta, "correct_reference": "right", "wrong_reference": "wrong"}})
        for a in answers(200)
    ]
    planted = {"grade_reference_follow": 0.75, "grade_no_reference": 2.0}
    found = reference_metrics(graded(grader(**planted), items, "grader_reference")[0])
    none = reference_metrics(graded(grader(), items, "grader_reference")[0])
    assert found is not None and none is not None
    shift_none, _ = _truth("none", **planted)
    shift_wrong, acc_wrong = _truth("wrong", **planted)
    assert shift_none > 0.2 and _covers(found["none_vs_correct"], shift_none)
    assert _covers(found["wrong_vs_correct"], shift_wrong)
    assert acc_wrong < -0.4 and _covers(found["wrong_vs_correct_accuracy"], acc_wrong)
    assert found["wrong_vs_correct_accuracy"]["p_value"] < 0.05 and found["none_vs_correct"]["n"] == 200
    for key in ("none_vs_correct", "wrong_vs_correct", "wrong_vs_correct_accuracy"):
        assert _covers(none[key], 0.0)


def test_answers_without_a_wrong_reference_are_left_out() -> None:
    rows, raw = graded(grader(), answers(6), "grader_reference")
    assert raw == [] and reference_metrics(rows) is None


def test_repeats_needed_is_the_smallest_odd_count_with_a_95_percent_majority() -> None:
    assert repeats_needed(1.0) == 1 and repeats_needed(0.5) == 99
    k = repeats_needed(0.7)
    assert k % 2 == 1 and p_majority(k, 0.7) >= 0.95 > p_majority(k - 2, 0.7)


def test_planted_flakiness_is_recovered_from_sampled_repeats() -> None:
    # sampled at temperature > 0, each repeat redraws the noise and the verdict: P(pass) = E[σ(2t + ε)]
    items = answers(80)
    rows, raw = graded(grader("generate"), items, ProbeSpec("grader_repeats", {"k": 7}))
    assert len({(r["item_id"], r["repeat"]) for r in raw}) == 80 * 7
    found = repeats_metrics(rows)
    assert found is not None and found["sampled"] is True
    p = _p_pass(1.0, False)  # good answers; wrong ones are symmetric (1 − p)
    assert _covers(found["flip_rate"], 2 * p * (1 - p))
    stable = float(p_majority(7, p) >= 0.95)  # the truth per answer; the estimate plugs in p̂ from 7 repeats
    assert found["stable_share"]["ci"][1] > 0 and abs(found["stable_share"]["value"] - stable) < 0.9
    assert found["repeats_needed"]["ci"][0] <= repeats_needed(round(p, 6)) <= found["repeats_needed"]["ci"][1]


def test_a_deterministic_grader_never_flips_and_says_how_little_that_shows() -> None:
    for judge, temperature in ((grader(), 0.7), (grader("generate"), 0.0)):
        rows, raw = graded(judge, answers(40), ProbeSpec("grader_repeats", {"k": 5, "temperature": temperature}))
        found = repeats_metrics(rows)
        assert found is not None and found["flip_rate"]["value"] == 0.0
        lo, hi = found["flip_rate"]["ci"]
        assert lo == 0.0 and 0.0 < hi < 0.15  # honest: 40 unanimous answers bound the flip rate, never to zero
        assert found["stable_share"]["value"] == 1.0 and found["stable_share"]["ci"][0] < 1.0
        needed = found["repeats_needed"]
        assert needed["value"] == 1.0 and needed["ci"][1] > needed["ci"][0]
