"""The shape every number in metrics.json takes: ``{"value", "ci": [lo, hi], "n"}`` (+ ``p_value``)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any


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
    """``{"value", "ci": [lo, hi], "n"}`` (+ ``p_value`` when ``test`` or given), JSON-safe."""
    lo, hi = ci if ci is not None else (None, None)
    out: dict[str, Any] = {"value": num(value), "ci": [num(lo), num(hi)], "n": int(n)}
    if test or p_value is not None:
        out["p_value"] = num(p_value)
    out.update(extra)
    return out


def empty(n: int = 0, *, test: bool = False, note: str | None = None) -> dict[str, Any]:
    """An estimate that cannot be made from these judgments (value None), with the reason."""
    out = estimate(None, None, n, test=test)
    if note:
        out["note"] = note
    return out


def safe_ratio(k: float, n: float) -> float | None:
    return float(k) / float(n) if n else None
