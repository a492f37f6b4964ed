"""Padding: does content-neutral filler raise the grade of the same answer?"""

from __future__ import annotations

import numpy as np
import pandas as pd

from judgeaudit.metrics.sections.grader_padding import GraderPaddingMetrics
from judgeaudit.stats.grader_rows import grades, mean_shift, paired, value_of
from judgeaudit.stats.pairs import parse_counts
from judgeaudit.stats.sections import SectionInput, section_stats


def padding_metrics(rows: pd.DataFrame) -> GraderPaddingMetrics | None:
    """Mean grade of the padded answer minus the grade of the same answer as given, on the format's scale."""
    padded = grades(rows, "padded")
    if padded.empty:
        return None
    original = grades(rows, "original")
    original = original.loc[
        original["item_id"].isin(set(padded["item_id"])) & original["format"].isin(set(padded["format"]))
    ]
    both = paired(rows, padded, original)
    diffs = value_of(both, "_t") - value_of(both, "_c")
    ok = ~np.isnan(diffs)
    scale = padded["score_scale"].dropna()
    lo, hi = scale.iloc[0] if len(scale) else (0, 1)
    n_labels = 2 if (hi - lo) <= 1 else int(hi - lo) + 1
    step = (hi - lo) / max(1, n_labels - 1)
    return {
        **parse_counts(pd.concat([padded, original])),
        "score_shift": mean_shift(both["unit_t"].to_numpy()[ok], diffs[ok], step, scale=[lo, hi]),
    }


@section_stats("grader_padding")
def grader_padding_section(s: SectionInput) -> GraderPaddingMetrics | None:
    return padding_metrics(s.rows)
