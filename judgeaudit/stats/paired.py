"""Paired binary outcomes clustered by item: a rate, and the difference of two rates on the same units.

A perturbation probe judges each (item, order) twice, once under the treatment and once under its
placebo, so the two arms' outcomes are paired. The difference of their rates gets Newcombe's hybrid
score interval for paired proportions (Newcombe 1998, method 10) and McNemar's test of the discordant
pairs. Both orders of an item are correlated, so both are computed on an *effective* sample size:
counts are divided by the design effect deff = (cluster-robust variance) / (variance as if every pair
were independent), floored at 1 (Kish 1965); McNemar's statistic uses the clustered variance of the
discordance directly (Durkalski et al. 2003), which is McNemar's own when every item holds one pair.

No interval here has zero width: with no discordant pair at all the difference is 0 with the interval
± the Wilson upper bound of 0 discordant pairs among the items ("no change seen in n items"), and the arms'
rates use the main rate interval (``stats/rates.py``), which keeps its width at 0 or 1 and when every
item shows the same outcome.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy import stats as sps

from judgeaudit.contracts.estimate import Estimate, empty, estimate
from judgeaudit.stats.intervals import cluster_sums, floor_p, wilson


def design_effect(units: np.ndarray, values: np.ndarray) -> float:
    """Cluster-robust over independent-units variance of a mean, at least 1 (1 with fewer than 2 clusters)."""
    values = np.asarray(values, dtype=float)
    n = len(values)
    if n < 2:
        return 1.0
    mean = float(values.mean())
    naive = float(((values - mean) ** 2).sum())
    _, s = cluster_sums(units, np.column_stack([values, np.ones(n)]))
    if s.shape[0] < 2 or naive <= 0:
        return 1.0
    robust = float(((s[:, 0] - mean * s[:, 1]) ** 2).sum())  # the same sum, taken over items instead of units
    return max(1.0, robust / naive)


def mcnemar_p(units: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """Clustered McNemar test of P(x) = P(y) for paired 0/1 outcomes (1.0 without discordant pairs)."""
    b = x * (1 - y)
    c = (1 - x) * y
    if not (b.sum() + c.sum()):
        return 1.0
    _, s = cluster_sums(units, np.column_stack([b, c]))
    d = s[:, 0] - s[:, 1]
    stat = float(d.sum()) ** 2 / float((d**2).sum())
    p = floor_p(float(sps.chi2.sf(stat, 1)))
    assert p is not None
    return p


def newcombe_paired(
    x: np.ndarray, y: np.ndarray, deff: float = 1.0, z: float = 1.959963984540054
) -> tuple[float, float]:
    """Newcombe's method-10 interval for P(x) − P(y), paired, counts divided by ``deff``."""
    n = len(x) / deff
    a = float((x * y).sum()) / deff  # both
    b = float((x * (1 - y)).sum()) / deff
    c = float(((1 - x) * y).sum()) / deff
    d = n - a - b - c
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = wilson(a + b, n)
    l2, u2 = wilson(a + c, n)
    assert None not in (l1, u1, l2, u2)
    denom = (a + b) * (c + d) * (a + c) * (b + d)
    # Newcombe's phi: the correlation of the two outcomes, continuity-corrected toward 0 when positive
    cross = a * d - b * c
    cross = cross - n / 2 if cross > n / 2 else (cross if cross < 0 else 0.0)
    phi = cross / math.sqrt(denom) if denom > 0 else 0.0
    theta = p1 - p2
    dl = math.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2))  # type: ignore[operator]
    du = math.sqrt(max(0.0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2))  # type: ignore[operator]
    return max(-1.0, theta - dl), min(1.0, theta + du)


def paired_difference(units: np.ndarray, x: np.ndarray, y: np.ndarray, **extra: Any) -> Estimate:
    """P(x) − P(y) over paired 0/1 outcomes clustered by ``units``: Newcombe interval, McNemar p-value.

    The estimate carries ``rates`` (the two rates), ``discordant`` ([x only, y only]) and ``n_items``.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    if not n:
        return empty(0, test=True, note="no unit judged under both arms")
    diff = x - y
    b, c = int((x * (1 - y)).sum()), int(((1 - x) * y).sum())
    value = float(diff.mean())
    n_items = int(len(set(units)))
    if b + c == 0:  # no discordance seen: bounded by how many items could hide a change (items, not judgments)
        hi = wilson(0, n_items)[1]
        assert hi is not None
        ci = (value - hi, value + hi)
    else:
        ci = newcombe_paired(x, y, design_effect(units, diff))
    return estimate(
        value,
        ci,
        n,
        mcnemar_p(units, x, y),
        test=True,
        rates=[float(x.mean()), float(y.mean())],
        discordant=[b, c],
        n_items=n_items,
        **extra,
    )
