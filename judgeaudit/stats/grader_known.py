"""Known answers: does the grader pass the known-good answers and fail the known-wrong ones?"""

from __future__ import annotations

import numpy as np
import pandas as pd

from judgeaudit.contracts.estimate import Estimate, empty, estimate, with_keys
from judgeaudit.metrics.sections.grader_known import GraderKnownMetrics
from judgeaudit.stats.bootstrap import percentile, resample_counts
from judgeaudit.stats.grader_rows import grades, read, value_of
from judgeaudit.stats.intervals import wilson
from judgeaudit.stats.pairs import parse_counts
from judgeaudit.stats.rates import diff_estimate, rate_estimate
from judgeaudit.stats.sections import SectionInput, section_stats


def known_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The answers graded as given: the ``grader_known`` probe's rows, else the commonest format's originals."""
    original = grades(rows, "original")
    mine = original.loc[original["probe"] == "grader_known"]
    if len(mine) or original.empty:
        return mine
    top = original["format"].value_counts().sort_index(kind="stable")
    return original.loc[original["format"] == top.idxmax()]


def auroc(units: np.ndarray, values: np.ndarray, positive: np.ndarray, seed: int, n_boot: int) -> Estimate:
    """P(a known-good answer gets a higher grade than a known-wrong one), ties one half; answer-bootstrap interval.

    Where every resample gives the same value (perfect separation), the interval is widened to the Wilson
    interval over the smaller group's size: never an interval of zero width.
    """
    n = len(values)
    pos, neg = values[positive], values[~positive]
    if not len(pos) or not len(neg):
        return empty(n, note="needs known-good and known-wrong answers")
    cmp = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
    value = float(cmp.mean())
    codes, uniq = pd.factorize(pd.Series(units, dtype=object))
    reps = []
    for counts in resample_counts(len(uniq), n_boot, seed):
        w = counts[:, codes]
        wp, wn = w[:, positive], w[:, ~positive]
        den = wp.sum(axis=1) * wn.sum(axis=1)
        keep = den > 0
        reps.append(np.einsum("bi,ij,bj->b", wp[keep], cmp, wn[keep]) / den[keep])
    lo, hi = percentile(np.concatenate(reps))
    m = min(len(pos), len(neg))
    w_lo, w_hi = wilson(value * m, m)
    if lo is None or hi is None or hi - lo < 1e-12:
        lo, hi = w_lo, w_hi
    return estimate(value, (lo, hi), n, n_good=int(len(pos)), n_wrong=int(len(neg)))


def known_metrics(rows: pd.DataFrame, seed: int = 0, n_boot: int = 2000) -> GraderKnownMetrics | None:
    """TPR, false-pass rate, balanced accuracy and AUROC on the labelled answers; None without grade rows."""
    scope = known_rows(rows)
    if scope.empty:
        return None
    labelled = read(scope.loc[scope["label"].isin(("pass", "fail")) & scope["passed"].notna()])
    units = labelled["unit"].to_numpy()
    good = (labelled["label"] == "pass").to_numpy()
    passed = labelled["passed"].astype(bool).to_numpy()
    tpr = rate_estimate(units[good], passed[good], note="no known-good answer graded")
    false_pass = rate_estimate(units[~good], passed[~good], note="no known-wrong answer graded")
    gap = diff_estimate(units, good, passed, ~good, passed, note="needs known-good and known-wrong answers")
    if gap["value"] is None:
        balanced = gap
    else:
        lo, hi = gap["ci"] or (None, None)
        balanced = estimate(
            (gap["value"] + 1) / 2,
            (None if lo is None else (lo + 1) / 2, None if hi is None else (hi + 1) / 2),
            int(gap["n"] or 0),
            gap.get("p_value"),
            test=True,
        )
    values = value_of(labelled)
    return {
        **parse_counts(scope),
        "format": str(scope["format"].iloc[0]),
        "tpr": tpr,
        "false_pass_rate": false_pass,
        "balanced_accuracy": with_keys(balanced, rates=gap.get("rates")),
        "auroc": auroc(units, values, good, seed, n_boot),
    }


@section_stats("grader_known")
def grader_known_section(s: SectionInput) -> GraderKnownMetrics | None:
    return known_metrics(s.rows, s.seed, s.n_boot)
