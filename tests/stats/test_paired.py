"""Paired differences clustered by item: McNemar's test, Newcombe's interval, and the design effect."""

from __future__ import annotations

import numpy as np
from statsmodels.stats.contingency_tables import mcnemar

from judgeaudit.stats.paired import design_effect, mcnemar_p, newcombe_paired, paired_difference
from judgeaudit.stats.rates import rate_estimate


def table(both: int, x_only: int, y_only: int, neither: int) -> tuple[np.ndarray, np.ndarray]:
    """Paired 0/1 outcomes with the given 2x2 cell counts."""
    x = np.array([1] * both + [1] * x_only + [0] * y_only + [0] * neither, float)
    y = np.array([1] * both + [0] * x_only + [1] * y_only + [0] * neither, float)
    return x, y


def test_mcnemar_on_one_pair_per_item_is_the_textbook_test() -> None:
    x, y = table(20, 11, 3, 30)
    want = mcnemar([[20, 11], [3, 30]], exact=False, correction=False).pvalue
    assert abs(mcnemar_p(np.arange(len(x)), x, y) - want) < 1e-12


def test_no_discordant_pair_gives_p_one_and_an_interval_of_nonzero_width() -> None:
    x, y = table(10, 0, 0, 30)
    est = paired_difference(np.arange(40), x, y)
    assert est["value"] == 0.0 and est["p_value"] == 1.0
    lo, hi = est["ci"]
    assert lo < 0 < hi and hi - lo > 0.1  # nothing changed in 40, which cannot rule out a few percent


def test_newcombe_interval_brackets_the_estimate_and_narrows_with_n() -> None:
    small = newcombe_paired(*table(14, 5, 0, 22))
    big = newcombe_paired(*table(140, 50, 0, 220))
    theta = 5 / 41
    assert small[0] < theta < small[1] and big[0] < theta < big[1]
    assert big[1] - big[0] < (small[1] - small[0]) / 2.5


def test_newcombe_interval_covers_the_true_difference_about_95_percent_of_the_time() -> None:
    rng = np.random.default_rng(7)
    p_both, p_x, p_y = 0.2, 0.15, 0.05  # P(x) = 0.35, P(y) = 0.25: the difference is 0.10
    covered = 0
    for _ in range(600):
        u = rng.random(80)
        x = (u < p_both + p_x).astype(float)
        y = ((u < p_both) | ((u >= p_both + p_x) & (u < p_both + p_x + p_y))).astype(float)
        lo, hi = newcombe_paired(x, y)
        covered += lo <= 0.10 <= hi
    assert 0.92 <= covered / 600 <= 0.985


def test_two_identical_copies_of_every_item_leave_the_interval_as_it_was() -> None:
    x, y = table(12, 9, 2, 17)
    units = np.arange(len(x))
    once = paired_difference(units, x, y)
    twice = paired_difference(np.concatenate([units, units]), np.concatenate([x, x]), np.concatenate([y, y]))
    assert twice["value"] == once["value"] and twice["n"] == 2 * once["n"]
    assert np.allclose(twice["ci"], once["ci"]) and abs(twice["p_value"] - once["p_value"]) < 1e-12


def test_the_design_effect_is_one_for_independent_units_and_two_for_duplicated_ones() -> None:
    rng = np.random.default_rng(0)
    v = (rng.random(200) < 0.3).astype(float)
    assert design_effect(np.arange(200), v) == 1.0
    assert abs(design_effect(np.repeat(np.arange(200), 2), np.repeat(v, 2)) - 2.0) < 1e-9


def test_a_rate_of_zero_keeps_the_wilson_width() -> None:
    est = rate_estimate(np.arange(20), np.zeros(20))
    assert est["value"] == 0.0 and est["ci"][0] == 0.0 and 0.1 < est["ci"][1] < 0.2 and est["n"] == 20


def test_both_orders_agreeing_on_every_item_count_as_items_not_judgments() -> None:
    # a likelihood judge: 4 items, both orders kept the verdict under the treatment (8 of 8 judgments)
    units = np.repeat(np.arange(4), 2)
    kept = rate_estimate(units, np.ones(8))
    assert kept["ci"][0] < 0.52  # Wilson on 4 items ([0.51, 1.00]), not on 8 judgments ([0.68, 1.00])
    x = np.ones(8)
    nothing_changed = paired_difference(units, x, x)
    assert nothing_changed["ci"][1] > 0.45  # no change seen in 4 items, not in 8 judgments
