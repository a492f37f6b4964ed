"""Position bias: does the verdict follow the slot rather than the response?

Units are pairs: one item of the ``original`` variant judged in both orders, both verdicts parsed
(any probe's rows count). Each pair's two slot choices are classified as in Shi et al. 2024:
consistent ∈ {AB, BA, CC}, primacy ∈ {AA, AC, CA}, recency ∈ {BB, BC, CB}. The judgment-level rates
(``first_slot_rate``, ``accuracy_single``) use the verdicts of those same pairs, so every response
is seen once in each slot and a content preference cannot masquerade as a slot preference.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from judgeaudit.stats.estimates import empty, estimate, safe_ratio
from judgeaudit.stats.intervals import binom_p, bootstrap_ci, cluster_sums, rate_ci, ratio, ratio_test
from judgeaudit.stats.pairs import pair_table, pairwise, parse_counts

CONSISTENT = {"AB", "BA", "CC"}
PRIMACY = {"AA", "AC", "CA"}
RECENCY = {"BB", "BC", "CB"}
_CLASS = {
    **dict.fromkeys(CONSISTENT, "consistent"),
    **dict.fromkeys(PRIMACY, "primacy"),
    **dict.fromkeys(RECENCY, "recency"),
}


def classify(slot_ab: pd.Series, slot_ba: pd.Series) -> pd.Series:
    """``consistent`` / ``primacy`` / ``recency`` for each pair of slot choices (ab first)."""
    codes = slot_ab.astype(str) + slot_ba.astype(str)
    return codes.map(_CLASS).astype(object)


def complete_pairs(rows: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """Pairs of the rows judged in both orders with both verdicts parsed, and what was left out."""
    table = pair_table(rows)
    complete = table["has_ab"] & table["has_ba"]
    parsed = complete & table["winner_ab"].notna() & table["winner_ba"].notna()
    counts = {
        "n_incomplete_pairs": int((~complete).sum()),
        "n_unparsed_pairs": int((complete & ~parsed).sum()),
    }
    return table.loc[parsed].reset_index(drop=True), counts


def position_metrics(rows: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> dict[str, Any] | None:
    """The position section of metrics.json for one judge's rows; None without original pairwise rows."""
    orig = pairwise(rows)
    if orig.empty:
        return None
    pairs, left_out = complete_pairs(orig)
    out: dict[str, Any] = {**parse_counts(orig), **left_out}
    cls = classify(pairs["slot_ab"], pairs["slot_ba"]) if len(pairs) else pd.Series([], dtype=object)
    n_cons, n_prim, n_rec = (int((cls == c).sum()) for c in ("consistent", "primacy", "recency"))
    n = len(pairs)
    out.update(
        {
            "n_pairs": n,
            "n_consistent": n_cons,
            "n_primacy": n_prim,
            "n_recency": n_rec,
            "n_ties": int((pairs["slot_ab"] == "C").sum() + (pairs["slot_ba"] == "C").sum()) if n else 0,
        }
    )
    units = pairs["unit"].to_numpy()
    one = np.ones(n)

    _, s = cluster_sums(units, np.column_stack([(cls == "consistent").to_numpy(float), one]))
    out["consistency"] = estimate(safe_ratio(n_cons, n), rate_ci(s, n_boot=n_boot, seed=seed), n) if n else empty()

    inconsistent = (cls != "consistent").to_numpy()
    m = n_prim + n_rec
    _, s = cluster_sums(
        units[inconsistent],
        np.column_stack([(cls[inconsistent] == "primacy").to_numpy(float), one[inconsistent]]),
    )
    # exact binomial on independent pairs; with repeats an item holds several pairs: cluster-robust z
    p_prim = binom_p(n_prim, m) if m and s[:, 1].max() <= 1 else ratio_test(s, 0.5)
    out["primacy_share"] = (
        estimate(n_prim / m, rate_ci(s, n_boot=n_boot, seed=seed), m, p_prim)
        if m
        else empty(0, test=True, note="no inconsistent pairs")
    )

    out["preference_fairness"] = _fairness(units, cls, n_prim, n_rec, n, seed, n_boot)
    out["first_slot_rate"] = _first_slot_rate(pairs, seed, n_boot)
    out.update(_accuracy(pairs, seed, n_boot))
    stability = repetition_stability(orig, seed=seed, n_boot=n_boot)
    if stability is not None:
        out["repetition_stability"] = stability
    return out


def _fairness(
    units: np.ndarray, cls: pd.Series, n_prim: int, n_rec: int, n: int, seed: int, n_boot: int
) -> dict[str, Any]:
    """(n_rec·irr − n_prim·ipr)/n with ipr = n_prim/(n_prim+n_rec), irr = 1 − ipr (Shi et al. 2024)."""
    if not n:
        return empty()

    def stat(t: np.ndarray) -> np.ndarray:
        prim, rec, tot = t[..., 0], t[..., 1], t[..., 2]
        m = prim + rec
        ipr = np.divide(prim, m, out=np.zeros_like(m), where=m > 0)
        return (rec * (1 - ipr) - prim * ipr) / tot

    vals = np.column_stack([(cls == "primacy").to_numpy(float), (cls == "recency").to_numpy(float), np.ones(n)])
    _, s = cluster_sums(units, vals)
    value = float(stat(s.sum(axis=0)))
    return estimate(value, bootstrap_ci(s, stat, n_boot=n_boot, seed=seed), n)


def _first_slot_rate(pairs: pd.DataFrame, seed: int, n_boot: int) -> dict[str, Any]:
    """Share of non-tie verdicts (both orders of each pair) that chose the first slot."""
    slots = np.concatenate([pairs["slot_ab"].to_numpy(object), pairs["slot_ba"].to_numpy(object)])
    units = np.concatenate([pairs["unit"].to_numpy(), pairs["unit"].to_numpy()])
    non_tie = (slots == "A") | (slots == "B")
    k, n = int((slots == "A").sum()), int(non_tie.sum())
    if not n:
        return empty(0, test=True, note="no non-tie verdicts")
    _, s = cluster_sums(units[non_tie], np.column_stack([(slots[non_tie] == "A").astype(float), np.ones(n)]))
    return estimate(k / n, bootstrap_ci(s, ratio, n_boot=n_boot, seed=seed), n, ratio_test(s, 0.5))


def _accuracy(pairs: pd.DataFrame, seed: int, n_boot: int) -> dict[str, Any]:
    """Verdicts against gold ``a``/``b``: each verdict, and pairs right in both orders."""
    gold = pairs.loc[pairs["label"].isin(("a", "b"))]
    if gold.empty:
        return {}
    right_ab = (gold["winner_ab"] == gold["label"]).to_numpy(float)
    right_ba = (gold["winner_ba"] == gold["label"]).to_numpy(float)
    n = len(gold)
    units = gold["unit"].to_numpy()
    _, s1 = cluster_sums(units, np.column_stack([right_ab + right_ba, np.full(n, 2.0)]))
    _, s2 = cluster_sums(units, np.column_stack([right_ab * right_ba, np.ones(n)]))
    return {
        "accuracy_single": estimate(
            (right_ab.sum() + right_ba.sum()) / (2 * n),
            bootstrap_ci(s1, ratio, n_boot=n_boot, seed=seed),
            2 * n,
        ),
        "accuracy_both_orders": estimate((right_ab * right_ba).sum() / n, rate_ci(s2, n_boot=n_boot, seed=seed), n),
    }


def repetition_stability(rows: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> dict[str, Any] | None:
    """Mean over prompts of (count of the modal verdict / parsed repeats); None without repeats.

    A prompt is one (item, variant, order); only prompts with ≥2 parsed repeats count, since a
    single verdict is trivially stable.
    """
    if rows["repeat"].nunique() <= 1:
        return None
    parsed = rows.loc[rows["parsed"]]
    counts = parsed.groupby(["unit", "variant", "order", "winner"]).size()
    per_prompt = counts.groupby(level=["unit", "variant", "order"]).agg(["max", "sum"])
    per_prompt = per_prompt.loc[per_prompt["sum"] >= 2]
    if per_prompt.empty:
        return empty(0, note="no prompt has two parsed repeats")
    share = (per_prompt["max"] / per_prompt["sum"]).to_numpy()
    units = per_prompt.index.get_level_values("unit").to_numpy()
    _, s = cluster_sums(units, np.column_stack([share, np.ones(len(share))]))
    return estimate(
        share.mean(),
        bootstrap_ci(s, ratio, n_boot=n_boot, seed=seed),
        len(share),
        n_repeats=int(rows["repeat"].nunique()),
    )
