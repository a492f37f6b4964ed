"""Simultaneous rank confidence sets: every judge's rank interval holds its true rank at once, 95% of the time.

Two ways in, by what the board has:

- **Per-item sums** (``from_item_sums``): every pairwise difference on the items the judges share, with its
  paired standard error (item by item, so it carries how judges of one battery move together), tested with
  Holm's step-down over all pairs (a conservative Holm-style rank set in the sense of Mogstad, Romano,
  Shaikh & Wilhelm 2024): judge j is placed above k only when their pair is rejected, and j's rank set runs
  from 1 + (judges placed above it) to J − (judges placed below it). A joint bootstrap max-t (fixed or
  per-draw standard error) held 93.5–94.9% with 5 or 10 equal judges, under the 95% asked; Holm holds it
  whatever the dependence (``benchmarks/rank_coverage.py``).
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


def from_item_sums(
    k: np.ndarray,
    m: np.ndarray,
    signed: bool,
    badness: Callable[[float], float],
    ideal: float | None,
    alpha: float = 0.05,
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Point badness and simultaneous rank sets of J ratio estimates Σk/Σm on n shared items.

    ``k``, ``m``: (n, J) per-item hits and pairs of each judge on the same items. Where badness is monotone in
    the rate, every pairwise difference is tested on the shared items with its paired standard error (the
    influence of each ratio, item by item, so the judges' correlation is in it) and t on n − 1 df, and Holm's
    step-down over all pairs decides which judge is placed above which (Holm-style rank sets: the family-wise
    error of a false separation is at most ``alpha`` whatever the dependence between pairs). Where badness is
    a distance from an ideal value (not smooth where two judges sit at it), Bonferroni intervals of the
    judges' rates are projected onto badness.
    """
    k, m = np.asarray(k, dtype=float), np.asarray(m, dtype=float)
    n, J = k.shape
    with np.errstate(invalid="ignore", divide="ignore"):
        r = k.sum(axis=0) / m.sum(axis=0)
    value = 2 * r - 1 if signed else r
    bad = np.array([badness(float(v)) if np.isfinite(v) else np.inf for v in value])
    if J < 2:
        return bad, [(1, 1)] * J
    est_hat, se_hat = (a[0] for a in _estimates(np.ones((1, n)), k, m, ideal is None))
    usable = np.isfinite(se_hat)
    if not usable.any():
        return bad, [(1, J)] * J
    df = max(n - 1, 1)
    scale = 2.0 if signed else 1.0
    if ideal is None:
        # Holm's step-down over every pair with a standard error: the smallest p first, at alpha / (pairs left)
        a, b = _pairs(J)
        p = 2 * sps.t.sf(np.abs(est_hat) / np.where(usable, se_hat, np.inf), df)
        above = np.zeros((J, J), dtype=bool)
        left = int(usable.sum())
        for i in np.argsort(np.where(usable, p, np.inf), kind="stable")[:left]:
            if not p[i] < alpha / left:
                break
            left -= 1
            better, worse = (a[i], b[i]) if bad[a[i]] < bad[b[i]] else (b[i], a[i])
            above[better, worse] = True
        return bad, _sets(above)
    crit = float(sps.t.isf(alpha / (2 * int(usable.sum())), df))  # Bonferroni over the judges' rates
    lo_b, hi_b = np.full(J, -np.inf), np.full(J, np.inf)
    for j in np.flatnonzero(usable):
        lo, hi = value[j] - crit * scale * se_hat[j], value[j] + crit * scale * se_hat[j]
        ends = (badness(float(lo)), badness(float(hi)))
        lo_b[j] = badness(float(ideal)) if lo <= ideal <= hi else min(ends)
        hi_b[j] = max(ends)
    return bad, _sets(hi_b[:, None] < lo_b[None, :])


def _pairs(J: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(J, 1)


def _estimates(w: np.ndarray, k: np.ndarray, m: np.ndarray, pairwise: bool) -> tuple[np.ndarray, np.ndarray]:
    """Under item weights ``w`` (B, n): each estimate (pairwise rate differences, or the rates) and its
    standard error (NaN where it is 0 or undefined)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        sk, sm = w @ k, w @ m  # (B, J)
        r = sk / sm
        # Σ_i w_i u_ij u_ik with u_ij = (k_ij − r_j m_ij) / Σ_i w_i m_ij, expanded into weighted cross moments
        n, J = k.shape

        def moment(x: np.ndarray, y: np.ndarray) -> np.ndarray:
            return (w @ (x[:, :, None] * y[:, None, :]).reshape(n, J * J)).reshape(-1, J, J)

        kk, km, mm = moment(k, k), moment(k, m), moment(m, m)
        rj, rk = r[:, :, None], r[:, None, :]
        cross = (kk - rk * km - rj * np.swapaxes(km, 1, 2) + rj * rk * mm) / (sm[:, :, None] * sm[:, None, :])
        if pairwise:
            a, b = _pairs(J)
            est = r[:, a] - r[:, b]
            var = cross[:, a, a] + cross[:, b, b] - 2 * cross[:, a, b]
        else:
            est = r
            idx = np.arange(J)
            var = cross[:, idx, idx]
        se = np.sqrt(np.clip(var, 0.0, None))
        se = np.where(se > 1e-12, se, np.nan)
    return est, se


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
