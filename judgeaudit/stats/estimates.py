"""The shape every number in metrics.json takes: ``{"value", "ci": [lo, hi], "n"}`` (+ ``p_value``).

The stats modules write it with :func:`estimate` and :func:`empty`; whatever shows, gates or compares a
metrics.json finds it with :func:`lookup` and reads it with :func:`read_estimate`, so "is this a usable
number" has one answer everywhere.
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


def _finite(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def read_estimate(node: Any) -> Estimate | None:
    """A metrics.json node as an estimate with a finite ``value``, or None where it has none.

    An estimate dict comes back with every key it had (its ``ci`` as written: see :func:`interval`); a bare
    number (``extraction_success_rate``) as ``{"value": x, "ci": None, "n": None}``. None: the node is
    missing, not a number, or an estimate these judgments could not give (``value`` None).
    """
    if _finite(node):
        return {"value": float(node), "ci": None, "n": None}
    if isinstance(node, dict) and _finite(node.get("value")):
        return cast(Estimate, {**node, "value": float(node["value"])})
    return None


def interval(est: Estimate | dict[str, Any] | None) -> tuple[float, float] | None:
    """An estimate's 95% interval as ``(lo, hi)`` with lo ≤ hi, or None unless both ends are finite numbers."""
    ci: Any = (est or {}).get("ci")
    if isinstance(ci, (list, tuple)) and len(ci) == 2 and all(_finite(c) for c in ci):
        lo, hi = float(ci[0]), float(ci[1])
        return (lo, hi) if lo <= hi else (hi, lo)
    return None


def lookup(metrics: dict[str, Any] | None, path: str) -> Any:
    """The node at a dotted path of metrics.json (``position.consistency``), or None wherever the path breaks off."""
    node: Any = metrics or {}
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def safe_ratio(k: float, n: float) -> float | None:
    return float(k) / float(n) if n else None
