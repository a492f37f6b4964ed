"""Self-preference: does a judge favour responses written by its own model family?

Uses pairwise judgments of the ``original`` variant whose verdict parsed. ``eo_gap`` needs gold
labels (equal opportunity, Wataoka et al. 2024); without gold, ``excess_win_rate`` sets the judge's
win rate for its family's responses against the rate *third-party* judges (of neither answer's family)
give the very same responses in the same order (``judgeaudit.stats.third_party``), which cancels the
responses' real quality. ``family_matrix`` has one row per judge; ``unknown_families`` lists every model
and judge whose family is unknown, with the pairs it cost.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from judgeaudit.contracts.estimate import Estimate, empty
from judgeaudit.metrics.sections.self_preference import FamilyMatrix, SelfPreferenceMetrics
from judgeaudit.stats.pairs import pairwise, parse_counts
from judgeaudit.stats.rates import diff_estimate, rate_estimate
from judgeaudit.stats.sections import SectionInput, section_stats
from judgeaudit.stats.third_party import judge_families, own_probability, own_side, third_party_excess


def self_preference_metrics(
    d: pd.DataFrame,
    *,
    judge: str,
    judge_family: str | None,
    families: Mapping[str, str | None] | None = None,
    seed: int = 0,
    n_boot: int = 2000,
) -> SelfPreferenceMetrics | None:
    """The self_preference section for ``judge``; ``d`` holds every judge's prepared rows.

    ``families`` names judges' families where the rows do not (``judge_family`` wins for ``judge``).
    None when no judgment names the responses' families.
    """
    orig = pairwise(d)
    fams = judge_families(orig, families)
    if judge in fams and judge_family is not None:
        fams[judge] = judge_family
    unknown = unknown_families(orig, fams)
    orig = orig.loc[orig["family_a"].notna() & orig["family_b"].notna()]
    mine = orig.loc[orig["judge"] == judge]
    if mine.empty:
        return None
    out: SelfPreferenceMetrics = {**parse_counts(mine), "judge_family": judge_family}
    out["family_matrix"] = family_matrix(orig, fams, seed=seed, n_boot=n_boot)
    if unknown:
        out["unknown_families"] = unknown
    if judge_family is None:
        out["note"] = "the judge's family is unknown: only family_matrix is computed"
        out["excess_win_rate"] = third_party_excess(orig, judge=judge, families=fams)
        return out
    parsed = mine.loc[mine["winner"].isin(("a", "b"))]
    own = own_side(parsed, judge_family)
    out["n_own_family_judgments"] = int((own != None).sum())  # noqa: E711
    out["eo_gap"] = eo_gap(parsed, own, seed=seed, n_boot=n_boot)
    out["excess_win_rate"] = third_party_excess(orig, judge=judge, families=fams)
    if mine["p_a"].notna().any():
        out["own_probability"] = own_probability(mine, own_side(mine, judge_family))
    return out


def unknown_families(orig: pd.DataFrame, families: Mapping[str, str | None]) -> dict[str, dict[str, int]]:
    """Models and judges whose family is unknown, each with the pairs (items) it cost self-preference.

    A model named on an answer without a family costs every pair it answers in; a judge without a
    family costs every pair it judged whose answers' families are known. Empty when nothing is missing.
    """
    out: dict[str, dict[str, int]] = {}
    models: dict[str, set[str]] = {}
    for side in ("a", "b"):
        lost = orig.loc[orig[f"model_{side}"].notna() & orig[f"family_{side}"].isna()]
        for model, units in lost.groupby(f"model_{side}")["unit"]:
            models.setdefault(str(model), set()).update(units)
    if models:
        out["models"] = {m: len(u) for m, u in sorted(models.items())}
    known = orig.loc[orig["family_a"].notna() & orig["family_b"].notna()]
    judges = {
        j: int(known.loc[known["judge"] == j, "unit"].nunique()) for j, f in sorted(families.items()) if f is None
    }
    if judges:
        out["judges"] = judges
    return out


def eo_gap(r: pd.DataFrame, own: np.ndarray, *, seed: int = 0, n_boot: int = 2000) -> Estimate:
    """P(picks own | gold own) − P(picks other | gold other) over judgments with one own-family response."""
    label = r["label"].to_numpy(object)
    winner = r["winner"].to_numpy(object)
    use = (own != None) & np.isin(label, ("a", "b"))  # noqa: E711
    if not use.any():
        return empty(0, test=True, note="no gold-labelled pairs with exactly one own-family response")
    gold_own = use & (label == own)
    gold_other = use & (label != own)
    picked_own = winner == own
    n1, n2 = int(gold_own.sum()), int(gold_other.sum())
    if not n1 or not n2:
        return empty(n1 + n2, test=True, note="needs gold wins for both the own family and the other")
    return diff_estimate(r["unit"].to_numpy(), gold_own, picked_own, gold_other, ~picked_own)


def family_matrix(
    orig: pd.DataFrame, families: Mapping[str, str | None], *, seed: int = 0, n_boot: int = 2000
) -> FamilyMatrix:
    """Win rate of each response family under each judge (non-tie verdicts, mixed-family pairs).

    One row per judge, never pooled by family: two judges of one family can differ. Returns the row
    labels (``judges``), each judge's family (``judge_family``), the column labels
    (``response_families``) and ``win_rate[judge][response_family]`` as estimates.
    """
    r = orig.loc[orig["winner"].isin(("a", "b")) & (orig["family_a"] != orig["family_b"])]
    judge = r["judge"].astype(str).to_numpy()
    winner_family = np.where(r["winner"] == "a", r["family_a"], r["family_b"]).astype(str)
    long = pd.DataFrame(
        {
            "judge": np.r_[judge, judge],
            "family": np.r_[r["family_a"].astype(str), r["family_b"].astype(str)],
            "unit": np.r_[r["unit"], r["unit"]],
        }
    )
    long["win"] = (long["family"].to_numpy() == np.r_[winner_family, winner_family]).astype(float)
    table: dict[str, dict[str, Estimate]] = {}
    for (j, f), g in long.groupby(["judge", "family"], sort=True):
        table.setdefault(str(j), {})[str(f)] = rate_estimate(g["unit"].to_numpy(), g["win"].to_numpy())
    return {
        "judges": sorted(table),
        "judge_family": {j: families.get(j) for j in sorted(table)},
        "response_families": sorted(set(long["family"])),
        "win_rate": table,
    }


@section_stats("self_preference")
def self_preference_section(s: SectionInput) -> SelfPreferenceMetrics | None:
    """The ``self_preference`` section of metrics.json for one audit."""
    return self_preference_metrics(
        s.all_rows, judge=s.judge, judge_family=s.judge_family, families=s.families, seed=s.seed, n_boot=s.n_boot
    )
