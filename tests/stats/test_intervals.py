"""Intervals, tests and the multiple-testing adjustment against independent references and at the edges."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from judgeaudit.stats.bootstrap import bootstrap_ci, bootstrap_totals, ratio
from judgeaudit.stats.intervals import (
    P_FLOOR,
    binom_p,
    cluster_sums,
    diff_ci,
    diff_test,
    difference,
    holm,
    rate,
    rate_ci,
    rate_test,
    wilson,
)


def clusters(hits_per_item: list[float], size: float = 2.0) -> np.ndarray:
    """Per-item (successes, trials) sums, every item of ``size`` judgments."""
    return np.column_stack([hits_per_item, np.full(len(hits_per_item), size)])


@pytest.mark.parametrize(("k", "n"), [(0, 10), (5, 10), (10, 10), (37, 120)])
def test_wilson_matches_statsmodels(k: int, n: int) -> None:
    assert wilson(k, n) == pytest.approx(proportion_confint(k, n, method="wilson"))


@pytest.mark.parametrize(("k", "n"), [(0, 14), (7, 14), (14, 14), (37, 120)])
def test_independent_units_get_plain_wilson(k: int, n: int) -> None:
    # one judgment per item: the design effect is 1 and the interval is Wilson's
    sums = clusters([1.0] * k + [0.0] * (n - k), size=1.0)
    assert rate_ci(sums) == pytest.approx(proportion_confint(k, n, method="wilson"))


def test_fewer_than_five_hits_get_the_exact_bound_on_their_side() -> None:
    # 3 of 14: Wilson's lower end (0.076) is too close at the edge; Clopper-Pearson's (0.047) replaces it,
    # the far side stays Wilson's, and the test still rejects exactly outside the interval
    sums = clusters([1.0] * 3 + [0.0] * 11, size=1.0)
    lo, hi = rate_ci(sums)
    assert lo == pytest.approx(proportion_confint(3, 14, method="beta")[0])
    assert hi == pytest.approx(proportion_confint(3, 14, method="wilson")[1])
    assert rate_test(sums, lo) == pytest.approx(0.05, abs=1e-6)


def test_wilson_without_trials_is_undefined() -> None:
    assert wilson(0, 0) == (None, None)
    assert rate_ci(np.zeros((0, 2))) == (None, None)


def test_binomial_p_is_exact_and_never_zero() -> None:
    assert binom_p(20, 20) == pytest.approx(2 * 0.5**20)
    assert binom_p(3, 10) == pytest.approx(sps.binomtest(3, 10).pvalue)
    assert binom_p(0, 0) is None
    assert binom_p(5000, 5000) == P_FLOOR > 0


def test_identical_clusters_at_one_keep_the_width_of_their_items() -> None:
    # 14 items judged in both orders by an "always first" judge: 28 of 28, but only 14 independent items
    r = rate(clusters([2.0] * 14))
    assert r is not None and r.degenerate
    lo, hi = r.interval()
    assert (lo, hi) == pytest.approx(wilson(14, 14))
    assert 0.78 < lo < 0.79 and hi == 1.0
    p = r.p_value(0.5)
    assert 0 < p < 0.001


def test_identical_clusters_inside_the_range_are_not_zero_width() -> None:
    # every item one hit of two (a consistent judge's first-slot choices): the rate is 0.5 in every item
    lo, hi = rate_ci(clusters([1.0] * 30))
    assert lo < 0.5 < hi and hi - lo > 0.05
    assert rate_test(clusters([1.0] * 30), 0.5) == 1.0


def test_clustered_judgments_widen_the_interval() -> None:
    # 200 items, both judgments of an item identical: the effective sample is 200, not 400
    rng = np.random.default_rng(3)
    y = (rng.random(200) < 0.5).astype(float)
    lo, hi = rate_ci(clusters(list(2 * y)))
    w_lo, w_hi = wilson(2 * y.sum(), 400)
    assert (hi - lo) > 1.3 * (w_hi - w_lo)
    assert (lo, hi) == pytest.approx(wilson(y.sum(), 200), abs=0.003)


@pytest.mark.parametrize("p0", [0.3, 0.45, 0.5, 0.62, 0.7])
def test_the_test_rejects_exactly_where_the_interval_excludes_the_null(p0: float) -> None:
    rng = np.random.default_rng(5)
    sums = clusters(list(rng.integers(0, 3, 60).astype(float)))
    lo, hi = rate_ci(sums)
    p = rate_test(sums, p0)
    assert p is not None and (p < 0.05) == (not lo <= p0 <= hi)


def test_p_values_are_never_exactly_zero() -> None:
    assert rate_test(clusters([2.0] * 4000 + [1.0] * 2), 0.5) == P_FLOOR
    assert rate_test(clusters([2.0] * 3000), 0.5) > 0
    _, p = diff_test(np.tile([2.0, 2.0, 0.0, 2.0], (3000, 1)))
    assert p is not None and p > 0


def test_rate_test_is_centred_on_the_null() -> None:
    sums = clusters([1.0] * 50 + [0.0] * 50, size=1.0)
    assert rate_test(sums, 0.5) == pytest.approx(1.0)
    p = rate_test(sums, 0.3)
    assert p is not None and p < 0.001


def test_difference_of_independent_rates_is_newcombes_hybrid_score_interval() -> None:
    # Newcombe (1998), Stat Med 17:873, example 56/70 − 48/80: method 10 gives 0.0524 to 0.3339
    first = np.column_stack([np.r_[np.ones(56), np.zeros(14)], np.ones(70), np.zeros(70), np.zeros(70)])
    second = np.column_stack([np.zeros(80), np.zeros(80), np.r_[np.ones(48), np.zeros(32)], np.ones(80)])
    lo, hi = diff_ci(np.vstack([first, second]))
    assert (lo, hi) == pytest.approx((0.0524, 0.3339), abs=5e-5)


def test_paired_rates_use_their_correlation() -> None:
    # the same items in both groups, strongly correlated: a narrower interval than for independent groups
    rng = np.random.default_rng(7)
    base = (rng.random(150) < 0.4).astype(float)
    other = np.where(rng.random(150) < 0.9, base, 1 - base)
    paired = difference(np.column_stack([base, np.ones(150), other, np.ones(150)]))
    assert paired is not None and paired.corr > 0.6
    lo, hi = paired.interval()
    apart = np.vstack(
        [
            np.column_stack([base, np.ones(150), np.zeros(150), np.zeros(150)]),
            np.column_stack([np.zeros(150), np.zeros(150), other, np.ones(150)]),
        ]
    )
    lo2, hi2 = diff_ci(apart)
    assert hi - lo < 0.7 * (hi2 - lo2)


def test_difference_at_the_edges_is_not_zero_width() -> None:
    # a judge that always picks its own family: right every time when own is better, never otherwise
    sums = np.column_stack([np.ones(14), np.ones(14), np.zeros(14), np.ones(14)])
    d = difference(sums)
    assert d is not None and d.value == 1.0
    lo, hi = d.interval()
    assert 0.6 < lo < 0.75 and hi == 1.0  # each rate bounded as 14 items, combined (t, 13 df: paired)
    assert 0 < d.p_value() < 1e-3


def test_diff_test_of_equal_rates_is_null() -> None:
    sums = np.tile([1.0, 2.0, 1.0, 2.0], (40, 1))
    value, p = diff_test(sums)
    assert value == 0.0 and p == 1.0


def test_holm_matches_statsmodels_and_keeps_missing() -> None:
    ps = {"a": 0.01, "b": 0.04, "c": 0.03, "d": 0.5, "e": None}
    ref = multipletests([0.01, 0.04, 0.03, 0.5], method="holm")[1]
    got = holm(ps)
    assert [got[k] for k in "abcd"] == pytest.approx(list(ref))
    assert got["e"] is None


def _clustered_null(rng: np.random.Generator, n_clusters: int = 150) -> np.ndarray:
    """(k1, n1, k2, n2) per item: two correlated judgments in each group, same rate in both groups."""
    item_effect = rng.normal(0, 1.0, n_clusters)
    p = 1 / (1 + np.exp(-item_effect))
    group1 = rng.random(n_clusters) < 0.5
    hits = (rng.random((n_clusters, 2)) < p[:, None]).sum(axis=1).astype(float)
    twos = np.full(n_clusters, 2.0)
    return np.column_stack([hits * group1, twos * group1, hits * ~group1, twos * ~group1])


def test_clustered_tests_hold_their_level_under_the_null() -> None:
    rng = np.random.default_rng(11)
    diff_rej, rate_rej = [], []
    for _ in range(400):
        sums = _clustered_null(rng)
        diff_rej.append(diff_test(sums)[1] < 0.05)
        # the pooled rate has mean 0.5 by symmetry of the item effects
        rate_rej.append(rate_test(sums[:, [0, 1]] + sums[:, [2, 3]], 0.5) < 0.05)
    assert 0.02 <= np.mean(diff_rej) <= 0.09
    assert 0.02 <= np.mean(rate_rej) <= 0.09


def test_the_interval_covers_a_clustered_rate() -> None:
    rng = np.random.default_rng(12)
    covered = []
    for _ in range(300):
        sums = _clustered_null(rng)
        lo, hi = rate_ci(sums[:, [0, 1]] + sums[:, [2, 3]])
        covered.append(lo <= 0.5 <= hi)
    assert 0.92 <= np.mean(covered) <= 0.98


def test_cluster_sums_keep_first_appearance_order() -> None:
    labels, sums = cluster_sums(["x", "y", "x"], np.array([[1, 1], [0, 1], [1, 1]]))
    assert list(labels) == ["x", "y"]
    assert sums.tolist() == [[2, 2], [0, 1]]


def test_bootstrap_is_seeded() -> None:
    sums = np.random.default_rng(0).random((50, 2))
    assert np.array_equal(bootstrap_totals(sums, 100, 1), bootstrap_totals(sums, 100, 1))
    assert not np.array_equal(bootstrap_totals(sums, 100, 1), bootstrap_totals(sums, 100, 2))


def test_bootstrap_resamples_whole_clusters() -> None:
    # every cluster holds 2 trials, so any resample of 30 clusters holds exactly 60
    sums = np.column_stack([np.random.default_rng(1).integers(0, 3, 30), np.full(30, 2)])
    assert set(bootstrap_totals(sums, 200, 0)[:, 1]) == {60.0}


def test_bootstrap_interval_matches_binomial_spread_for_independent_units() -> None:
    rng = np.random.default_rng(2)
    y = (rng.random(400) < 0.3).astype(float)
    lo, hi = bootstrap_ci(np.column_stack([y, np.ones(400)]), ratio, n_boot=2000, seed=0)
    w_lo, w_hi = wilson(y.sum(), 400)
    assert lo == pytest.approx(w_lo, abs=0.01) and hi == pytest.approx(w_hi, abs=0.01)


def test_a_bootstrap_without_spread_reports_no_interval() -> None:
    assert bootstrap_ci(clusters([2.0] * 14), ratio, n_boot=200) == (None, None)


@pytest.mark.parametrize("p", [0.01, 0.5, 0.99])
@pytest.mark.parametrize("items", [10, 100])
def test_each_side_misses_at_most_its_share_at_the_edges(p: float, items: int) -> None:
    # two judgments per item, correlation 0.9 (both share one draw 90% of the time): before the edge rule a
    # true 0.01 fell below the interval 8.6% of the time at 10 items and 7.1% at 100 (nominal 2.5% a side)
    rng = np.random.default_rng(int(p * 100) + items)
    reps, below, above = 800, 0, 0
    for _ in range(reps):
        u = rng.random(items) < p
        same = rng.random(items) < 0.9
        a = np.where(same, u, rng.random(items) < p)
        b = np.where(same, u, rng.random(items) < p)
        lo, hi = rate_ci(np.column_stack([a.astype(float) + b, np.full(items, 2.0)]))
        below += p < lo
        above += p > hi
    assert below / reps <= 0.035 and above / reps <= 0.035, (below / reps, above / reps)
    if p == 0.5:  # and the middle keeps its width: not an interval widened everywhere
        assert (below + above) / reps >= 0.02


def test_the_exact_edge_bound_holds_far_into_the_tail() -> None:
    """A p-value inverted far out asks for tails scipy cannot invert (it warns and answers 1.96e-33 where the
    quantile is 2.19e-67, or NaN): there the bound follows the tail's power law, with no warning."""
    import warnings

    import scipy.stats as sps

    from judgeaudit.stats.intervals import FAR_TAIL, beta_high, beta_low

    for q, a, b in ((0.025, 2.5, 9.0), (1e-6, 0.4, 30.0), (1e-40, 4.9, 3000.0)):
        assert beta_low(q, a, b) == sps.beta.ppf(q, a, b)  # scipy itself where it works
        assert beta_high(q, b, a) == sps.beta.isf(q, b, a)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        far = beta_low(3.810597246960905e-198, 3.0, 12.0)
        assert abs(far / 2.1875797e-67 - 1) < 1e-6
        # the power law meets scipy at the switch, and the bounds move the right way past it
        assert abs(beta_low(FAR_TAIL * (1 - 1e-12), 2.0, 40.0) / sps.beta.ppf(FAR_TAIL, 2.0, 40.0) - 1) < 1e-9
        lows = [beta_low(q, 1.5, 20.0) for q in (1e-90, 1e-200, 1e-300, 0.0)]
        assert lows == sorted(lows, reverse=True) and lows[-1] == 0.0
        highs = [beta_high(q, 20.0, 1.5) for q in (1e-90, 1e-200, 0.0)]
        assert all(0.0 < h <= 1.0 for h in highs) and highs[-1] == 1.0
