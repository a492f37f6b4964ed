"""Reading metrics.json back: find a node by its path, and tell a usable estimate from a missing one.

The report, the vetting gate, the comparison and the terminal summary all read estimates through
:func:`read_estimate`, so "is this a usable number" has one answer everywhere. Kept apart from
``judgeaudit.stats`` (which writes the estimates), so reading a metrics.json never loads the statistics stack.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.io.files import finite_number


def read_estimate(node: Any) -> Estimate | None:
    """A metrics.json node as an estimate with a finite ``value``, or None where it has none.

    An estimate dict comes back with every key it had (its ``ci`` as written: see :func:`interval`); a bare
    number (``extraction_success_rate``) as ``{"value": x, "ci": None, "n": None}``. None: the node is
    missing, not a number, or an estimate these judgments could not give (``value`` None).
    """
    if finite_number(node):
        return cast("Estimate", {"value": float(node), "ci": None, "n": None})
    if isinstance(node, dict) and finite_number(node.get("value")):
        return cast("Estimate", {**node, "value": float(node["value"])})
    return None


def interval(est: Mapping[str, Any] | None) -> tuple[float, float] | None:
    """An estimate's 95% interval as ``(lo, hi)`` with lo ≤ hi, or None unless both ends are finite numbers."""
    ci: Any = (est or {}).get("ci")
    if isinstance(ci, (list, tuple)) and len(ci) == 2 and all(finite_number(c) for c in ci):
        lo, hi = float(ci[0]), float(ci[1])
        return (lo, hi) if lo <= hi else (hi, lo)
    return None


def lookup(metrics: Mapping[str, Any] | None, path: str) -> Any:
    """The node at a dotted path of metrics.json (``position.consistency``), or None wherever the path breaks off."""
    node: Any = metrics or {}
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node
