"""Reference effects: does the reference answer shown to the grader (none, correct, wrong) move its verdicts?"""

from __future__ import annotations

import numpy as np
import pandas as pd

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.sections.grader_reference import GraderReferenceMetrics
from judgeaudit.stats.grader_rows import grades, paired
from judgeaudit.stats.paired import paired_difference
from judgeaudit.stats.pairs import parse_counts
from judgeaudit.stats.sections import SectionInput, section_stats


def _versus(rows: pd.DataFrame, arm: str, control: pd.DataFrame) -> pd.DataFrame:
    both = paired(rows, grades(rows, arm), control)
    return both.loc[both["passed_t"].notna() & both["passed_c"].notna()]


def _right(both: pd.DataFrame, suffix: str) -> np.ndarray:
    """1 where the verdict matches the answer's label (a known-good answer passed, a known-wrong one failed)."""
    return (both[f"passed{suffix}"].astype(bool) == (both["label_t"] == "pass")).to_numpy(dtype=float)


def reference_metrics(rows: pd.DataFrame) -> GraderReferenceMetrics | None:
    """Pass-rate shifts with no reference and with a wrong one against the correct reference, paired by answer."""
    correct = grades(rows, "correct_reference")
    if correct.empty:
        return None
    none, wrong = _versus(rows, "no_reference", correct), _versus(rows, "wrong_reference", correct)

    def shift(both: pd.DataFrame) -> Estimate:
        x, y = both["passed_t"].astype(float).to_numpy(), both["passed_c"].astype(float).to_numpy()
        return paired_difference(both["unit_t"].to_numpy(), x, y)

    labelled = wrong.loc[wrong["label_t"].isin(["pass", "fail"])]
    arms = grades(rows)
    return {
        **parse_counts(arms.loc[arms["grade_arm"].isin(["no_reference", "correct_reference", "wrong_reference"])]),
        "none_vs_correct": shift(none),
        "wrong_vs_correct": shift(wrong),
        "wrong_vs_correct_accuracy": paired_difference(
            labelled["unit_t"].to_numpy(), _right(labelled, "_t"), _right(labelled, "_c")
        ),
    }


@section_stats("grader_reference")
def grader_reference_section(s: SectionInput) -> GraderReferenceMetrics | None:
    return reference_metrics(s.rows)
