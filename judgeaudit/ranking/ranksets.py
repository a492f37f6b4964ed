"""Simultaneous rank confidence sets: every judge's rank interval holds its true rank at once, 95% of the time.

Two ways in, by what the board has:

- **Per-item sums** (``from_item_sums``): each judge's rate and its standard error recomputed on the same
  item-bootstrap draws, so the draws carry how judges of one battery move together (they judged the same
  items). Every pairwise difference gets a simultaneous interval from the studentized max-|t| over all pairs
  (bootstrap-t; the rank sets of Mogstad, Romano, Shaikh & Wilhelm 2024): judge j is placed above k only
  when the interval of their difference excludes 0, and j's rank set runs from 1 + (judges placed above it)
  to J − (judges placed below it). The earlier version scaled every draw by one bootstrap standard error
  and held 93.5% with 5 or 10 equal judges; referring each draw to its own standard error is what brings
  it to the nominal level (``benchmarks/rank_coverage.py``).
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
    seed: int,
    n_draws: int = 2000,
    alpha: float = 0.05,
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Point badness and simultaneous rank sets of J ratio estimates Σk/Σm on n shared items.

    ``k``, ``m``: (n, J) per-item hits and pairs of each judge on the same items. A studentized bootstrap:
    every draw resamples the items once for all judges and recomputes each judge's rate *and* its standard
    error (the influence of the ratio, Σw(k − r·m)² / (Σw·m)²), so max-|t| is referred to its own
    distribution rather than to one scaled by a fixed standard error (bootstrap-t; Hall 1992). Where badness
    is monotone in the rate the max runs over every pairwise difference on the shared items (Mogstad, Romano,
    Shaikh & Wilhelm 2024); where it is a distance from an ideal value (not smooth where two judges sit at it)
    over the judges' rates, and the simultaneous rate intervals are projected onto badness.
    """
    k, m = np.asarray(k, dtype=float), np.asarray(m, dtype=float)
    n, J = k.shape
    with np.errstate(invalid="ignore", divide="ignore"):
        r = k.sum(axis=0) / m.sum(axis=0)
    value = 2 * r - 1 if signed else r
    bad = np.array([badness(float(v)) if np.isfinite(v) else np.inf for v in value])
    if J < 2:
        return bad, [(1, 1)] * J
    rng = np.random.default_rng(seed)
    w = rng.multinomial(n, np.full(n, 1 / n), size=n_draws).astype(float)
    est_hat, se_hat = (a[0] for a in _estimates(np.ones((1, n)), k, m, ideal is None))
    usable = np.isfinite(se_hat)
    if not usable.any():
        return bad, [(1, J)] * J
    est, se_star = _estimates(w, k, m, ideal is None)
    # a draw that left out every item where a pair differs has no standard error of its own: it takes the
    # sample's; a draw where a judge has no pairs left is an extreme draw
    with np.errstate(invalid="ignore"):
        t_star = np.abs(est - est_hat) / np.where(np.isnan(se_star), se_hat, se_star)
    t_star = np.where(np.isnan(t_star), np.inf, t_star)[:, usable]
    crit = float(np.quantile(t_star.max(axis=1), 1 - alpha))
    scale = 2.0 if signed else 1.0
    if ideal is None:
        d_hat = bad[:, None] - bad[None, :]
        se = np.zeros((J, J))
        se[_pairs(J)] = se_hat * scale
        se = se + se.T
        ok = np.zeros((J, J), dtype=bool)
        ok[_pairs(J)] = usable
        ok = ok | ok.T
        above = ok & (d_hat + crit * se < 0)  # a pair without a standard error is never separated
        return bad, _sets(above)
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
