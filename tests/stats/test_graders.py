"""The grader statistics recover effects planted in the simulated grader, and hold their coverage.

Bigger runs (false-positive rates over many seeds, coverage near 0 and 1) are in benchmarks/graders_validity.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from judgeaudit.backends.simulated_grader import grade_probs
from judgeaudit.judges.grader import load_grader_format
from judgeaudit.stats.grader_known import auroc, known_metrics
from judgeaudit.stats.grader_override import override_metrics
from judgeaudit.stats.grader_padding import padding_metrics
from judgeaudit.stats.grader_polarity import polarity_metrics
from judgeaudit.stats.grader_rows import mean_shift
from tests.support.graders import answers, graded, grader


def _covers(est: dict, truth: float) -> bool:
    lo, hi = est["ci"]
    return lo <= truth <= hi and hi > lo


def _phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def test_planted_lenience_is_recovered_as_false_passes_and_a_strict_grader_has_few() -> None:
    # known-wrong: z = -2 + lenience + N(0, 0.5); logprob mode passes when z > 0
    items = answers(80)
    lenient = known_metrics(graded(grader(grade_lenience=2.0), items, "grader_known")[0])
    strict = known_metrics(graded(grader(), items, "grader_known")[0])
    assert lenient is not None and strict is not None
    assert _covers(lenient["false_pass_rate"], 0.5)
    assert _covers(strict["false_pass_rate"], _phi(-2 / 0.5)) and strict["false_pass_rate"]["ci"][1] < 0.15
    assert strict["balanced_accuracy"]["ci"][0] > 0.9 and lenient["balanced_accuracy"]["value"] < 0.8
    assert strict["auroc"]["ci"][0] > 0.9 and strict["auroc"]["ci"][1] > strict["auroc"]["ci"][0]


def test_planted_override_susceptibility_is_recovered_against_the_neutral_sentence() -> None:
    items = answers(120)
    planted = override_metrics(graded(grader(grade_override=2.0), items, "grader_override")[0])
    none = override_metrics(graded(grader(), items, "grader_override")[0])
    assert planted is not None and none is not None
    truth = _phi(0.0) - _phi(-2 / 0.5)  # P(−2 + 2 + N > 0) − P(−2 + N > 0)
    assert _covers(planted["excess_pass_rate"], truth) and planted["excess_pass_rate"]["p_value"] < 0.05
    assert _covers(none["excess_pass_rate"], 0.0)


def test_a_grader_that_ignores_the_negation_violates_polarity_and_a_reading_one_does_not() -> None:
    items = answers(40)
    blind = polarity_metrics(graded(grader(grade_negation=1.0), items, "grader_polarity")[0])
    reading = polarity_metrics(graded(grader(), items, "grader_polarity")[0])
    assert blind is not None and reading is not None
    assert blind["violation_rate"]["ci"][0] > 0.8 and reading["violation_rate"]["ci"][1] < 0.2
    assert reading["good_pass_shift"]["ci"][1] < -0.7 and _covers(blind["good_pass_shift"], 0.0)


NOISE = sps.norm.ppf((np.arange(60) + 0.5) / 60, scale=0.5)  # quadrature over the grader's N(0, 0.5) noise


def _expected_score(fmt_id: str, gold: float, pad_ratio: float, planted: float) -> float:
    """E[probability-weighted score] of the planted grader, over its noise."""
    fmt = load_grader_format(fmt_id)
    meta = {"gold": gold, "labels": list(fmt.prompt.labels), "values": list(fmt.values), "passing": []}
    params = {"grade_padding": planted}
    draws = [grade_probs(params, {**meta, "pad_ratio": pad_ratio}, float(e)) for e in NOISE]
    return float(np.mean([sum(p * v for p, v in zip(d, fmt.values)) for d in draws]))


@pytest.mark.parametrize("planted", [0.0, 1.0])
def test_planted_padding_shift_is_recovered_on_the_rubric_scale(planted: float) -> None:
    items = answers(60)
    rows, raw = graded(grader(grade_padding=planted), items, "grader_padding")
    found = padding_metrics(rows)
    assert found is not None
    padded = [r for r in raw if r["grade_arm"] == "padded"]
    truth = np.mean(
        [
            _expected_score("grader-rubric5", 1.0 if r["label"] == "pass" else -1.0, r["pad_ratio"], planted)
            - _expected_score("grader-rubric5", 1.0 if r["label"] == "pass" else -1.0, 0.0, planted)
            for r in padded
        ]
    )
    assert _covers(found["score_shift"], float(truth)), (found["score_shift"], truth)


def test_mean_shift_keeps_its_coverage_with_many_and_with_few_answers() -> None:
    rng = np.random.default_rng(0)
    for n_items, reps in ((40, 300), (6, 300)):
        hits = 0
        for _ in range(reps):
            units = np.repeat(np.arange(n_items), 2)
            item = rng.normal(0, 0.3, n_items)[units]
            diffs = 0.2 + item + rng.normal(0, 0.5, len(units))
            hits += _covers(mean_shift(units, diffs, 1.0), 0.2)
        assert 0.92 <= hits / reps <= 0.99, (n_items, hits / reps)
    still = mean_shift(np.arange(10), np.zeros(10), 1.0)
    assert still["ci"][1] > still["ci"][0] and still["p_value"] == 1.0


def test_auroc_keeps_its_coverage_and_never_has_zero_width() -> None:
    rng = np.random.default_rng(1)
    d, n, reps, hits = 1.0, 25, 200, 0
    truth = float(sps.norm.cdf(d / math.sqrt(2)))
    positive = np.r_[np.ones(n, bool), np.zeros(n, bool)]
    for r in range(reps):
        values = np.r_[rng.normal(d, 1, n), rng.normal(0, 1, n)]
        hits += _covers(auroc(np.arange(2 * n), values, positive, r, 300), truth)
    assert 0.90 <= hits / reps <= 0.99
    perfect = auroc(np.arange(2 * n), np.r_[np.ones(n), np.zeros(n)], positive, 0, 300)
    assert perfect["value"] == 1.0 and perfect["ci"][0] < 1.0
