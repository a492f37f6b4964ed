"""The clustered logit recovers planted coefficients and says when it cannot."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from judgeaudit.stats.regression import fit_logit, length_feature


def _planted(n_items: int = 600, beta: float = 0.8, seed: int = 0) -> tuple[np.ndarray, pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = np.repeat(rng.standard_normal(n_items), 2)  # two correlated judgments per item
    slot = np.tile([1.0, -1.0], n_items)
    y = (rng.random(2 * n_items) < 1 / (1 + np.exp(-(beta * x + 0.3 * slot)))).astype(float)
    return y, pd.DataFrame({"x": x, "slot": slot}), np.repeat(np.arange(n_items), 2)


def test_recovers_planted_coefficients_with_clustered_intervals() -> None:
    y, X, groups = _planted()
    fit = fit_logit(y, X, groups)
    assert fit.n == 1200 and fit.n_clusters == 600 and not fit.separation
    assert fit.terms["x"]["ci"][0] < 0.8 < fit.terms["x"]["ci"][1]
    assert fit.terms["slot"]["ci"][0] < 0.3 < fit.terms["slot"]["ci"][1]
    assert fit.terms["x"]["p_value"] < 1e-6


def test_constant_and_collinear_columns_are_dropped() -> None:
    y, X, groups = _planted()
    X = X.assign(gold=0.0, twice_x=2 * X["x"])
    fit = fit_logit(y, X, groups)
    assert fit.dropped == ["gold", "twice_x"]
    assert set(fit.terms) == {"intercept", "x", "slot"}


def test_perfect_separation_is_reported_not_estimated() -> None:
    x = np.tile([1.0, -1.0], 50)
    fit = fit_logit((x > 0).astype(float), pd.DataFrame({"x": x}), np.repeat(np.arange(50), 2))
    assert fit.separation and not fit.estimable
    assert fit.terms["x"]["value"] is None and fit.terms["x"]["direction"] == 1
    assert fit.terms["x"]["estimable"] is False and "separation" in fit.terms["x"]["note"]


def _nearly_always_first(n_items: int, exceptions: list[int]) -> tuple[np.ndarray, pd.DataFrame, np.ndarray]:
    """A judge that picks the first slot on every verdict but a few, with a length term to fit."""
    rng = np.random.default_rng(4)
    slot = np.tile([1.0, -1.0], n_items)
    length = np.repeat(np.tanh(rng.standard_normal(n_items)), 2) * slot
    y = (slot > 0).astype(float)
    y[exceptions] = 1 - y[exceptions]
    return y, pd.DataFrame({"length": length, "first_slot": slot}), np.repeat(np.arange(n_items), 2)


def test_quasi_separation_is_found_exactly_not_guessed_from_a_large_coefficient() -> None:
    # the two exceptions sit where the length term points the other way: first_slot with length separates
    y, X, groups = _nearly_always_first(4000, [])
    y[[0, 2]] = 0.0
    X.loc[[0, 2], "length"] = -1.0
    fit = fit_logit(y, X, groups)
    assert fit.separation and not fit.estimable


def test_a_nearly_deterministic_judge_is_not_estimable_even_without_separation() -> None:
    # 8,000 verdicts, two of them not the first slot: the sandwich built from two items would give a
    # "significant" length coefficient with a narrow interval; there is too little to estimate anything
    y, X, groups = _nearly_always_first(4000, [10, 4001])
    fit = fit_logit(y, X, groups)
    assert not fit.separation and not fit.estimable
    assert fit.information is not None and fit.information < 5
    assert all(t["value"] is None and t["estimable"] is False for t in fit.terms.values())
    assert "too little information" in (fit.note or "") and "nearly determine" in (fit.note or "")


def test_intervals_use_t_quantiles_on_items_minus_one() -> None:
    y, X, groups = _planted(n_items=60)
    term = fit_logit(y, X, groups).terms["x"]
    assert term["df"] == 59
    half = (term["ci"][1] - term["ci"][0]) / 2
    assert half == pytest.approx(sps.t.ppf(0.975, 59) * term["se"])


def test_one_outcome_only_cannot_be_fitted() -> None:
    fit = fit_logit(np.ones(10), pd.DataFrame({"x": np.arange(10.0)}), np.arange(10))
    assert fit.terms == {} and not fit.estimable and "same choice" in (fit.note or "")


def test_length_feature_scales_by_the_spread() -> None:
    feature, sd = length_feature([100, 300, 200], [200, 100, 200])
    assert sd == np.std([-100, 200, 0], ddof=1)
    assert feature[1] > 0 > feature[0] and feature[2] == 0
    assert length_feature([5, 5], [5, 5])[1] is None
