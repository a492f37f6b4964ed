"""Padding: does content-neutral filler raise the grade of the same answer?"""

from __future__ import annotations

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section

SECTION = Section(
    key="grader_padding",
    order=153,
    title="Grader: padding",
    optional=True,
    absent_reason="needs answers graded as given and padded with content-neutral filler (grader_padding).",
    about=(
        "Each answer is graded as given and padded with filler that adds no information (+50% and +100% of its "
        "length). A grade that rises with the filler rewards length, not content."
    ),
    left_out_when_absent=True,
)

METRICS = (
    MetricInfo(
        "grader_padding.score_shift",
        "Score shift from padding",
        "number",
        "grades",
        ideal=0,
        lo=-10,
        hi=10,
        words="Padding changes the grade by {value:.2f} points on the grader's scale on average ({n} padded grades).",
        defines=(
            "Mean of (grade of the padded answer − grade of the same answer as given), the probability-weighted "
            "score in logprob mode; t interval on the answer-clustered standard error."
        ),
        compared=True,
        summary_label="padding_score_shift",
        summary_rank=35,
    ),
)


class GraderPaddingMetrics(Readability, total=False):
    """The ``grader_padding`` section: the grade filler adds to the same answer."""

    score_shift: Estimate
