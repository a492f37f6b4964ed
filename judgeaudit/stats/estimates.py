"""The shape every number in metrics.json takes: ``{"value", "ci": [lo, hi], "n"}`` (+ ``p_value``).

The stats modules write it with :func:`estimate` and :func:`empty`; whatever shows, gates or compares a
metrics.json reads it back with :func:`judgeaudit.metrics.read_estimate`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, TypedDict


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
    """

    value: float | None
    ci: list[float | None] | None
    n: int | None
    p_value: float | None
    p_value_holm: float | None
    note: str


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
) -> dict[str, Any]:
    """An :class:`Estimate`: ``{"value", "ci": [lo, hi], "n"}`` (+ ``p_value`` when ``test`` or given), JSON-safe.

    Typed ``dict[str, Any]`` until the stats modules' own return annotations say ``Estimate``.
    """
    lo, hi = ci if ci is not None else (None, None)
    out: dict[str, Any] = {"value": num(value), "ci": [num(lo), num(hi)], "n": int(n)}
    if test or p_value is not None:
        out["p_value"] = num(p_value)
    out.update(extra)
    return out


def empty(n: int = 0, *, test: bool = False, note: str | None = None) -> dict[str, Any]:
    """An :class:`Estimate` that cannot be made from these judgments (value None), with the reason."""
    out = estimate(None, None, n, test=test)
    if note:
        out["note"] = note
    return out


def safe_ratio(k: float, n: float) -> float | None:
    return float(k) / float(n) if n else None
