"""Intervals, tests and the multiple-testing adjustment against independent references."""

from __future__ import annotations

import time

import numpy as np
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from judgeaudit.stats.intervals import (
    binom_p,
    bootstrap_ci,
    bootstrap_totals,
    cluster_sums,
    diff_test,
    holm,
    rate_ci,
    ratio,
    ratio_test,
    wilson,
)


@pytest.mark.parametrize(("k", "n"), [(0, 10), (5, 10), (10, 10), (37, 120)])
def test_wilson_matches_statsmodels(k: int, n: int) -> None:
    assert wilson(k, n) == pytest.approx(proportion_confint(k, n, method="wilson"))


def test_wilson_without_trials_is_undefined() -> None:
    assert wilson(0, 0) == (None, None)


def test_binomial_p_is_exact() -> None:
    assert binom_p(20, 20) == pytest.approx(2 * 0.5**20)
    assert binom_p(3, 10) == pytest.approx(sps.binomtest(3, 10).pvalue)
    assert binom_p(0, 0) is None


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


def test_clustered_judgments_widen_the_interval() -> None:
    # 200 items, both judgments of an item identical: the effective sample is 200, not 400
    rng = np.random.default_rng(3)
    y = (rng.random(200) < 0.5).astype(float)
    lo, hi = rate_ci(np.column_stack([2 * y, np.full(200, 2.0)]), n_boot=2000, seed=0)
    w_lo, w_hi = wilson(2 * y.sum(), 400)
    assert (hi - lo) > 1.3 * (w_hi - w_lo)


def test_bootstrap_of_ten_thousand_judgments_is_fast() -> None:
    sums = np.column_stack([np.random.default_rng(4).integers(0, 3, 5000), np.full(5000, 2)])
    t0 = time.perf_counter()
    bootstrap_ci(sums, ratio, n_boot=2000, seed=0)
    assert time.perf_counter() - t0 < 3.0


def test_ratio_test_is_centred_on_the_null() -> None:
    sums = np.column_stack([np.r_[np.ones(50), np.zeros(50)], np.ones(100)])
    assert ratio_test(sums, 0.5) == pytest.approx(1.0)
    assert ratio_test(sums, 0.3) < 0.001


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


def test_cluster_robust_tests_hold_their_level_under_the_null() -> None:
    rng = np.random.default_rng(11)
    diff_rej, ratio_rej = [], []
    for _ in range(400):
        sums = _clustered_null(rng)
        diff_rej.append(diff_test(sums)[1] < 0.05)
        # the pooled rate has mean 0.5 by symmetry of the item effects
        ratio_rej.append(ratio_test(sums[:, [0, 1]] + sums[:, [2, 3]], 0.5) < 0.05)
    assert 0.02 <= np.mean(diff_rej) <= 0.09
    assert 0.02 <= np.mean(ratio_rej) <= 0.09


def test_cluster_bootstrap_covers_a_clustered_rate() -> None:
    rng = np.random.default_rng(12)
    covered = []
    for _ in range(150):
        sums = _clustered_null(rng)
        pooled = sums[:, [0, 1]] + sums[:, [2, 3]]
        lo, hi = bootstrap_ci(pooled, ratio, n_boot=400, seed=int(rng.integers(1 << 30)))
        covered.append(lo <= 0.5 <= hi)
    assert 0.89 <= np.mean(covered) <= 0.99
