"""Diagnoses read off a run's metrics: one definition shared by the terminal summary and the report."""

from __future__ import annotations

from judgeaudit.metrics.reading import read_estimate
from judgeaudit.metrics.words import Metrics


def blind_slot(consistency: float | None, first_slot_rate: float, accuracy_both_orders: float | None) -> str | None:
    """The slot ("first" or "second") of a content-blind judge, from its position rates, or None.

    The signature: it (almost) never gives the same verdict in both orders, its non-tie verdicts go
    (almost) all to one slot, and where gold exists it is (almost) never right in both orders. Without
    pairs judged in both orders (``consistency`` None) the slot share alone decides.
    """
    if (consistency is not None and consistency > 0.1) or 0.1 < first_slot_rate < 0.9:
        return None
    if accuracy_both_orders is not None and accuracy_both_orders > 0.1:
        return None
    return "first" if first_slot_rate >= 0.9 else "second"


def content_blind_slot(metrics: Metrics | None) -> str | None:
    """The slot ("first" or "second") a content-blind judge picks whatever the content, or None."""
    pos = (metrics or {}).get("position")
    if not isinstance(pos, dict):
        return None

    def value(key: str) -> float | None:
        est = read_estimate(pos.get(key))
        return None if est is None else est["value"]

    cons, fsr, acc = value("consistency"), value("first_slot_rate"), value("accuracy_both_orders")
    if cons is None or fsr is None:
        return None
    return blind_slot(cons, fsr, acc)
