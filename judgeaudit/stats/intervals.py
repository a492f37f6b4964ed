"""Closed-form intervals and tests for rates and differences of rates over clustered judgments.

One item yields several correlated judgments (two orders, padded variants, repeats), so a rate over
judgments is a ratio estimator with items as clusters. Its interval is Wilson's score interval on the
design-effect-adjusted effective sample size n_eff = n / deff (Kish 1965; Korn & Graubard 1998; the
Wilson form is the one Franco, Little, Louis & Slud 2019 recommend among such intervals), where
deff is the cluster-robust variance over the binomial variance. As the design effect is estimated from the
C items, n_eff also gets Korn & Graubard's degrees-of-freedom factor (t_{n−1} / t_{C−1})². Independent binary
units give deff = 1 and plain Wilson. The score interval keeps its width at a rate of 0 or 1, where a
percentile bootstrap of identical clusters has none.

When every item shows the same rate r (the cluster-robust variance is 0: an "always first" judge), the
data say nothing about how items differ, so the interval asks how many items could differ unseen: at most
the Wilson upper bound f of 0 out of c_eff items (c_eff = (Σm)²/Σm², the number of items when they weigh
alike), each by at most the whole way to 0 or 1: [r − f·r, r + f·(1 − r)]. At r = 0 or 1 this is Wilson on
c_eff, the interval of "every item the same, items independent".

A difference of two rates gets the MOVER interval (Zou & Donner 2008) from the two rates' intervals and the
cluster-robust correlation of the two estimates: Newcombe's hybrid score interval (1998, method 10) for
independent groups and for paired binary data, generalised to clusters (with t quantiles on C − 1 degrees of
freedom when the groups share items, whose correlation is then estimated). Every p-value is the inversion
of its interval (p < 0.05 exactly when the 95% interval excludes the null value) and never exactly 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import special as sp_special
from scipy import stats as sps

Interval = tuple[float | None, float | None]

Z95 = float(sps.norm.ppf(0.975))
P_FLOOR = float(np.finfo(float).tiny)  # the smallest normal double: a p-value is never printed as 0
_Z_MAX = 40.0  # beyond this the two-sided normal tail is below P_FLOOR
_DEGENERATE = 1e-12  # relative variance below which the items are taken as identical
EDGE_COUNT = 5.0  # items' worth of hits (or misses) below which the side facing the edge is exact


def _z(alpha: float) -> float:
    return float(sps.norm.ppf(1 - alpha / 2))


@lru_cache(maxsize=4096)
def _t_at(z: float, df: float) -> float:
    """The t quantile (``df`` degrees of freedom) with the same upper tail as the normal quantile ``z``."""
    with np.errstate(invalid="ignore", over="ignore"):
        return float(sps.t.isf(sps.norm.sf(z), df))


def p_from_z(z: float) -> float:
    """Two-sided normal p-value of |z|, floored at the smallest normal double (never 0)."""
    return max(P_FLOOR, float(2 * sps.norm.sf(abs(z))))


def floor_p(p: float | None) -> float | None:
    """A p-value that is never exactly 0 (underflow is floored at the smallest normal double)."""
    return None if p is None else max(P_FLOOR, float(p))


def _invert(limits: Callable[[float], tuple[float, float]], null: float, value: float) -> float:
    """Two-sided p-value as the level whose interval ``limits(z)`` has its near end at ``null`` (never 0)."""
    from scipy.optimize import brentq

    def gap(z: float) -> float:  # > 0 while the interval at quantile z still excludes the null
        lo, hi = limits(z)
        return lo - null if value > null else null - hi

    if gap(_Z_MAX) > 0:
        return P_FLOOR
    if gap(0.0) <= 0:  # at an edge even the narrowest interval (the exact bound's median) holds the null
        return 1.0
    return p_from_z(float(brentq(gap, 0.0, _Z_MAX, xtol=1e-10)))


def wilson(k: float, n: float, alpha: float = 0.05) -> Interval:
    """Wilson score interval for k successes in n independent trials; (None, None) when n == 0."""
    if n <= 0:
        return None, None
    return _wilson_z(k / n, n, _z(alpha))


def _wilson_z(p: float, n: float, z: float) -> tuple[float, float]:
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(max(p * (1 - p), 0.0) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def binom_p(k: int, n: int, p: float = 0.5) -> float | None:
    """Two-sided exact binomial test of k successes in n trials against ``p``; None when n == 0."""
    if n <= 0:
        return None
    return floor_p(sps.binomtest(int(k), int(n), p).pvalue)


def cluster_sums(clusters: np.ndarray | list, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sum the columns of ``values`` within each cluster.

    Returns ``(labels, sums)`` with ``sums`` of shape (n_clusters, n_columns), clusters in order of
    first appearance (so results do not depend on how labels sort).
    """
    import pandas as pd

    values = np.asarray(values, dtype=float)
    if values.ndim == 1:
        values = values[:, None]
    keys = clusters if isinstance(clusters, np.ndarray) and clusters.dtype == object else list(clusters)
    codes, labels = pd.factorize(pd.Series(keys, dtype=object))
    # bincount adds each cluster's values in row order, as a loop would: the same sums, bit for bit
    sums = np.zeros((len(labels), values.shape[1]))
    for j in range(values.shape[1]):
        sums[:, j] = np.bincount(codes, weights=values[:, j], minlength=len(labels))
    return np.asarray(labels, dtype=object), sums


FAR_TAIL = 1e-80  # below this tail the quantile is the power law (scipy's root finding gives up near 1e-88)


def beta_low(q: float, a: float, b: float) -> float:
    """The ``q`` quantile of Beta(a, b), for any ``q`` > 0 and a ≤ EDGE_COUNT.

    A p-value found by inverting an interval asks for tails far past 1e-88, where scipy's root finding gives
    up with a warning and a wrong number (1.96e-33 for 2.19e-67). There the distribution's lower tail is a
    power law, I(x; a, b) = x^a / (a·B(a, b))·(1 + O(x)), so x = (q·a·B(a, b))^(1/a), in logs; at 1e-80 and
    a ≤ 5 it matches scipy to 7e-12 (measured over b from 1.5 to 3000), and the gap only narrows further out.
    """
    if q >= FAR_TAIL:
        return float(sps.beta.ppf(q, a, b))
    return _power_law(q, a, b)


def beta_high(q: float, a: float, b: float) -> float:
    """The upper ``q`` quantile of Beta(a, b) (``beta.isf``), for any ``q`` > 0 and b ≤ EDGE_COUNT: past
    FAR_TAIL, where scipy returns NaN for some shapes, one minus the lower quantile of Beta(b, a)."""
    if q >= FAR_TAIL:
        return float(sps.beta.isf(q, a, b))
    return 1.0 - _power_law(q, b, a)


def _power_law(q: float, a: float, b: float) -> float:
    if q <= 0.0:  # a tail past the smallest float: the bound is the edge itself, as scipy gives it
        return 0.0
    return math.exp((math.log(q) + math.log(a) + float(sp_special.betaln(a, b))) / a)


@dataclass(frozen=True)
class Rate:
    """A rate over clustered units (per-cluster successes ``k_i`` of trials ``m_i``, k_i may be fractional).

    Attributes:
        value: Σk / Σm.
        n: Σm, the units.
        clusters: clusters with at least one unit.
        c_eff: (Σm)² / Σm², the number of independent clusters the units are worth at full correlation.
        var: cluster-robust (linearised, with C/(C−1)) variance of ``value``; 0 when the clusters agree.
        n_eff: n / deff, the effective sample size for Wilson; None when the clusters agree.
    """

    value: float
    n: float
    clusters: int
    c_eff: float
    var: float
    n_eff: float | None

    @property
    def degenerate(self) -> bool:
        """Every cluster shows the same rate (or there is one cluster): no spread to estimate from."""
        return self.n_eff is None

    @property
    def deff(self) -> float | None:
        return None if self.n_eff is None else self.n / self.n_eff

    def interval(self, alpha: float = 0.05) -> tuple[float, float]:
        return self.interval_z(_z(alpha))

    def n_eff_at(self, z: float) -> float:
        """n_eff with Korn & Graubard's degrees-of-freedom adjustment at quantile ``z``.

        The design effect is estimated from the clusters, so n_eff is scaled by (t_{n−1} / t_{C−1})²: a
        few items give a wider interval than their judgments alone would. Independent units (C = n) are
        left as they are.
        """
        assert self.n_eff is not None
        if self.clusters >= self.n or z <= 0:
            return self.n_eff
        with np.errstate(invalid="ignore"):
            ratio = _t_at(z, max(1.0, self.n - 1)) / _t_at(z, float(max(1, self.clusters - 1)))
        # far out in the tails the t quantile of few clusters runs away: nothing is left of n_eff
        return self.n_eff * ratio * ratio if math.isfinite(ratio) and ratio > 0 else 1e-9

    def interval_z(self, z: float, adjust: bool = True) -> tuple[float, float]:
        """The interval at normal quantile ``z`` (Wilson on n_eff, or the identical-items bound).

        ``adjust=False`` leaves out the degrees-of-freedom adjustment (for a caller that makes its own).
        """
        if self.n_eff is None:
            f = z * z / (self.c_eff + z * z)
            r = self.value
            lo, hi = max(0.0, r - f * r), min(1.0, r + f * (1 - r))
            return self._edges(lo, hi, self.c_eff, z)
        n_eff = self.n_eff_at(z) if adjust else self.n_eff
        lo, hi = _wilson_z(self.value, n_eff, z)
        return self._edges(lo, hi, n_eff, z)

    def _edges(self, lo: float, hi: float, n_eff: float, z: float) -> tuple[float, float]:
        """Near 0 or 1, each side no narrower than Clopper–Pearson's on the effective trials.

        With fewer than ``EDGE_COUNT`` effective hits (or misses) the design effect rests on those few items
        and Wilson's near end is too close (10 items judged twice with correlated judgments: a true rate of
        0.01 fell below the interval 8.6% of the time, nominal 2.5%). There the side facing the edge is
        widened to the exact binomial bound on the effective trials (n_eff, or the items when they agree),
        counts fractional. Whether a side is at the edge is decided once, at the 95% level, so a p-value
        found by inverting the interval moves only where the interval does.
        """
        m = self._edge_trials()
        x = self.value * m
        if m <= 0 or min(x, m - x) >= EDGE_COUNT:
            return lo, hi
        tail = float(sps.norm.sf(z))
        if 0 < x < EDGE_COUNT:
            lo = min(lo, beta_low(tail, x, m - x + 1))
        if 0 < m - x < EDGE_COUNT:
            hi = max(hi, beta_high(tail, x + 1, m - x))
        return lo, hi

    def _edge_trials(self) -> float:
        return self.c_eff if self.n_eff is None else self.n_eff_at(Z95)

    def at_edge(self) -> bool:
        """Whether a side is widened at an edge (so the score test's closed form does not apply)."""
        m = self._edge_trials()
        return min(self.value * m, m - self.value * m) < EDGE_COUNT

    def p_value(self, p0: float) -> float:
        """Test against ``p0``: the level at which the interval's near end reaches ``p0`` (never 0)."""
        r = self.value
        if r == p0:
            return 1.0
        if not 0 < p0 < 1:
            return P_FLOOR  # a rate of exactly 0 or 1 is refuted by any unit on the other side
        if self.n_eff is None:
            f = (r - p0) / r if p0 < r else (p0 - r) / (1 - r)
            if f >= 1:
                return P_FLOOR
            return p_from_z(math.sqrt(f * self.c_eff / (1 - f)))
        if self.clusters >= self.n and not self.at_edge():  # independent units: the score test in closed form
            return p_from_z((r - p0) / math.sqrt(p0 * (1 - p0) / self.n_eff))
        return _invert(lambda z: self.interval_z(z), p0, r)


def rate(sums: np.ndarray) -> Rate | None:
    """The :class:`Rate` of per-cluster (successes, trials) sums; None without trials."""
    sums = np.asarray(sums, dtype=float).reshape(-1, 2)
    sums = sums[sums[:, 1] > 0]
    n = float(sums[:, 1].sum()) if len(sums) else 0.0
    if n <= 0:
        return None
    k, m = sums[:, 0], sums[:, 1]
    value = min(1.0, max(0.0, float(k.sum()) / n))
    c = len(sums)
    c_eff = n * n / float(np.sum(m * m))
    var = c / (c - 1) * float(np.sum((k - value * m) ** 2)) / (n * n) if c > 1 else 0.0
    binomial = value * (1 - value)
    if c < 2 or n < 2 or var <= _DEGENERATE * binomial / n or binomial == 0:
        return Rate(value, n, c, c_eff, 0.0 if c < 2 else var, None)
    # deff against the unbiased binomial variance p(1−p)/(n−1), so independent 0/1 units give n_eff = n
    n_eff = n * binomial / ((n - 1) * var)
    return Rate(value, n, c, c_eff, var, n_eff)


def rate_ci(sums: np.ndarray, alpha: float = 0.05) -> Interval:
    """Interval for a rate from per-cluster (successes, trials) sums; (None, None) without trials."""
    r = rate(sums)
    return (None, None) if r is None else r.interval(alpha)


def rate_test(sums: np.ndarray, p0: float = 0.5) -> float | None:
    """p-value of the rate against ``p0``, consistent with :func:`rate_ci`; None without trials."""
    r = rate(sums)
    return None if r is None else r.p_value(p0)


@dataclass(frozen=True)
class Difference:
    """Rate 1 − rate 2 over the same clusters, with the correlation of the two estimates.

    When the groups share items, the correlation and both design effects are estimated from those items, so
    the limits use the t quantile on (items − 1) degrees of freedom (``df``) at the same level; groups on
    separate items use each rate's own interval.
    """

    first: Rate
    second: Rate
    corr: float
    df: int | None = None

    @property
    def value(self) -> float:
        return self.first.value - self.second.value

    def interval(self, alpha: float = 0.05) -> tuple[float, float]:
        return self.interval_z(_z(alpha))

    def interval_z(self, z: float) -> tuple[float, float]:
        """MOVER limits at normal quantile ``z``: each side combines the two rates' distances to their limits."""
        if self.df is None:
            (l1, u1), (l2, u2) = self.first.interval_z(z), self.second.interval_z(z)
        else:
            zt = _t_at(z, float(self.df))
            (l1, u1), (l2, u2) = self.first.interval_z(zt, adjust=False), self.second.interval_z(zt, adjust=False)
        p1, p2, r = self.first.value, self.second.value, self.corr
        d = p1 - p2
        lo = d - math.sqrt(max(0.0, (p1 - l1) ** 2 + (u2 - p2) ** 2 - 2 * r * (p1 - l1) * (u2 - p2)))
        hi = d + math.sqrt(max(0.0, (u1 - p1) ** 2 + (p2 - l2) ** 2 - 2 * r * (u1 - p1) * (p2 - l2)))
        return max(-1.0, lo), min(1.0, hi)

    def p_value(self) -> float:
        """Test of no difference: the level at which the interval's near end touches 0 (never 0)."""
        return 1.0 if self.value == 0 else _invert(self.interval_z, 0.0, self.value)


def difference(sums: np.ndarray) -> Difference | None:
    """The :class:`Difference` of per-cluster columns (k1, n1, k2, n2); None when a group is empty."""
    sums = np.asarray(sums, dtype=float).reshape(-1, 4)
    first, second = rate(sums[:, :2]), rate(sums[:, 2:])
    if first is None or second is None:
        return None
    corr = 0.0
    c = len(sums)
    shared = int(np.sum((sums[:, 1] > 0) & (sums[:, 3] > 0)))
    if c > 1 and shared and not first.degenerate and not second.degenerate:
        n1, n2 = sums[:, 1].sum(), sums[:, 3].sum()
        infl1 = (sums[:, 0] - first.value * sums[:, 1]) / n1
        infl2 = (sums[:, 2] - second.value * sums[:, 3]) / n2
        cov = c / (c - 1) * float(np.sum(infl1 * infl2))
        corr = float(np.clip(cov / math.sqrt(first.var * second.var), -1.0, 1.0))
    return Difference(first, second, corr, df=max(1, c - 1) if shared else None)


def diff_test(sums: np.ndarray) -> tuple[float | None, float | None]:
    """Difference of two rates, columns (k1, n1, k2, n2) per cluster: (value, p-value of no difference)."""
    d = difference(sums)
    return (None, None) if d is None else (d.value, d.p_value())


def diff_ci(sums: np.ndarray, alpha: float = 0.05) -> Interval:
    """MOVER interval of rate 1 − rate 2 from per-cluster columns (k1, n1, k2, n2)."""
    d = difference(sums)
    return (None, None) if d is None else d.interval(alpha)


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
