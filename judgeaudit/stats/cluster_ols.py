"""Least squares with standard errors clustered by unit, for the grader slopes and contrasts.

A grade on [0, 1] regressed on a few terms (length, a label, an own-family indicator): the coefficient of
one term with the cluster jackknife (CR3) variance, (G − 1)/G · Σ (b₋g − mean)², and a t interval on G − 1
degrees of freedom (G clusters; Cameron & Miller 2015: with few clusters CR1 is liberal).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from judgeaudit.contracts.estimate import Estimate, empty, estimate
from judgeaudit.stats.intervals import floor_p


def cluster_ols(
    y: np.ndarray, X: np.ndarray, units: np.ndarray, term: int, *, floor_se: float, note: str, **extra: Any
) -> Estimate:
    """Coefficient ``term`` of y on X (X holds the intercept), CR3 (cluster jackknife) interval and t test against 0.

    ``floor_se``: the standard error reported for a perfect fit (no residual at all; what one grade one step
    off would move the coefficient by), so it never gets an interval of zero width. Not estimable (``note``)
    with fewer than three clusters, or with X not of full rank.
    """
    n, k = X.shape
    codes, uniq = pd.factorize(pd.Series(units, dtype=object))
    g = len(uniq)
    if n <= k or g < 3 or np.linalg.matrix_rank(X) < k:
        return empty(n, test=True, note=note, **extra)
    xtx_inv = np.linalg.inv(X.T @ X)
    beta = xtx_inv @ X.T @ y
    # CR3: the jackknife over clusters (each left out in turn), the small-sample choice of Cameron & Miller;
    # CR1 was liberal on the length slope with 40 answers (84-93% coverage in benchmarks/graders_validity.py)
    jack = []
    for c in range(g):
        keep = codes != c
        if np.linalg.matrix_rank(X[keep]) < k:
            continue
        jack.append(float(np.linalg.lstsq(X[keep], y[keep], rcond=None)[0][term]))
    jk = np.asarray(jack)
    se = float(np.sqrt((len(jk) - 1) / len(jk) * ((jk - jk.mean()) ** 2).sum())) if len(jk) > 1 else 0.0
    if se <= 1e-12:  # a perfect fit: no residual left to estimate the error from
        se = floor_se
    t = float(sps.t.ppf(0.975, g - 1))
    b = float(beta[term])
    p = floor_p(float(2 * sps.t.sf(abs(b) / se, g - 1)))
    return estimate(b, (b - t * se, b + t * se), n, p, n_items=g, **extra)
