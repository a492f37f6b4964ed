"""Position bias: does the verdict follow the slot rather than the response?

Pair metrics count pairs: one item of the ``original`` variant judged in both orders, both verdicts parsed
(any probe's rows count). Each pair's two slot choices are classified as in Shi et al. 2024:
consistent ∈ {AB, BA, CC}, primacy ∈ {AA, AC, CA}, recency ∈ {BB, BC, CB}. The judgment metrics
(``first_slot_rate``, ``accuracy_single``) count every parsed verdict of the ``original`` variant, as their
definitions say; ``first_slot_rate_complete_pairs`` restricts the first to the verdicts of complete pairs,
where every response is seen once in each slot, so unparsed outputs that depend on the content cannot pass
for a slot preference. Intervals are closed form (``intervals.py``), clustered by item.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from judgeaudit.contracts.estimate import Estimate, empty, estimate
from judgeaudit.metrics.sections.position import PairsLeftOut, PositionAccuracy, PositionMetrics
from judgeaudit.stats.intervals import binom_p, cluster_sums, rate
from judgeaudit.stats.pairs import pair_table, pairwise, parse_counts
from judgeaudit.stats.rates import rate_estimate, signed_estimate
from judgeaudit.stats.sections import SectionInput, section_stats

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


def complete_pairs(rows: pd.DataFrame) -> tuple[pd.DataFrame, PairsLeftOut]:
    """Pairs of the rows judged in both orders with both verdicts parsed, and what was left out."""
    pairs, counts, _ = _pairs(rows)
    return pairs, counts


def _pairs(rows: pd.DataFrame) -> tuple[pd.DataFrame, PairsLeftOut, pd.DataFrame]:
    """(parsed complete pairs, counts left out, every pair judged in both orders)."""
    table = pair_table(rows)
    complete = table["has_ab"] & table["has_ba"]
    parsed = complete & table["winner_ab"].notna() & table["winner_ba"].notna()
    counts: PairsLeftOut = {
        "n_incomplete_pairs": int((~complete).sum()),
        "n_unparsed_pairs": int((complete & ~parsed).sum()),
    }
    return table.loc[parsed].reset_index(drop=True), counts, table.loc[complete].reset_index(drop=True)


def position_metrics(rows: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> PositionMetrics | None:
    """The position section of metrics.json for one judge's rows; None without original pairwise rows.

    ``seed`` and ``n_boot`` are accepted for a uniform signature: every interval here is closed form.
    """
    orig = pairwise(rows)
    if orig.empty:
        return None
    pairs, left_out, judged = _pairs(orig)
    out: PositionMetrics = {**parse_counts(orig), **left_out}
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
    # with no item judged in both orders each answer kept its slot, so the slot is confounded with content
    one_order = judged.empty
    # why the pair metrics are n/a: nothing was shown in both orders, or no pair was read in both
    no_pairs = "no item judged in both orders" if one_order else "no pair with a verdict read in both orders"
    out["consistency"] = rate_estimate(units, (cls == "consistent").to_numpy()) if n else empty(note=no_pairs)
    out["primacy_share"] = (
        _primacy_share(units, cls, n_prim, n_prim + n_rec) if n else empty(0, test=True, note=no_pairs)
    )
    signs = (cls == "recency").to_numpy(float) - (cls == "primacy").to_numpy(float)
    out["preference_fairness"] = signed_estimate(units, signs) if n else empty(note=no_pairs)
    # Shi et al.'s convention: every pair judged in both orders in n, an unreadable one counted as neither
    all_cls = classify(judged["slot_ab"], judged["slot_ba"]) if not one_order else pd.Series([], dtype=object)
    all_signs = (all_cls == "recency").to_numpy(float) - (all_cls == "primacy").to_numpy(float)
    out["preference_fairness_all_pairs"] = (
        signed_estimate(judged["unit"].to_numpy(), all_signs) if not one_order else empty(note=no_pairs)
    )
    # a tie in both orders is "consistent" yet says nothing: an always-tie judge would score 1.00 and 0
    decisive = ~((pairs["slot_ab"] == "C") & (pairs["slot_ba"] == "C")).to_numpy() if n else np.zeros(0, bool)
    no_decisive = "every pair was a tie in both orders" if n else no_pairs
    out["consistency_decisive"] = (
        rate_estimate(units[decisive], (cls == "consistent").to_numpy()[decisive])
        if decisive.any()
        else empty(note=no_decisive)
    )
    out["preference_fairness_decisive"] = (
        signed_estimate(units[decisive], signs[decisive]) if decisive.any() else empty(note=no_decisive)
    )
    out["first_slot_rate"] = _first_slot_rate(
        orig["unit"].to_numpy(), orig["slot"].to_numpy(object), test=not one_order
    )
    if one_order and out["first_slot_rate"]["value"] is not None:
        out["first_slot_rate"]["note"] = (
            "judged in one order only: the first slot held the same answer of each item throughout, so this rate "
            "is a slot preference only if the order was randomised; not tested"
        )
    # no second test of the same hypothesis in the Holm battery: first_slot_rate carries the p-value
    out["first_slot_rate_complete_pairs"] = (
        _first_slot_rate(
            np.concatenate([units, units]),
            np.concatenate([pairs["slot_ab"].to_numpy(object), pairs["slot_ba"].to_numpy(object)]),
            test=False,
        )
        if n
        else empty(note=no_pairs)
    )
    out.update(_accuracy(orig, pairs))
    stability = repetition_stability(orig, seed=seed, n_boot=n_boot)
    if stability is not None:
        out["repetition_stability"] = stability
    return out


def _primacy_share(units: np.ndarray, cls: pd.Series, n_prim: int, m: int) -> Estimate:
    """n_prim / (n_prim + n_rec) against 0.5: exact binomial on independent pairs, score test with repeats."""
    if not m:
        return empty(0, test=True, note="no inconsistent pairs")
    inconsistent = (cls != "consistent").to_numpy()
    _, s = cluster_sums(
        units[inconsistent], np.column_stack([(cls[inconsistent] == "primacy").to_numpy(float), np.ones(m)])
    )
    r = rate(s)
    assert r is not None
    # with repeats an item holds several pairs, which the exact test would take as independent
    p = binom_p(n_prim, m) if s[:, 1].max() <= 1 else r.p_value(0.5)
    return estimate(n_prim / m, r.interval(), m, p)


def _first_slot_rate(units: np.ndarray, slots: np.ndarray, test: bool = True) -> Estimate:
    """Share of non-tie verdicts that chose the first slot (tested against 0.5 when ``test``)."""
    non_tie = (slots == "A") | (slots == "B")
    if not non_tie.any():
        return empty(0, test=test, note="no non-tie verdicts")
    return rate_estimate(units[non_tie], slots[non_tie] == "A", p0=0.5 if test else None)


def _accuracy(orig: pd.DataFrame, pairs: pd.DataFrame) -> PositionAccuracy:
    """Verdicts against gold ``a``/``b``: every parsed verdict (a tie is not correct), and pairs right in
    both orders."""
    verdicts = orig.loc[orig["parsed"].astype(bool) & orig["label"].isin(("a", "b"))]
    gold = pairs.loc[pairs["label"].isin(("a", "b"))]
    if verdicts.empty and gold.empty:
        return {}
    out: PositionAccuracy = {}
    out["accuracy_single"] = (
        rate_estimate(verdicts["unit"].to_numpy(), (verdicts["winner"] == verdicts["label"]).to_numpy())
        if len(verdicts)
        else empty(note="no parsed verdict on a gold-labelled item")
    )
    right_both = (gold["winner_ab"] == gold["label"]) & (gold["winner_ba"] == gold["label"])
    out["accuracy_both_orders"] = (
        rate_estimate(gold["unit"].to_numpy(), right_both.to_numpy())
        if len(gold)
        else empty(note="no gold-labelled pair with both verdicts parsed")
    )
    return out


def repetition_stability(rows: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> Estimate | None:
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
    return rate_estimate(units, share, n_repeats=int(rows["repeat"].nunique()))


@section_stats("position")
def position_section(s: SectionInput) -> PositionMetrics | None:
    """The ``position`` section of metrics.json for one audit."""
    return position_metrics(s.rows, seed=s.seed, n_boot=s.n_boot)
