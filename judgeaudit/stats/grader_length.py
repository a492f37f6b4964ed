"""Natural length: do longer answers get higher grades, at the same label?

Padding (``grader_padding``) is the matched control: the same answer with filler. This is the observational
side on the answers as given: the grade (on [0, 1] of the format's scale; the probability-weighted score in
logprob mode, so a pass/fail grader's slope is on P(pass)) regressed on log2 of the answer's length in
characters and on its label (known-good vs known-wrong, or the gold score), clustered by answer. The slope is
the change in the grade per doubling of length among answers of the same label. It is observational: length
may go with something else the label does not capture, which padding, changing length alone, does not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from judgeaudit.metrics.sections.grader_length import GraderLengthMetrics
from judgeaudit.stats.cluster_ols import cluster_ols
from judgeaudit.stats.grader_known import known_rows
from judgeaudit.stats.grader_rows import read, value_of
from judgeaudit.stats.pairs import parse_counts
from judgeaudit.stats.sections import SectionInput, section_stats


def unit_grades(frame: pd.DataFrame) -> np.ndarray:
    """Grades on [0, 1] of their format's scale."""
    lo = frame["score_scale"].map(lambda s: float(s[0])).to_numpy()
    hi = frame["score_scale"].map(lambda s: float(s[1])).to_numpy()
    return (value_of(frame) - lo) / (hi - lo)


def length_metrics(rows: pd.DataFrame) -> GraderLengthMetrics | None:
    """Slope of the grade on log2(length), controlling for the label; None without answers graded as given."""
    scope = known_rows(rows)
    if scope.empty or "len_answer" not in scope.columns:
        return None
    ok = read(scope)
    ok = ok.loc[ok["len_answer"].notna() & (ok["label"].isin(("pass", "fail")) | ok["gold_score"].notna())]
    y = unit_grades(ok) if len(ok) else np.zeros(0)
    x = np.log2(np.maximum(1.0, ok["len_answer"].to_numpy(float)))
    if ok["label"].isin(("pass", "fail")).all():
        label = (ok["label"] == "pass").to_numpy(float)
    else:
        label = pd.to_numeric(ok["gold_score"], errors="coerce").to_numpy(float)
    cols = [np.ones(len(ok)), x - (x.mean() if len(x) else 0.0)]
    if len(label) and np.nanstd(label) > 0:
        cols.append(label)
    X = np.column_stack(cols) if len(ok) else np.zeros((0, 2))
    lo, hi = (float(v) for v in ok["score_scale"].iloc[0]) if len(ok) else (0.0, 1.0)
    step = 1.0 / max(1.0, hi - lo)
    spread = float(np.abs(X[:, 1]).max()) if len(ok) else 0.0
    sxx = float((X[:, 1] ** 2).sum()) if len(ok) else 0.0
    note = "needs at least three labelled answers whose lengths differ"
    slope = cluster_ols(
        y,
        X,
        ok["unit"].to_numpy(),
        1,
        floor_se=step * spread / sxx if sxx > 0 else 0.0,
        note=note,
        length_range=[int(ok["len_answer"].min()), int(ok["len_answer"].max())] if len(ok) else None,
    )
    return {**parse_counts(scope), "format": str(scope["format"].iloc[0]), "slope": slope}


@section_stats("grader_length")
def grader_length_section(s: SectionInput) -> GraderLengthMetrics | None:
    return length_metrics(s.rows)
