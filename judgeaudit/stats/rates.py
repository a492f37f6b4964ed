"""Rates and differences of rates as metrics.json estimates, clustered by item.

The metric modules say which units count and which are hits; this module turns that into
``{"value", "ci", "n"}`` (+ ``p_value``) with the closed-form intervals of ``intervals.py``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from judgeaudit.contracts.estimate import Estimate, empty, estimate
from judgeaudit.stats.intervals import cluster_sums, difference, rate


def rate_estimate(
    units: np.ndarray, hits: np.ndarray, *, p0: float | None = None, note: str | None = None, **extra: Any
) -> Estimate:
    """Share of ``hits`` (0/1, or a credit in [0, 1]) over units clustered by ``units``.

    With ``p0``, also the p-value of the test against it (the inversion of the interval).
    """
    hits = np.asarray(hits, dtype=float)
    n = len(hits)
    if not n:
        return empty(0, test=p0 is not None, note=note or "no judgments qualify")
    _, s = cluster_sums(units, np.column_stack([hits, np.ones(n)]))
    r = rate(s)
    assert r is not None
    p = r.p_value(p0) if p0 is not None else None
    return estimate(r.value, r.interval(), n, p, test=p0 is not None, **extra)


def signed_estimate(units: np.ndarray, signs: np.ndarray, **extra: Any) -> Estimate:
    """Mean of values in [−1, 1] (e.g. +1 recency, −1 primacy, 0 neither), as the rate (s + 1)/2 mapped back.

    A unit at 0 counts as half a hit, so its interval is a rate's, widths kept at the ends of the scale.
    """
    signs = np.asarray(signs, dtype=float)
    n = len(signs)
    if not n:
        return empty(0)
    _, s = cluster_sums(units, np.column_stack([(signs + 1) / 2, np.ones(n)]))
    r = rate(s)
    assert r is not None
    lo, hi = r.interval()
    return estimate(2 * r.value - 1, (2 * lo - 1, 2 * hi - 1), n, **extra)


def diff_estimate(
    units: np.ndarray,
    in1: np.ndarray,
    hit1: np.ndarray,
    in2: np.ndarray,
    hit2: np.ndarray,
    *,
    note: str = "needs judgments in both groups",
    keep: tuple[str, ...] = ("n_groups", "rates"),
    **extra: Any,
) -> Estimate:
    """P(hit1 | in1) − P(hit2 | in2) over units clustered by ``units``: MOVER interval, p-value of no gap.

    Hits are 0/1 or a credit in [0, 1] (a tie counted as half right). ``keep`` names the counts reported
    beside the number: ``n_groups`` (judgments per group) and ``rates`` (the two rates).

    The two groups may share items (paired, e.g. a cue and its neutral insert on the same item) or not
    (e.g. gold-longer and gold-shorter pairs); the interval uses the estimates' cluster-robust correlation.
    """
    in1, in2 = np.asarray(in1, dtype=float), np.asarray(in2, dtype=float)
    hit1, hit2 = np.asarray(hit1, dtype=float), np.asarray(hit2, dtype=float)
    n1, n2 = int(in1.sum()), int(in2.sum())
    if not n1 or not n2:
        return empty(n1 + n2, test=True, note=note)
    vals = np.column_stack([in1 * hit1, in1, in2 * hit2, in2])
    _, s = cluster_sums(units, vals)
    d = difference(s)
    assert d is not None
    counts: dict[str, Any] = {"n_groups": [n1, n2], "rates": [d.first.value, d.second.value]}
    return estimate(d.value, d.interval(), n1 + n2, d.p_value(), **{k: counts[k] for k in keep}, **extra)
