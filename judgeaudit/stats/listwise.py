"""Listwise position effect: with k > 2 responses in labelled slots, which slot gets picked?

Reads the listwise probe's rows (``mode`` ``listwise``): each group judged in the k cyclic
rotations of one order (a Latin square), so each response sits in each slot once and a judge that
reads only content picks every slot equally often. Units are judgments whose pick was read.

Per group size k (top-level: the most common k; ``by_k`` when several):
- ``slot_shares``: the share of picks per slot (1-based), each against 1/k (score interval and test,
  clustered by group).
- ``first_slot_share`` and ``last_slot_share``: the same for the first and the last slot.
- ``position_chi2``: Pearson chi-square of the slot counts against uniform (k − 1 df). Picks of one
  group are not independent, but the Latin square balances each group's content over the slots, so
  content preferences make the counts *more* even, not less.
- ``position_consistency``: share of groups (all k rotations read) where the same response won every
  rotation (Wilson; one unit per group): the listwise analogue of pairwise consistency.
"""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd
from scipy import stats as sps

from judgeaudit.contracts.estimate import Estimate, empty, estimate
from judgeaudit.metrics.sections.listwise import ListwiseForK, ListwiseMetrics
from judgeaudit.stats.intervals import floor_p, wilson
from judgeaudit.stats.rates import rate_estimate
from judgeaudit.stats.sections import SectionInput, section_stats


def listwise_rows(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.loc[rows["mode"] == "listwise"]


def _for_k(rows: pd.DataFrame, k: int, seed: int, n_boot: int) -> ListwiseForK:
    slot = pd.to_numeric(rows["chosen_slot"], errors="coerce")
    read = rows.loc[slot.notna()]
    picks = slot.loc[slot.notna()].to_numpy(int)
    n = len(picks)
    out: ListwiseForK = {
        "k": k,
        "n_judgments": int(len(rows)),
        "n_unparsed": int(len(rows) - n),
        "extraction_success_rate": n / len(rows) if len(rows) else None,
        "n_groups": int(rows["unit"].nunique()),
    }
    if not n:
        out["slot_shares"] = []
        out["position_chi2"] = empty(0, test=True, note="no pick could be read")
        return out
    # the response picked, from the slot order (prepare() keeps only a/b/tie in ``winner``)
    read = read.assign(choice=[str(o)[int(c) - 1] for o, c in zip(read["order"], picks)])
    units = read["unit"].to_numpy()
    counts = np.bincount(picks - 1, minlength=k)[:k]
    shares = []
    for j in range(k):
        shares.append(rate_estimate(units, picks == j + 1, p0=1.0 / k, slot=j + 1, expected=1.0 / k))
    out["slot_shares"] = shares
    out["first_slot_share"] = _without_slot(shares[0])
    out["last_slot_share"] = _without_slot(shares[-1])
    chi = sps.chisquare(counts)
    out["position_chi2"] = estimate(
        float(chi.statistic), None, n, floor_p(float(chi.pvalue)), df=k - 1, counts=[int(c) for c in counts]
    )
    out["position_consistency"] = _consistency(read, k)
    return out


def _without_slot(share: Estimate) -> Estimate:
    """A slot's share without its ``slot`` key (the first and last slots are named by their metric)."""
    return cast(Estimate, {k: v for k, v in share.items() if k != "slot"})


def _consistency(read: pd.DataFrame, k: int) -> Estimate:
    per_group = read.groupby("unit").agg(n=("choice", "size"), distinct=("choice", "nunique"))
    full = per_group.loc[per_group["n"] >= k]
    m = len(full)
    if not m:
        return empty(0, note="no group with every rotation read")
    hits = int((full["distinct"] == 1).sum())
    return estimate(hits / m, wilson(hits, m), m)


def listwise_metrics(rows: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> ListwiseMetrics | None:
    """The listwise section for one judge's prepared rows; None without listwise rows."""
    lw = listwise_rows(rows)
    if lw.empty:
        return None
    ks = pd.to_numeric(lw["k"], errors="coerce")
    by_k = {int(k): _for_k(lw.loc[ks == k], int(k), seed, n_boot) for k in sorted(ks.dropna().unique())}
    if not by_k:
        return None
    main = max(by_k, key=lambda k: (by_k[k]["n_judgments"], -k))
    out: ListwiseMetrics = {**by_k[main]}
    if len(by_k) > 1:
        out["by_k"] = {str(k): v for k, v in by_k.items()}
    return out


@section_stats("listwise")
def listwise_section(s: SectionInput) -> ListwiseMetrics | None:
    """The ``listwise`` section of metrics.json for one audit."""
    return listwise_metrics(s.rows, seed=s.seed, n_boot=s.n_boot)
