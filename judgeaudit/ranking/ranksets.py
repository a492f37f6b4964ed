"""Simultaneous rank confidence sets: every judge's rank interval holds its true rank at once, 95% of the time.

Two ways in, by what the board has:

- **Joint draws** (``from_draws``): each judge's estimate recomputed on the same item-bootstrap draws, so
  the draws carry how judges of one battery move together (they judged the same items). Every pairwise
  difference of badness gets a simultaneous interval from the max-t over all pairs (Romano & Wolf's
  step-less max-t; the rank sets of Mogstad, Romano, Shaikh & Wilhelm 2024): judge j is placed above k only
  when the interval of their difference excludes 0, and j's rank set runs from 1 + (judges placed above it)
  to J − (judges placed below it).
- **Intervals only** (``from_intervals``): Bonferroni over the judges' marginal intervals (each widened to
  level 1 − 0.05/J with the standard error its 95% interval implies), projected onto badness; valid
  whatever the dependence between judges, wider than the paired sets.

Judges whose true values are equal share their block of ranks, so a set covers when it holds the whole block:
with equal judges nothing is placed above anything, and every set is 1–J. A point rank is 1 + (judges with
strictly smaller badness): tied estimates share a rank, never broken by row order.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import stats as sps

Z95 = 1.959963984540054


def point_ranks(bad: np.ndarray) -> np.ndarray:
    """1 + number of judges with strictly smaller badness."""
    bad = np.asarray(bad, dtype=float)
    return 1 + (bad[None, :] < bad[:, None]).sum(axis=1)


def _sets(above: np.ndarray) -> list[tuple[int, int]]:
    """Rank sets from ``above[j, k]``: j is significantly better (less bad) than k."""
    n = len(above)
    return [(1 + int(above[:, j].sum()), n - int(above[j, :].sum())) for j in range(n)]


def from_draws(bad: np.ndarray, draws: np.ndarray, alpha: float = 0.05) -> list[tuple[int, int]]:
    """Rank sets from point badness ``bad`` (J,) and joint bootstrap draws of it ``draws`` (B, J)."""
    bad, draws = np.asarray(bad, dtype=float), np.asarray(draws, dtype=float)
    n = len(bad)
    if n < 2:
        return [(1, 1)] * n
    d_hat = bad[:, None] - bad[None, :]
    d = draws[:, :, None] - draws[:, None, :]
    se = d.std(axis=0, ddof=1)
    pair = ~np.eye(n, dtype=bool) & (se > 0)
    if not pair.any():
        return [(1, n)] * n
    t = np.abs(d[:, pair] - d_hat[pair]) / se[pair]
    crit = float(np.quantile(t.max(axis=1), 1 - alpha))
    above = np.zeros((n, n), dtype=bool)
    # a pair whose draws never differ (se 0) is never separated: nothing measures its difference
    above[pair] = (d_hat + crit * se)[pair] < 0
    return _sets(above)


def from_intervals(
    values: np.ndarray, ses: np.ndarray, badness: Callable[[float], float], ideal: float | None, alpha: float = 0.05
) -> list[tuple[int, int]]:
    """Bonferroni rank sets from estimates and standard errors (any dependence between judges)."""
    values, ses = np.asarray(values, dtype=float), np.asarray(ses, dtype=float)
    n = len(values)
    if n < 2:
        return [(1, 1)] * n
    z = float(sps.norm.isf(alpha / (2 * n)))
    lo_b, hi_b = np.empty(n), np.empty(n)
    for j, (v, s) in enumerate(zip(values, ses, strict=True)):
        lo, hi = v - z * s, v + z * s
        ends = (badness(lo), badness(hi))
        inside = ideal is not None and lo <= ideal <= hi
        lo_b[j], hi_b[j] = (badness(ideal) if inside else min(ends)), max(ends)  # type: ignore[arg-type]
    above = hi_b[:, None] < lo_b[None, :]
    return _sets(above)
