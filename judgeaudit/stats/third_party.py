"""Self-preference against third-party judges: the panel estimate of ``excess_win_rate``.

Judge J of family F favours its own family when, on pairs holding exactly one answer of F, it gives that
answer more wins than judges who have no stake in the pair do. A *third-party* judge is one whose
family is neither answer's family: a judge who wrote the opposing answer is not a neutral baseline
(its own self-preference would show up as J's), nor is another judge of F.

The comparison is paired: J's own-answer win on item i in order o against the third-party judges'
mean win for the same answer on the same item in the same order. Wins count 1, ties 1/2, losses 0;
unparsed verdicts are left out. So that position bias can never pass for self-preference, the answer's
slot must be balanced: where some pairs were judged in both orders only those pairs count (the own
answer then sits first exactly as often as second); a one-order design counts when both slots occur,
and each slot then gets half the weight. The interval and test are cluster-robust by item, on the t
distribution with (items − 1) degrees of freedom.

A judge whose verdicts follow the slot whatever the content (the project's one content-blind
diagnosis) says nothing about its own answers, so its excess is not estimable.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from judgeaudit.contracts.estimate import Estimate, empty, estimate
from judgeaudit.metrics.diagnosis import blind_slot

_WIN = {"a": 1.0, "b": 0.0, "tie": 0.5}  # the win of answer a; answer b's is 1 − this


def judge_families(rows: pd.DataFrame, overrides: Mapping[str, str | None] | None = None) -> dict[str, str | None]:
    """Judge → family: the first family recorded on the judge's rows, unless ``overrides`` names one."""
    out: dict[str, str | None] = {}
    for judge, fams in rows.groupby("judge", sort=True)["judge_family"]:
        known = fams.dropna()
        out[str(judge)] = str(known.iloc[0]) if len(known) else None
    for judge, fam in (overrides or {}).items():
        if fam is not None and judge in out:
            out[judge] = fam
    return out


def own_side(rows: pd.DataFrame, family: str) -> np.ndarray:
    """``a`` / ``b`` where exactly that answer is of ``family``, else None."""
    fa = (rows["family_a"] == family).to_numpy()
    fb = (rows["family_b"] == family).to_numpy()
    side = np.full(len(rows), None, dtype=object)
    side[fa & ~fb] = "a"
    side[fb & ~fa] = "b"
    return side


def _own_wins(rows: pd.DataFrame, side: np.ndarray) -> np.ndarray:
    win_a = rows["winner"].map(_WIN).to_numpy(float)
    return np.where(side == "a", win_a, 1.0 - win_a)


def _cells(rows: pd.DataFrame, side: np.ndarray, by_judge: bool) -> pd.DataFrame:
    """Mean own-answer win per (unit, order); over third-party judges, each judge weighs the same."""
    f = pd.DataFrame(
        {
            "unit": rows["unit"].to_numpy(),
            "order": rows["order"].to_numpy(),
            "judge": rows["judge"].to_numpy(),
            "side": side,
            "win": _own_wins(rows, side),
        }
    )
    if by_judge:
        per = f.groupby(["unit", "order", "judge"], sort=True).agg(win=("win", "mean"), side=("side", "first"))
        return (
            per.groupby(["unit", "order"], sort=True)
            .agg(win=("win", "mean"), side=("side", "first"), n_judges=("win", "size"))
            .reset_index()
        )
    return (
        f.groupby(["unit", "order"], sort=True)
        .agg(win=("win", "mean"), side=("side", "first"), n=("win", "size"))
        .reset_index()
    )


def third_party_excess(orig: pd.DataFrame, *, judge: str, families: Mapping[str, str | None]) -> Estimate:
    """``excess_win_rate`` of ``judge``: own-answer win rate − third-party judges' rate on the same pairs.

    Args:
        orig: prepared pairwise rows of the ``original`` variant, every judge's.
        judge: the judge J under audit.
        families: judge → family for every judge in ``orig`` (None where unknown).

    Returns:
        An estimate (``value``, ``ci``, ``n`` items, ``p_value``) with the counts behind it, or an
        empty estimate whose ``note`` says why it cannot be made.
    """
    family = families.get(judge)
    if family is None:
        return empty(0, test=True, note="the judge's family is unknown (declare it with --family NAME=FAMILY)")
    rows = orig.loc[orig["winner"].isin(tuple(_WIN)) & orig["family_a"].notna() & orig["family_b"].notna()]
    side = own_side(rows, family)
    held = side != None  # noqa: E711 - elementwise
    rows, side = rows.loc[held], side[held]
    is_j = (rows["judge"] == judge).to_numpy()
    if not is_j.any():
        return empty(0, test=True, note=f"no judged pair holds exactly one answer of the judge's family ({family})")
    fam_of = rows["judge"].map(lambda j: families.get(j)).to_numpy(object)
    third = (
        ~is_j
        & pd.notna(fam_of)
        & (fam_of != rows["family_a"].to_numpy(object))
        & (fam_of != rows["family_b"].to_numpy(object))
    )
    mine = _cells(rows.loc[is_j], side[is_j], by_judge=False)
    theirs = _cells(rows.loc[third], side[third], by_judge=True)
    both = mine.merge(theirs[["unit", "order", "win", "n_judges"]], on=["unit", "order"], suffixes=("", "_3p"))
    counts: dict[str, Any] = {
        "n_own_pairs": int(mine["unit"].nunique()),
        "n_pairs_without_third_party": int(mine["unit"].nunique() - both["unit"].nunique()),
        "third_party_judges": sorted({str(j) for j in rows.loc[third, "judge"]}),
    }
    if both.empty:
        return empty(
            0,
            test=True,
            note="no pair holding the judge's own answer was judged by a third-party "
            "judge (one whose family is neither answer's)",
            **counts,
        )
    orders = both.groupby("unit")["order"].nunique()
    complete = orders.index[orders == 2]
    design = "both orders" if len(complete) else "one order, slots weighted equally"
    if len(complete):
        counts["n_pairs_single_order"] = int(len(orders) - len(complete))
        both = both.loc[both["unit"].isin(complete)]
    first = ((both["order"] == "ab") == (both["side"] == "a")).to_numpy()
    if first.all() or not first.any():
        slot = "first" if first.all() else "second"
        return empty(
            0,
            test=True,
            note=f"position not balanced: the own answer was always shown {slot} and no pair was judged in both orders",
            **counts,
        )
    blind = _blind(both, first)
    if blind is not None:
        return empty(
            int(both["unit"].nunique()),
            test=True,
            note=f"the judge picks the {blind} slot whatever the content on these pairs: its verdicts "
            "say nothing about its own answers",
            **counts,
        )
    value, ci, p, n = _balanced_difference(
        both["unit"].to_numpy(), both["win"].to_numpy(float), both["win_3p"].to_numpy(float), first
    )
    return estimate(
        value,
        ci,
        n,
        p,
        test=True,
        design=design,
        own_win_rate=_balanced_mean(both["win"].to_numpy(float), first),
        third_party_win_rate=_balanced_mean(both["win_3p"].to_numpy(float), first),
        n_judgments=int(both["n"].sum()),
        **counts,
    )


def _blind(both: pd.DataFrame, first: np.ndarray) -> str | None:
    """The slot J picks whatever the content on the counted pairs (diagnosis thresholds), or None."""
    win = both["win"].to_numpy(float)
    decided = (win == 0.0) | (win == 1.0)  # a tie or a split over repeats has no slot
    if not decided.any():
        return None
    first_pick = np.where(first, win == 1.0, win == 0.0)[decided]
    consistency = None
    pair = both.assign(own=win).loc[decided].groupby("unit")["own"]
    if (pair.size() == 2).any():
        consistency = float((pair.nunique()[pair.size() == 2] == 1).mean())
    return blind_slot(consistency, float(first_pick.mean()), None)


def _balanced_mean(x: np.ndarray, first: np.ndarray) -> float:
    """Mean of ``x`` with the own answer's two slots weighing one half each."""
    return float(0.5 * (x[first].mean() + x[~first].mean()))


def _balanced_difference(
    units: np.ndarray, mine: np.ndarray, theirs: np.ndarray, first: np.ndarray
) -> tuple[float, tuple[float, float], float, int]:
    """Slot-balanced mean of (mine − theirs): value, 95% interval, p-value and number of items.

    Each slot stratum weighs one half; the estimate is a sum of per-item contributions, whose spread
    gives the cluster-robust variance (factor C/(C−1)). The standard error is never below 1/C, the
    change one item makes: all-equal differences are a small sample, not a certainty.
    """
    d = mine - theirs
    w = np.where(first, 0.5 / first.sum(), 0.5 / (~first).sum())
    contrib = pd.Series(w * d).groupby(pd.Series(units)).sum().to_numpy()
    c = len(contrib)
    value = _balanced_mean(d, first)
    var = c / (c - 1) * float(np.sum((contrib - value / c) ** 2)) if c > 1 else math.inf
    se = max(math.sqrt(var), 1.0 / c)
    df = max(c - 1, 1)
    half = float(sps.t.ppf(0.975, df)) * se
    p = float(2 * sps.t.sf(abs(value) / se, df)) if math.isfinite(se) else 1.0
    return value, (max(-1.0, value - half), min(1.0, value + half)), max(p, np.finfo(float).tiny), c


def own_probability(rows: pd.DataFrame, side: np.ndarray) -> Estimate:
    """Order-averaged probability the judge gives its own answer (``p_a``; logprob mode), per item.

    The self-recognition literature's measure; items judged in both orders average the two orders, so
    a slot preference cancels. Not a test: it moves with the own answers' quality too.
    """
    has = rows["p_a"].notna().to_numpy() & (side != None)  # noqa: E711
    if not has.any():
        return empty(0, note="needs verdict probabilities (p_a) on pairs with exactly one own-family answer")
    p_a = rows["p_a"].to_numpy(float)[has]
    p_own = np.where(side[has] == "a", p_a, 1.0 - p_a)
    f = pd.DataFrame({"unit": rows["unit"].to_numpy()[has], "order": rows["order"].to_numpy()[has], "p": p_own})
    per_order = f.groupby(["unit", "order"], sort=True)["p"].mean()
    by_unit = per_order.groupby(level="unit").agg(["mean", "size"])
    balanced = by_unit.loc[by_unit["size"] == 2, "mean"]
    if balanced.empty:
        return empty(0, note="needs pairs judged in both orders")
    vals = balanced.to_numpy(float)
    c = len(vals)
    sd = float(np.std(vals, ddof=1)) if c > 1 else math.inf
    se = max(sd / math.sqrt(c), 1.0 / c)
    half = float(sps.t.ppf(0.975, max(c - 1, 1))) * se
    m = float(vals.mean())
    return estimate(m, (max(0.0, m - half), min(1.0, m + half)), c)
