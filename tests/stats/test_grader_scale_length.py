"""Scale/rubric-order agreement and the natural-length slope recover what is planted in the simulated grader.

Many-seed false-positive rates and coverage are in benchmarks/graders_validity.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from judgeaudit.stats.grader_length import length_metrics
from judgeaudit.stats.grader_scale import icc_a1, qwk, scale_metrics
from tests.support.graders import answers, expected_u, graded, grader, varied_answers

REV = "grader-rubric5-reversed"


def _covers(est: dict, truth: float) -> bool:
    lo, hi = est["ci"]
    return lo <= truth <= hi and hi > lo


def test_qwk_is_cohens_quadratic_weighted_kappa_on_one_category_set() -> None:
    rng = np.random.default_rng(0)
    a = rng.integers(0, 5, 200)
    b = np.clip(a + rng.integers(-1, 2, 200), 0, 4)
    k = 5
    obs = np.zeros((k, k))
    np.add.at(obs, (a, b), 1)
    obs /= obs.sum()
    exp = np.outer(obs.sum(1), obs.sum(0))
    w = (np.subtract.outer(np.arange(k), np.arange(k)) ** 2) / (k - 1) ** 2
    cohen = 1 - (w * obs).sum() / (w * exp).sum()
    assert abs(qwk(a / 4, b / 4) - cohen) < 1e-12  # type: ignore[operator]
    assert qwk(a / 4, a / 4) == 1.0


def test_icc_a1_matches_shrout_and_fleiss_worked_example() -> None:
    # Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges; ICC(2,1) = 0.29
    m = np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]], float)
    assert abs(icc_a1(m) - 0.2898) < 5e-4  # type: ignore[operator]
    assert icc_a1(np.ones((5, 3))) is None  # no spread: not estimable, never a number


def test_a_planted_rubric_order_shift_is_recovered_and_nothing_planted_shows_none() -> None:
    items = answers(40)
    planted = {f"grade_shift:{REV}": 1.0}
    m = scale_metrics(graded(grader(**planted), items, "grader_scale")[0], 0, 400)
    assert m is not None and m["reference_format"] == "grader-rubric5"
    assert m["formats_skipped"] == ["grader-mtbench-single"]  # generate-only 1-10 in logprob mode: said, not hidden
    truth = np.mean(
        [expected_u(REV, meta={"gold": g}, **planted) - expected_u("grader-rubric5", meta={"gold": g}) for g in (1, -1)]
    )
    assert truth > 0.05
    assert _covers(m["order_shift"], truth) and m["order_shift"]["p_value"] < 0.01
    null = scale_metrics(graded(grader(), items, "grader_scale")[0], 0, 400)
    assert null is not None
    assert null["order_shift"]["p_value"] > 0.05 and null["order_agreement"]["value"] > m["order_agreement"]["value"]
    assert 0.9 < null["icc"]["value"] <= 1 and null["icc"]["n_formats"] == 4
    assert set(null["by_format"]) == {REV, "grader-letters", "grader-letters-reversed"}


def test_the_1_to_10_scale_runs_in_generate_mode() -> None:
    m = scale_metrics(graded(grader("generate"), answers(12), "grader_scale")[0], 0, 200)
    assert m is not None and m["formats_skipped"] == []
    assert "grader-mtbench-single" in m["by_format"] and m["scale_agreement"]["n"] == 12


def test_scale_use_of_a_grader_that_gives_one_grade_has_intervals_of_nonzero_width() -> None:
    m = scale_metrics(graded(grader(grade_gold=0.0, grade_noise=0.01), answers(20), "grader_scale")[0], 0, 200)
    assert m is not None
    assert m["top1_share"]["value"] == 1.0 and m["top1_share"]["ci"][0] < 1.0
    assert (
        m["entropy"]["value"] == 0.0
        and m["entropy"]["ci"] == [0.0, m["entropy"]["ci"][1]]
        and m["entropy"]["ci"][1] > 0
    )


def _length_truth(items: list, **planted: float) -> float:
    """The slope the estimator targets: least squares of the expected grade on log2(length) and the label."""
    y = np.array(
        [
            expected_u(
                "grader-passfail", meta={"gold": 1 if a.label == "pass" else -1, "length": len(a.response)}, **planted
            )
            for a in items
        ]
    )
    x = np.log2([len(a.response) for a in items])
    X = np.column_stack([np.ones(len(x)), x - x.mean(), [a.label == "pass" for a in items]])
    return float(np.linalg.lstsq(X, y, rcond=None)[0][1])


def test_a_planted_length_slope_is_recovered_and_nothing_planted_shows_none() -> None:
    items = varied_answers(80)
    planted = {"grade_length": 1.0, "grade_lenience": 1.0}
    m = length_metrics(graded(grader(**planted), items, "grader_known")[0])
    assert m is not None
    truth = _length_truth(items, **planted)
    assert truth > 0.03
    assert _covers(m["slope"], truth) and m["slope"]["p_value"] < 0.05
    null = length_metrics(graded(grader(grade_lenience=1.0), items, "grader_known")[0])
    assert null is not None and _covers(null["slope"], 0.0)


def test_a_perfect_fit_gets_an_interval_of_nonzero_width_and_equal_lengths_are_not_estimable() -> None:
    blind = length_metrics(
        graded(grader(grade_gold=0.0, grade_noise=0.01, grade_lenience=9.0), varied_answers(20), "grader_known")[0]
    )
    assert blind is not None
    lo, hi = blind["slope"]["ci"]
    assert lo < hi and blind["slope"]["p_value"] > 0
    rows = graded(grader(), answers(6), "grader_known")[0].assign(len_answer=50)
    flat = length_metrics(pd.DataFrame(rows))
    assert flat is not None and flat["slope"]["value"] is None and "lengths differ" in flat["slope"]["note"]
