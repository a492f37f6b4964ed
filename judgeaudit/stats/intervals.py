"""Intervals and tests: Wilson, exact binomial, cluster bootstrap by item, cluster-robust z, Holm.

One item yields several correlated judgments (two orders, padded variants, repeats), so any rate over
judgments is resampled by item. The bootstrap works on per-cluster sums: a statistic is a function of
column totals, and each resample's totals are ``counts @ sums`` where ``counts`` says how often each
cluster was drawn. That keeps 2,000 resamples of 10,000 judgments well under a second.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np
from scipy import stats as sps

Interval = tuple[float | None, float | None]
Stat = Callable[[np.ndarray], np.ndarray]

_Z95 = float(sps.norm.ppf(0.975))
_CELLS_PER_CHUNK = 2_000_000  # resamples × clusters drawn at once: bounds memory at ~16 MB


def wilson(k: float, n: float, alpha: float = 0.05) -> Interval:
    """Wilson score interval for k successes in n independent trials; (None, None) when n == 0."""
    if n <= 0:
        return None, None
    z = float(sps.norm.ppf(1 - alpha / 2))
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def binom_p(k: int, n: int, p: float = 0.5) -> float | None:
    """Two-sided exact binomial test of k successes in n trials against ``p``; None when n == 0."""
    if n <= 0:
        return None
    return float(sps.binomtest(int(k), int(n), p).pvalue)


def cluster_sums(clusters: np.ndarray | list, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sum the columns of ``values`` within each cluster.

    Returns ``(labels, sums)`` with ``sums`` of shape (n_clusters, n_columns), clusters in order of
    first appearance (so results do not depend on how labels sort).
    """
    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    codes, labels = _factorize(clusters)
    sums = np.zeros((len(labels), values.shape[1]))
    np.add.at(sums, codes, values)
    return labels, sums


def _factorize(clusters: np.ndarray | list) -> tuple[np.ndarray, np.ndarray]:
    import pandas as pd

    codes, labels = pd.factorize(pd.Series(list(clusters), dtype=object))
    return codes, np.asarray(labels, dtype=object)


def bootstrap_totals(sums: np.ndarray, n_boot: int, seed: int) -> np.ndarray:
    """Column totals of ``n_boot`` cluster resamples (with replacement), shape (n_boot, n_columns)."""
    sums = np.asarray(sums, dtype=float)
    n_clusters = sums.shape[0]
    rng = np.random.default_rng(seed)
    out = np.empty((n_boot, sums.shape[1]))
    chunk = max(1, _CELLS_PER_CHUNK // max(1, n_clusters))
    for start in range(0, n_boot, chunk):
        b = min(chunk, n_boot - start)
        idx = rng.integers(0, n_clusters, size=(b, n_clusters))
        flat = idx + n_clusters * np.arange(b)[:, None]
        counts = np.bincount(flat.ravel(), minlength=b * n_clusters).reshape(b, n_clusters)
        out[start : start + b] = counts.astype(float) @ sums  # a float matmul is ~5x an integer one
    return out


def bootstrap_ci(sums: np.ndarray, stat: Stat, *, n_boot: int = 2000, seed: int = 0, alpha: float = 0.05) -> Interval:
    """Percentile interval of ``stat(totals)`` over cluster resamples.

    ``stat`` maps an array of column totals (..., n_columns) to the statistic (...), vectorised.
    Resamples where the statistic is undefined (a zero denominator) are left out.
    """
    sums = np.asarray(sums, dtype=float)
    if sums.shape[0] == 0:
        return None, None
    with np.errstate(divide="ignore", invalid="ignore"):
        reps = np.asarray(stat(bootstrap_totals(sums, n_boot, seed)), dtype=float)
    reps = reps[np.isfinite(reps)]
    if reps.size == 0:
        return None, None
    lo, hi = np.percentile(reps, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return float(lo), float(hi)


def ratio(totals: np.ndarray) -> np.ndarray:
    """Column 0 total over column 1 total: the statistic of a rate."""
    return totals[..., 0] / totals[..., 1]


def rate_ci(sums: np.ndarray, *, n_boot: int = 2000, seed: int = 0) -> Interval:
    """Interval for a rate with per-cluster (successes, trials) sums.

    Wilson when every cluster holds at most one trial (independent units), else a cluster bootstrap.
    """
    sums = np.asarray(sums, dtype=float)
    if sums.shape[0] == 0 or sums[:, 1].sum() == 0:
        return None, None
    if sums[:, 1].max() <= 1:
        return wilson(sums[:, 0].sum(), sums[:, 1].sum())
    return bootstrap_ci(sums, ratio, n_boot=n_boot, seed=seed)


def _z_p(value: float, var: float) -> float | None:
    if not np.isfinite(value) or not np.isfinite(var):
        return None
    if var <= 0:
        return 1.0 if value == 0 else 0.0
    return float(2 * sps.norm.sf(abs(value) / math.sqrt(var)))


def ratio_test(sums: np.ndarray, p0: float = 0.5) -> float | None:
    """Cluster-robust z test of a rate (per-cluster successes, trials) against ``p0``.

    Linearised (delta-method) variance of a ratio estimator with clusters as units, with the
    small-sample factor C/(C−1).
    """
    sums = np.asarray(sums, dtype=float)
    c = sums.shape[0]
    n = sums[:, 1].sum()
    if c < 2 or n == 0:
        return None
    r = sums[:, 0].sum() / n
    infl = (sums[:, 0] - r * sums[:, 1]) / n
    return _z_p(r - p0, c / (c - 1) * float(np.sum(infl**2)))


def diff_test(sums: np.ndarray) -> tuple[float | None, float | None]:
    """Difference of two rates, columns (k1, n1, k2, n2) per cluster: (value, cluster-robust p)."""
    sums = np.asarray(sums, dtype=float)
    c = sums.shape[0]
    k1, n1, k2, n2 = sums.sum(axis=0)
    if n1 == 0 or n2 == 0:
        return None, None
    r1, r2 = k1 / n1, k2 / n2
    if c < 2:
        return float(r1 - r2), None
    infl = (sums[:, 0] - r1 * sums[:, 1]) / n1 - (sums[:, 2] - r2 * sums[:, 3]) / n2
    return float(r1 - r2), _z_p(r1 - r2, c / (c - 1) * float(np.sum(infl**2)))


def diff_of_ratios(totals: np.ndarray) -> np.ndarray:
    """k1/n1 − k2/n2 from totals (k1, n1, k2, n2): the statistic of a rate gap."""
    return totals[..., 0] / totals[..., 1] - totals[..., 2] / totals[..., 3]


def holm(pvalues: Mapping[str, float | None]) -> dict[str, float | None]:
    """Holm step-down adjusted p-values (family-wise error), keys preserved; None stays None."""
    keys = [k for k, p in pvalues.items() if p is not None and np.isfinite(p)]
    order = sorted(keys, key=lambda k: (pvalues[k], k))
    m = len(order)
    adjusted: dict[str, float | None] = {k: None for k in pvalues}
    running = 0.0
    for i, key in enumerate(order):
        p = float(pvalues[key])  # type: ignore[arg-type]
        running = max(running, min(1.0, (m - i) * p))
        adjusted[key] = running
    return adjusted
