"""The clustered logit recovers planted coefficients and says when it cannot."""

from __future__ import annotations

import numpy as np
import pandas as pd

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
    assert fit.separation
    assert fit.terms["x"]["value"] is None and fit.terms["x"]["direction"] == 1


def test_one_outcome_only_cannot_be_fitted() -> None:
    fit = fit_logit(np.ones(10), pd.DataFrame({"x": np.arange(10.0)}), np.arange(10))
    assert fit.terms == {} and "same choice" in (fit.note or "")


def test_length_feature_scales_by_the_spread() -> None:
    feature, sd = length_feature([100, 300, 200], [200, 100, 200])
    assert sd == np.std([-100, 200, 0], ddof=1)
    assert feature[1] > 0 > feature[0] and feature[2] == 0
    assert length_feature([5, 5], [5, 5])[1] is None
