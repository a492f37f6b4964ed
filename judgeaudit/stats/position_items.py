"""Per-item sums of the position rates the leaderboard ranks, for a joint item bootstrap over judges.

A rate of ``position.py`` is Σk / Σm over items; keeping each item's (k, m) lets the leaderboard resample
the items that judges share, recompute every judge's rate on the same draw and so see how the judges'
estimates move together. The definitions are those of ``position_metrics`` (same pairs, same classes).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from judgeaudit.stats.pairs import pairwise
from judgeaudit.stats.position import _pairs, classify

# leaderboard column -> signed (value = 2·rate − 1) or a plain rate
ITEM_COLUMNS = {
    "position.consistency_decisive": False,
    "position.preference_fairness_decisive": True,
    "position.accuracy_both_orders": False,
}


def item_sums(rows: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Column -> one row per item (index: its unit) with its hits ``k`` and pairs ``m``, from prepared rows
    (``pairs.prepare``); a column the rows cannot measure is left out."""
    orig = pairwise(rows)
    if orig.empty:
        return {}
    pairs, _, _ = _pairs(orig)
    if pairs.empty:
        return {}
    keys = pairs["unit"]
    cls = classify(pairs["slot_ab"], pairs["slot_ba"])
    decisive = ~((pairs["slot_ab"] == "C") & (pairs["slot_ba"] == "C"))
    signs = (cls == "recency").astype(float) - (cls == "primacy").astype(float)
    gold = pairs["label"].isin(("a", "b"))
    right = (pairs["winner_ab"] == pairs["label"]) & (pairs["winner_ba"] == pairs["label"])
    parts = {
        "position.consistency_decisive": (decisive, (cls == "consistent").astype(float)),
        "position.preference_fairness_decisive": (decisive, (signs + 1) / 2),
        "position.accuracy_both_orders": (gold, right.astype(float)),
    }
    out = {}
    for col, (keep, hits) in parts.items():
        if keep.any():
            frame = pd.DataFrame({"key": keys[keep].to_numpy(), "k": hits[keep].to_numpy(float), "m": 1.0})
            out[col] = frame.groupby("key", sort=True)[["k", "m"]].sum()
    return out


def value_of(k: np.ndarray, m: np.ndarray, signed: bool) -> np.ndarray:
    """Σk / Σm along the last axis (2·rate − 1 when ``signed``); NaN without pairs."""
    with np.errstate(invalid="ignore", divide="ignore"):
        r = k.sum(axis=-1) / m.sum(axis=-1)
    return 2 * r - 1 if signed else r
