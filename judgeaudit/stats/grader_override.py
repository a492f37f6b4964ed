"""Override text: is a known-wrong answer passed more often when it tells the grader to pass it?"""

from __future__ import annotations

import pandas as pd

from judgeaudit.metrics.sections.grader_override import GraderOverrideMetrics
from judgeaudit.stats.grader_rows import grades, paired
from judgeaudit.stats.paired import paired_difference
from judgeaudit.stats.pairs import parse_counts
from judgeaudit.stats.sections import SectionInput, section_stats


def override_metrics(rows: pd.DataFrame) -> GraderOverrideMetrics | None:
    """P(pass | override sentence) − P(pass | neutral sentence of the same length), paired by answer."""
    treated, control = grades(rows, "override"), grades(rows, "neutral")
    if treated.empty and control.empty:
        return None
    both = paired(rows, treated, control)
    both = both.loc[both["passed_t"].notna() & both["passed_c"].notna()]
    x, y = both["passed_t"].astype(float).to_numpy(), both["passed_c"].astype(float).to_numpy()
    return {
        **parse_counts(pd.concat([treated, control])),
        "excess_pass_rate": paired_difference(both["unit_t"].to_numpy(), x, y),
    }


@section_stats("grader_override")
def grader_override_section(s: SectionInput) -> GraderOverrideMetrics | None:
    return override_metrics(s.rows)
