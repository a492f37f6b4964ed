"""Diagnoses read off a run's metrics: one definition shared by the terminal summary and the report."""

from __future__ import annotations

from typing import Any

from judgeaudit.metrics import read_estimate


def content_blind_slot(metrics: dict[str, Any] | None) -> str | None:
    """The slot ("first" or "second") a content-blind judge picks whatever the content, or None.

    The signature: it (almost) never gives the same verdict in both orders, its non-tie verdicts go
    (almost) all to one slot, and where gold exists it is (almost) never right in both orders.
    """
    pos = (metrics or {}).get("position")
    if not isinstance(pos, dict):
        return None

    def value(key: str) -> float | None:
        est = read_estimate(pos.get(key))
        return None if est is None else est["value"]

    cons, fsr, acc = value("consistency"), value("first_slot_rate"), value("accuracy_both_orders")
    if cons is None or fsr is None or cons > 0.1 or 0.1 < fsr < 0.9:
        return None
    if acc is not None and acc > 0.1:
        return None
    return "first" if fsr >= 0.9 else "second"
