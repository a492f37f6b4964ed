"""Cluster bootstrap by item, for the statistics no closed form fits (kappa, spreads, ECE, AUROC).

The bootstrap works on per-cluster sums: a statistic is a function of column totals, and each
resample's totals are ``counts @ sums`` where ``counts`` says how often each cluster was drawn. That keeps
2,000 resamples of 10,000 judgments well under a second. A bootstrap of clusters that all look alike has
no spread; such an interval is not reported (None), never as zero width.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from judgeaudit.stats.intervals import Interval

Stat = Callable[[np.ndarray], np.ndarray]

_CELLS_PER_CHUNK = 2_000_000  # resamples × clusters drawn at once: bounds memory at ~16 MB


def resample_counts(n_clusters: int, n_boot: int, seed: int) -> Iterator[np.ndarray]:
    """Chunks of cluster-resample counts (resamples × clusters, float): how often each cluster was drawn."""
    rng = np.random.default_rng(seed)
    chunk = max(1, _CELLS_PER_CHUNK // max(1, n_clusters))
    for start in range(0, n_boot, chunk):
        b = min(chunk, n_boot - start)
        idx = rng.integers(0, n_clusters, size=(b, n_clusters))
        flat = idx + n_clusters * np.arange(b)[:, None]
        yield np.bincount(flat.ravel(), minlength=b * n_clusters).reshape(b, n_clusters).astype(float)


def bootstrap_totals(sums: np.ndarray, n_boot: int, seed: int) -> np.ndarray:
    """Column totals of ``n_boot`` cluster resamples (with replacement), shape (n_boot, n_columns)."""
    sums = np.asarray(sums, dtype=float)
    # a float matmul is ~5x an integer one
    return np.concatenate([c @ sums for c in resample_counts(sums.shape[0], n_boot, seed)])


def percentile(reps: np.ndarray, alpha: float = 0.05) -> Interval:
    """Percentile interval of finite replicates; (None, None) when they have no spread."""
    reps = np.asarray(reps, dtype=float)
    reps = reps[np.isfinite(reps)]
    if reps.size == 0:
        return None, None
    lo, hi = np.percentile(reps, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    if not hi > lo:
        return None, None
    return float(lo), float(hi)


def bootstrap_reps(sums: np.ndarray, stat: Stat, *, n_boot: int = 2000, seed: int = 0) -> np.ndarray:
    """``stat`` of each cluster resample's totals (NaN where it is undefined, e.g. a zero denominator)."""
    sums = np.asarray(sums, dtype=float)
    if sums.shape[0] == 0:
        return np.empty(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.asarray(stat(bootstrap_totals(sums, n_boot, seed)), dtype=float)


def bootstrap_ci(sums: np.ndarray, stat: Stat, *, n_boot: int = 2000, seed: int = 0, alpha: float = 0.05) -> Interval:
    """Percentile interval of ``stat(totals)`` over cluster resamples; (None, None) without spread.

    ``stat`` maps an array of column totals (..., n_columns) to the statistic (...), vectorised.
    Resamples where the statistic is undefined are left out.
    """
    return percentile(bootstrap_reps(sums, stat, n_boot=n_boot, seed=seed), alpha)


def ratio(totals: np.ndarray) -> np.ndarray:
    """Column 0 total over column 1 total: the statistic of a rate."""
    return totals[..., 0] / totals[..., 1]
