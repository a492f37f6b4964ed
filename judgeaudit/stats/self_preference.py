"""Self-preference: does a judge favour responses written by its own model family?

Uses pairwise judgments of the ``original`` variant whose verdict parsed. ``eo_gap`` needs gold
labels (equal opportunity, Wataoka et al. 2024); without gold, ``excess_win_rate`` sets the judge's
win rate for its family's responses against the rate the *other* judges give the very same responses
(leave-one-out), which cancels the responses' real quality. ``family_matrix`` covers every judge.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from judgeaudit.stats.estimates import empty, estimate
from judgeaudit.stats.intervals import bootstrap_ci, cluster_sums, diff_of_ratios, diff_test, ratio
from judgeaudit.stats.pairs import pairwise, parse_counts


def _own_side(r: pd.DataFrame, family: str) -> np.ndarray:
    """'a' / 'b' when exactly that response is of ``family``, else None."""
    fa = (r["family_a"] == family).to_numpy()
    fb = (r["family_b"] == family).to_numpy()
    side = np.full(len(r), None, dtype=object)
    side[fa & ~fb] = "a"
    side[fb & ~fa] = "b"
    return side


def self_preference_metrics(
    d: pd.DataFrame, *, judge: str, judge_family: str | None, seed: int = 0, n_boot: int = 2000
) -> dict[str, Any] | None:
    """The self_preference section for ``judge``; ``d`` holds every judge's prepared rows.

    None when no judgment names the responses' families.
    """
    orig = pairwise(d)
    orig = orig.loc[orig["family_a"].notna() & orig["family_b"].notna()]
    mine = orig.loc[orig["judge"] == judge]
    if mine.empty:
        return None
    out: dict[str, Any] = {**parse_counts(mine), "judge_family": judge_family}
    out["family_matrix"] = family_matrix(orig, seed=seed, n_boot=n_boot)
    if judge_family is None:
        out["note"] = "the judge's family is unknown: only family_matrix is computed"
        return out
    parsed = mine.loc[mine["winner"].isin(("a", "b"))]
    own = _own_side(parsed, judge_family)
    out["n_own_family_judgments"] = int((own != None).sum())  # noqa: E711
    out["eo_gap"] = eo_gap(parsed, own, seed=seed, n_boot=n_boot)
    others = orig.loc[(orig["judge"] != judge) & orig["winner"].isin(("a", "b"))]
    if not others.empty:
        out["excess_win_rate"] = excess_win_rate(parsed, own, others, seed=seed, n_boot=n_boot)
    return out


def eo_gap(r: pd.DataFrame, own: np.ndarray, *, seed: int = 0, n_boot: int = 2000) -> dict[str, Any]:
    """P(picks own | gold own) − P(picks other | gold other) over judgments with one own-family response."""
    label = r["label"].to_numpy(object)
    winner = r["winner"].to_numpy(object)
    use = (own != None) & np.isin(label, ("a", "b"))  # noqa: E711
    if not use.any():
        return empty(0, test=True, note="no gold-labelled pairs with exactly one own-family response")
    gold_own = use & (label == own)
    gold_other = use & (label != own)
    picked_own = winner == own
    vals = np.column_stack([gold_own & picked_own, gold_own, gold_other & ~picked_own, gold_other]).astype(
        float
    )
    n1, n2 = int(gold_own.sum()), int(gold_other.sum())
    if not n1 or not n2:
        return empty(n1 + n2, test=True, note="needs gold wins for both the own family and the other")
    _, s = cluster_sums(r["unit"].to_numpy(), vals)
    value, p = diff_test(s)
    return estimate(
        value,
        bootstrap_ci(s, diff_of_ratios, n_boot=n_boot, seed=seed),
        n1 + n2,
        p,
        rates=[float(picked_own[gold_own].mean()), float((~picked_own)[gold_other].mean())],
    )


def excess_win_rate(
    r: pd.DataFrame, own: np.ndarray, others: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000
) -> dict[str, Any]:
    """The judge's win rate for its own family's responses − the other judges' rate for the same ones.

    Only items judged by this judge and at least one other judge count; ties are left out of both.
    """
    has_own = own != None  # noqa: E711
    mine = pd.DataFrame(
        {
            "unit": r["unit"].to_numpy()[has_own],
            "own": own[has_own],
            "win": (r["winner"].to_numpy(object)[has_own] == own[has_own]).astype(float),
        }
    )
    side = mine.drop_duplicates("unit").set_index("unit")["own"]
    theirs = others.loc[others["unit"].isin(side.index)]
    theirs = pd.DataFrame(
        {
            "unit": theirs["unit"].to_numpy(),
            "win": (
                theirs["winner"].to_numpy(object) == side.reindex(theirs["unit"]).to_numpy(object)
            ).astype(float),
        }
    )
    mine = mine.loc[mine["unit"].isin(set(theirs["unit"]))]
    if mine.empty:
        return empty(0, test=True, note="no own-family pair was also judged by another judge")
    units = np.concatenate([mine["unit"].to_numpy(), theirs["unit"].to_numpy()])
    is_mine = np.r_[np.ones(len(mine)), np.zeros(len(theirs))]
    win = np.r_[mine["win"].to_numpy(), theirs["win"].to_numpy()]
    vals = np.column_stack([is_mine * win, is_mine, (1 - is_mine) * win, 1 - is_mine])
    _, s = cluster_sums(units, vals)
    value, p = diff_test(s)
    return estimate(
        value,
        bootstrap_ci(s, diff_of_ratios, n_boot=n_boot, seed=seed),
        len(mine),
        p,
        own_win_rate=float(mine["win"].mean()),
        others_win_rate=float(theirs["win"].mean()),
        n_other_judgments=int(len(theirs)),
        n_other_judges=int(others["judge"].nunique()),
    )


def family_matrix(orig: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> dict[str, Any]:
    """Win rate of each response family under each judge family (non-tie verdicts, mixed-family pairs).

    Judges without a recorded family appear under their name. Returns the row and column labels and
    ``win_rate[judge_family][response_family]`` as estimates.
    """
    r = orig.loc[orig["winner"].isin(("a", "b")) & (orig["family_a"] != orig["family_b"])]
    jf = r["judge_family"].where(r["judge_family"].notna(), r["judge"]).astype(str).to_numpy()
    winner_family = np.where(r["winner"] == "a", r["family_a"], r["family_b"]).astype(str)
    long = pd.DataFrame(
        {
            "judge_family": np.r_[jf, jf],
            "family": np.r_[r["family_a"].astype(str), r["family_b"].astype(str)],
            "unit": np.r_[r["unit"], r["unit"]],
        }
    )
    long["win"] = (long["family"].to_numpy() == np.r_[winner_family, winner_family]).astype(float)
    table: dict[str, dict[str, Any]] = {}
    for (j, f), g in long.groupby(["judge_family", "family"], sort=True):
        _, s = cluster_sums(g["unit"].to_numpy(), np.column_stack([g["win"].to_numpy(), np.ones(len(g))]))
        table.setdefault(str(j), {})[str(f)] = estimate(
            g["win"].mean(), bootstrap_ci(s, ratio, n_boot=n_boot, seed=seed), len(g)
        )
    return {
        "judge_families": sorted(table),
        "response_families": sorted(set(long["family"])),
        "win_rate": table,
    }
