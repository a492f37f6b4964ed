"""Criterion polarity: does the grader turn its verdict round when the criterion is negated?"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from judgeaudit.metrics.sections.grader_polarity import GraderPolarityMetrics
from judgeaudit.stats.grader_rows import grades, paired
from judgeaudit.stats.paired import paired_difference
from judgeaudit.stats.pairs import parse_counts
from judgeaudit.stats.rates import rate_estimate
from judgeaudit.stats.sections import SectionInput, section_stats


def polarity_metrics(rows: pd.DataFrame) -> GraderPolarityMetrics | None:
    """Violations (one verdict under a criterion and its negation) and the pass shift of known-good answers."""
    negated = grades(rows, "negated")
    if negated.empty:
        return None
    original = grades(rows, "original")
    original = original.loc[original["item_id"].isin(set(negated["item_id"]))]
    both = paired(rows, negated, original)
    both = both.loc[both["passed_t"].notna() & both["passed_c"].notna()]
    units = both["unit_t"].to_numpy()
    same = (both["passed_t"].astype(bool) == both["passed_c"].astype(bool)).to_numpy()
    good = (both["label_t"] == "pass").to_numpy()
    x, y = both["passed_t"].astype(float).to_numpy(), both["passed_c"].astype(float).to_numpy()
    return {
        **parse_counts(pd.concat([negated, original])),
        "violation_rate": rate_estimate(units, same.astype(float), note="no answer graded under both criteria"),
        "good_pass_shift": paired_difference(units[good], x[good], y[good]),
        "wrong_pass_shift": paired_difference(units[~good], x[~good], y[~good]) if (~good).any() else None,
    }


def _drop_none(d: GraderPolarityMetrics) -> Mapping[str, object]:
    """The section without what it could not measure (no known-wrong answer graded, no readable grade)."""
    return {k: v for k, v in d.items() if v is not None}


@section_stats("grader_polarity")
def grader_polarity_section(s: SectionInput) -> Mapping[str, object] | None:
    out = polarity_metrics(s.rows)
    return None if out is None else _drop_none(out)
