"""The shape every number in metrics.json takes: ``{"value", "ci": [lo, hi], "n"}`` (+ ``p_value``).

The stats modules write it with :func:`estimate` and :func:`empty`; whatever shows, gates or compares a
metrics.json reads it back with :func:`judgeaudit.metrics.read_estimate`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, TypedDict, cast


class Estimate(TypedDict, total=False):
    """One number of metrics.json (docs/metrics.md). A stats module may add keys of its own (``sd_chars``,
    ``expected``), which the plain-words sentences read.

    Attributes:
        value: the point estimate; None when these judgments cannot give it (``note`` says why).
        ci: the 95% interval ``[lo, hi]``; None only for a bare number read back from metrics.json.
        n: how many units the estimate rests on, in the metric's unit (docs/metrics.md).
        p_value: the test against "no bias", where the metric is a test.
        p_value_holm: ``p_value`` Holm-adjusted over the whole battery of tests.
        note: why the value is missing or needs care.
        estimable: False where the data cannot determine the number at all (a separated logit term):
            the vetting gate then calls a check on it INCONCLUSIVE.
    """

    value: float | None
    ci: list[float | None] | None
    n: int | None
    p_value: float | None
    p_value_holm: float | None
    note: str
    estimable: bool


def num(x: Any) -> float | None:
    """A plain float, or None for missing / NaN / infinite."""
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def estimate(
    value: Any, ci: Sequence[Any] | None, n: int, p_value: Any = None, *, test: bool = False, **extra: Any
) -> Estimate:
    """An :class:`Estimate`: ``{"value", "ci": [lo, hi], "n"}`` (+ ``p_value`` when ``test`` or given), JSON-safe.

    ``extra`` keys (counts, ``rates``, ``estimable``) ride along: a TypedDict allows them at run time, and the
    modules that add them read them back as such.
    """
    lo, hi = ci if ci is not None else (None, None)
    out: Estimate = {"value": num(value), "ci": [num(lo), num(hi)], "n": int(n)}
    if test or p_value is not None:
        out["p_value"] = num(p_value)
    out.update(cast(Estimate, extra))
    return out


def empty(n: int = 0, *, test: bool = False, note: str | None = None, **extra: Any) -> Estimate:
    """An :class:`Estimate` that cannot be made from these judgments (value None), with the reason."""
    out = estimate(None, None, n, test=test, **extra)
    if note:
        out["note"] = note
    return out


def with_keys(est: Estimate, **extra: Any) -> Estimate:
    """A copy of ``est`` with ``extra`` keys added or replaced (counts a module reports beside the number)."""
    return cast(Estimate, {**est, **extra})


def safe_ratio(k: float, n: float) -> float | None:
    return float(k) / float(n) if n else None
