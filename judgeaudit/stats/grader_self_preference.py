"""Grader self-preference: does a grader grade its own family's answers higher than third-party graders do?

The pairwise method of docs/panel.md, on single answers: for grader J of family F, each answer's grade by J
(on [0, 1] of the format's scale, mean over repeats) minus the mean grade of the *third-party* graders of the
same answer, each weighing the same. A third party is a grader whose family is neither F nor the answer's
family (the answer's own family would bring its own self-preference; another grader of F is not neutral).

That difference also holds J's overall lenience against the third parties (J grades every answer higher),
so the self-preference number is a difference in differences: J's excess on its own family's answers minus
its excess on the other answers at the same label (known-good or known-wrong, where answers carry one: a
more lenient grader's excess differs between good and wrong answers), paired by answer (each answer one
cluster), with the CR3 (cluster jackknife) interval of :func:`judgeaudit.stats.cluster_ols.cluster_ols`. J's plain excess on its own answers is reported beside it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from judgeaudit.contracts.estimate import empty
from judgeaudit.metrics.sections.grader_self_preference import GraderSelfPreferenceMetrics
from judgeaudit.stats.cluster_ols import cluster_ols
from judgeaudit.stats.grader_length import unit_grades
from judgeaudit.stats.grader_rows import grades, read
from judgeaudit.stats.pairs import parse_counts
from judgeaudit.stats.sections import SectionInput, section_stats
from judgeaudit.stats.third_party import judge_families


def _na(out: GraderSelfPreferenceMetrics, n: int, note: str) -> GraderSelfPreferenceMetrics:
    out["excess_score"] = empty(n, test=True, note=note)
    out["own_excess"] = empty(n, test=True, note=note)
    return out


def self_preference_metrics(
    all_rows: pd.DataFrame, judge: str, families: Mapping[str, str | None] | None = None
) -> GraderSelfPreferenceMetrics | None:
    """J's own-family excess over third-party graders on the same answers; None without grade rows of J."""
    original = grades(all_rows, "original")
    if original.empty or judge not in set(original["judge"]):
        return None
    mine = original.loc[original["judge"] == judge]
    fams = judge_families(original, families)
    family = fams.get(judge)
    graders = sorted(fams)
    out: GraderSelfPreferenceMetrics = {**parse_counts(mine), "graders": graders, "judge_family": family}
    if len(graders) < 2:
        return _na(out, 0, "needs several graders grading the same answers (a multi-grader run); this run has one")
    if family is None:
        return _na(out, 0, f"the family of grader {judge!r} is unknown (declare it in the judge file)")
    ok = read(original)
    ok = ok.assign(u=unit_grades(ok), judge_family=ok["judge"].map(fams))
    # one grade per grader, answer and format (mean over repeats); the same format for every grader
    ok = ok.assign(good=(ok["label"] == "pass").astype(float).where(ok["label"].isin(("pass", "fail"))))
    cells = ok.groupby(["unit", "format", "judge"], sort=True).agg(
        u=("u", "mean"), family=("family", "first"), good=("good", "first")
    )
    cells = cells.reset_index()
    cells["judge_family"] = cells["judge"].map(fams)
    own = cells.loc[cells["judge"] == judge, ["unit", "format", "family", "good", "u"]]
    tp = cells.loc[
        (cells["judge"] != judge)
        & cells["judge_family"].notna()
        & (cells["judge_family"] != family)
        & (cells["judge_family"] != cells["family"])
    ]
    third = tp.groupby(["unit", "format"])["u"].mean().rename("u_tp").reset_index()
    both = own.merge(third, on=["unit", "format"]).dropna(subset=["u", "u_tp"])
    out["third_party_graders"] = sorted(set(tp["judge"]))
    is_own = (both["family"] == family).to_numpy(float)
    out["n_own_answers"] = int(is_own.sum())
    if not len(both):
        note = "no third-party grader (of neither this grader's family nor the answer's) graded its answers"
        return _na(out, 0, note)
    if not is_own.any() or is_own.all():
        what = "none of the answers is" if not is_own.any() else "every answer is"
        return _na(out, len(both), f"{what} of the grader's family ({family}): nothing to compare")
    d = (both["u"] - both["u_tp"]).to_numpy()
    units = both["unit"].to_numpy()
    floor = 1.0 / (4 * len(both))  # one answer's grade a quarter of the scale off, shared over the answers
    note = "needs at least three answers graded by the grader and a third party"
    good = both["good"].to_numpy(float)
    cols = [np.ones(len(d)), is_own]
    if np.isfinite(good).all() and good.std() > 0:
        cols.append(good)  # at the same label: J's lenience moves good and wrong answers' grades differently
    X = np.column_stack(cols)
    out["excess_score"] = cluster_ols(d, X, units, 1, floor_se=floor, note=note)
    own_d = d[is_own > 0]
    out["own_excess"] = cluster_ols(own_d, np.ones((len(own_d), 1)), units[is_own > 0], 0, floor_se=floor, note=note)
    return out


@section_stats("grader_self_preference")
def grader_self_preference_section(s: SectionInput) -> GraderSelfPreferenceMetrics | None:
    return self_preference_metrics(s.all_rows, s.judge, s.families)
