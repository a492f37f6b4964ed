"""Logistic regression of a judge's choice with standard errors clustered by item, or a reason it has none.

Both orders (and padded variants, repeats) of one item are correlated, so coefficient intervals use the
cluster-robust (by item) sandwich with the usual small-sample factor and t quantiles on G − 1 degrees of
freedom (G items; Cameron & Miller 2015). A logit is only as good as the choices that went the other way:

- Separation (a combination of terms predicts every choice; Albert & Anderson 1984) means no finite
  maximum-likelihood estimate exists. It is found exactly, by the linear program of Konis (2007), not
  guessed from a large coefficient.
- Near separation the fit rests on the few verdicts it cannot predict, and the sandwich variance, built from
  them alone, is far too small (an "always first" judge with two exceptions in 8,000 verdicts gave a length
  coefficient of +2.3 [2.2, 2.4] with p printed as 0). What a logit learns from is its binomial information
  Σ p̂(1 − p̂): never more than the minority count, half of it when choices split evenly, far less when the
  terms predict them. A fit is reported only with ``INFO_PER_TERM`` of it per slope term: the rule of ten
  events per variable (Peduzzi et al. 1996) with events counted that way, which is that rule for a rare
  outcome and twice as strict for an even one. With half as much, cells of the benchmark in
  docs/validity.md covered as little as 84%.

Either way every term is reported as not estimable (value None, ``estimable: false``) with the reason, and
the vetting gate calls such a check INCONCLUSIVE, never PASS or FAIL.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps
from scipy.special import expit

from judgeaudit.contracts.estimate import Estimate, estimate
from judgeaudit.stats.intervals import floor_p

INFO_PER_TERM = 10.0  # Σ p̂(1 − p̂) needed per slope term: the rule of ten events per variable, given the terms
_LP_TOL = 1e-7
_ETA_MAX = 15.0  # |linear predictor| beyond which a fitted probability is within 3e-7 of 0 or 1


@dataclass
class LogitResult:
    """Fitted terms as metrics.json estimates, plus what was left out and why."""

    terms: dict[str, Estimate] = field(default_factory=dict)
    n: int = 0
    n_clusters: int = 0
    dropped: list[str] = field(default_factory=list)
    separation: bool = False
    estimable: bool = True
    note: str | None = None
    information: float | None = None  # Σ p̂(1 − p̂): verdicts' worth of uncertainty the fit rests on


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


def separating_direction(y: np.ndarray, design: np.ndarray) -> np.ndarray | None:
    """A direction b with (2y − 1)·Xb ≥ 0 for every row and > 0 for some, or None when none exists.

    Such a b means (quasi-)complete separation: the likelihood keeps rising along it, so no finite
    maximum exists (Konis 2007: maximise Σ(2y − 1)·Xb over the box |b| ≤ 1 under those constraints).
    """
    from scipy.optimize import linprog

    signed = (2 * y - 1)[:, None] * design
    scale = np.abs(signed).max(axis=0)
    scale[scale == 0] = 1.0
    signed = signed / scale
    res = linprog(
        -signed.sum(axis=0), A_ub=-signed, b_ub=np.zeros(len(y)), bounds=[(-1, 1)] * design.shape[1], method="highs"
    )
    if res.status != 0 or -res.fun <= _LP_TOL * len(y):
        return None
    b = np.asarray(res.x) / scale
    return np.where(np.abs(res.x) > 1e-6, b, 0.0)


def _newton(y: np.ndarray, design: np.ndarray, maxiter: int = 100) -> tuple[np.ndarray, bool]:
    """Maximum-likelihood logit by Newton's method with step halving; (coefficients, converged)."""
    beta = np.zeros(design.shape[1])

    def loglik(b: np.ndarray) -> float:
        eta = design @ b
        return float(np.sum(y * eta - np.logaddexp(0.0, eta)))

    ll = loglik(beta)
    for _ in range(maxiter):
        p = expit(design @ beta)
        grad = design.T @ (y - p)
        info = design.T @ (design * (p * (1 - p))[:, None])
        try:
            step = np.linalg.solve(info, grad)
        except np.linalg.LinAlgError:
            return beta, False
        t = 1.0
        while t > 1e-8:
            new = beta + t * step
            new_ll = loglik(new)
            if new_ll >= ll - 1e-12:
                break
            t /= 2
        beta, done = new, abs(new_ll - ll) < 1e-10 and float(np.max(np.abs(t * step))) < 1e-8
        ll = new_ll
        if done:
            return beta, True
    return beta, False


def _cluster_cov(y: np.ndarray, design: np.ndarray, beta: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Cluster-robust sandwich with the small-sample factor G/(G−1)·(N−1)/(N−K) (CR1)."""
    n, k = design.shape
    p = expit(design @ beta)
    bread = np.linalg.inv(design.T @ (design * (p * (1 - p))[:, None]))
    g = int(codes.max()) + 1
    scores = np.zeros((g, k))
    np.add.at(scores, codes, design * (y - p)[:, None])
    meat = scores.T @ scores
    factor = g / (g - 1) * (n - 1) / max(n - k, 1)
    return np.asarray(factor * bread @ meat @ bread)


def _not_estimable(res: LogitResult, names: list[str], note: str, direction: np.ndarray | None = None) -> None:
    res.estimable = False
    res.note = note
    for i, name in enumerate(names):
        extra: dict[str, Any] = {"estimable": False}
        if direction is not None:
            extra["direction"] = int(np.sign(direction[i]))
        res.terms[name] = estimate(None, None, res.n, None, test=True, note=note, **extra)


def fit_logit(y: Any, X: pd.DataFrame, groups: Any, *, alpha: float = 0.05) -> LogitResult:
    """Fit P(y = 1) = σ(intercept + X·β) with SEs clustered by ``groups``, or say why it cannot be fitted.

    Constant or collinear columns are dropped (listed in ``dropped``), so a run without gold labels
    or with one family still fits the remaining terms. Needs both outcomes, ≥2 clusters, no separation and
    ``INFO_PER_TERM`` of binomial information per slope term.
    """
    y = np.asarray(y, dtype=float)
    codes, _ = pd.factorize(pd.Series(list(groups), dtype=object))
    res = LogitResult(n=int(len(y)), n_clusters=int(codes.max() + 1) if len(codes) else 0)
    if len(y) == 0 or y.min() == y.max():
        res.estimable = False
        res.note = "the judge made the same choice every time (or no choices): no logit can be fitted"
        return res
    if res.n_clusters < 2:
        res.estimable = False
        res.note = "fewer than two items: no cluster-robust interval"
        return res
    kept, res.dropped = _independent_columns(X)
    design = np.column_stack([np.ones(len(y)), X[kept].to_numpy(float)])
    names = ["intercept", *kept]
    beta, converged = _newton(y, design)
    # a finite maximum with no fitted probability at 0 or 1 rules separation out; otherwise ask the LP
    if not converged or float(np.max(np.abs(design @ beta))) > _ETA_MAX:
        direction = separating_direction(y, design)
        if direction is not None:
            res.separation = True
            which = [n for n, b in zip(names, direction) if b != 0 and n != "intercept"] or ["intercept"]
            verb = "determines" if len(which) == 1 else "determine"
            _not_estimable(
                res,
                names,
                f"separation: {' and '.join(which)} {verb} every choice, so the logit has no finite estimate",
                direction,
            )
            return res
    if not converged:
        _not_estimable(res, names, "the logit did not converge")
        return res
    p_hat = expit(design @ beta)
    info = res.information = float(np.sum(p_hat * (1 - p_hat)))
    need = INFO_PER_TERM * max(1, len(kept))
    if info < need:
        _not_estimable(
            res,
            names,
            f"too little information for {len(kept)} term(s): the fit holds about {info:.1f} verdicts' worth of "
            f"uncertainty, under the {need:g} they need (too few pairs, or choices the terms nearly determine)",
        )
        return res
    cov = _cluster_cov(y, design, beta, codes)
    se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
    df = res.n_clusters - 1
    q = float(sps.t.ppf(1 - alpha / 2, df))
    for i, name in enumerate(names):
        if not se[i] > 0 or not math.isfinite(se[i]):
            res.terms[name] = estimate(
                None, None, res.n, None, test=True, estimable=False, note="no variation left to estimate this term"
            )
            continue
        t = beta[i] / se[i]
        p = floor_p(float(2 * sps.t.sf(abs(t), df)))
        res.terms[name] = estimate(
            beta[i], (beta[i] - q * se[i], beta[i] + q * se[i]), res.n, p, se=float(se[i]), df=df
        )
    return res
