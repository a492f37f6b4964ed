"""Logistic regression of a judge's choice with standard errors clustered by item.

Both orders (and padded variants, repeats) of one item are correlated, so coefficient intervals use
cluster-robust (by item) covariance. Deterministic judges separate the data perfectly (an "always
longer" judge has an infinite length coefficient): such terms are reported as undefined with the
direction, not as a large finite number with a meaningless interval.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from judgeaudit.stats.estimates import estimate

SEPARATED = 10.0  # |log-odds| beyond which a coefficient is treated as infinite (odds ratio > 20,000)


@dataclass
class LogitResult:
    """Fitted terms as metrics.json estimates, plus what was left out and why."""

    terms: dict[str, dict[str, Any]] = field(default_factory=dict)
    n: int = 0
    n_clusters: int = 0
    dropped: list[str] = field(default_factory=list)
    separation: bool = False
    note: str | None = None


def length_feature(len_a: Any, len_b: Any) -> tuple[np.ndarray, float | None]:
    """tanh(Δlen / sd(Δlen)) with Δlen = len_a − len_b, and the sd used (None when it is 0).

    The tanh keeps one very long response from dominating the fit (alpaca_eval's length-controlled
    GLM uses the same shape); +1 means response a is much longer.
    """
    delta = np.asarray(len_a, dtype=float) - np.asarray(len_b, dtype=float)
    sd = float(np.nanstd(delta, ddof=1)) if np.isfinite(delta).sum() > 1 else 0.0
    if not np.isfinite(sd) or sd <= 0:
        return np.zeros_like(delta), None
    return np.tanh(delta / sd), sd


def _independent_columns(X: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Keep columns that vary and add rank, in the given order; return (kept, dropped)."""
    kept: list[str] = []
    dropped: list[str] = []
    base = np.ones((len(X), 1))
    for col in X.columns:
        v = X[col].to_numpy(float)
        if np.nanstd(v) == 0:
            dropped.append(col)
            continue
        trial = np.column_stack([base, v])
        if np.linalg.matrix_rank(trial) > base.shape[1]:
            base = trial
            kept.append(col)
        else:
            dropped.append(col)
    return kept, dropped


def fit_logit(y: Any, X: pd.DataFrame, groups: Any, *, alpha: float = 0.05) -> LogitResult:
    """Fit P(y = 1) = σ(intercept + X·β) with SEs clustered by ``groups``.

    Constant or collinear columns are dropped (listed in ``dropped``), so a run without gold labels
    or with one family still fits the remaining terms. Needs both outcomes and ≥2 clusters.
    """
    from statsmodels.discrete.discrete_model import Logit

    y = np.asarray(y, dtype=float)
    codes, _ = pd.factorize(pd.Series(list(groups), dtype=object))
    res = LogitResult(n=int(len(y)), n_clusters=int(codes.max() + 1) if len(codes) else 0)
    if len(y) == 0 or y.min() == y.max():
        res.note = "the judge made the same choice every time (or no choices): no logit can be fitted"
        return res
    if res.n_clusters < 2:
        res.note = "fewer than two items: no cluster-robust interval"
        return res
    kept, res.dropped = _independent_columns(X)
    design = np.column_stack([np.ones(len(y)), X[kept].to_numpy(float)])
    names = ["intercept", *kept]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fit = Logit(y, design).fit(
                disp=0, maxiter=200, method="newton", cov_type="cluster", cov_kwds={"groups": codes}
            )
        except Exception as exc:  # statsmodels raises for singular designs / perfect prediction
            res.note = f"logit did not fit: {type(exc).__name__}: {exc}"
            res.separation = "separation" in str(exc).lower() or "singular" in str(exc).lower()
            return res
    params, bse = np.asarray(fit.params), np.asarray(fit.bse)
    ci = np.asarray(fit.conf_int(alpha))
    pvals = np.asarray(fit.pvalues)
    p_hat = np.asarray(fit.predict())
    res.separation = bool(np.any(np.abs(params) > SEPARATED) or np.mean((p_hat < 1e-6) | (p_hat > 1 - 1e-6)) > 0.5)
    for i, name in enumerate(names):
        if abs(params[i]) > SEPARATED or not np.isfinite(bse[i]):
            res.terms[name] = estimate(
                None,
                None,
                res.n,
                None,
                test=True,
                note="separation: the choice is (nearly) determined by this term",
                direction=int(np.sign(params[i])),
            )
        else:
            res.terms[name] = estimate(params[i], (ci[i, 0], ci[i, 1]), res.n, pvals[i], se=float(bse[i]))
    if res.separation:
        res.note = "(quasi-)separation: the judge's choices are nearly deterministic; infinite terms are None"
    return res
