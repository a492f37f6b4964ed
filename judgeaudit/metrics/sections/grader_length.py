"""Natural length: do longer answers get higher grades at the same label?"""

from __future__ import annotations

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section

SECTION = Section(
    key="grader_length",
    order=157,
    title="Grader: natural length",
    optional=True,
    absent_reason="needs labelled answers graded as given (grader_known).",
    about=(
        "The grade of each answer as given, on its length: the change in the grade per doubling of the answer's "
        "length among answers of the same label. It is observational (length may go with something the label "
        "misses); padding, which changes length alone, is its matched control."
    ),
    left_out_when_absent=True,
)

METRICS = (
    MetricInfo(
        "grader_length.slope",
        "Grade per doubling of length",
        "number",
        "answers",
        ideal=0,
        lo=-1,
        hi=1,
        words="At the same label, an answer twice as long gets {value:+.3f} of the scale more ({n} answers).",
        defines=(
            "Coefficient of log2(length in characters) in a least-squares fit of the grade on [0, 1] (the "
            "probability-weighted score in logprob mode) on log2(length) and the label; cluster-jackknife (CR3) standard error "
            "clustered by answer, t interval on G − 1 degrees of freedom."
        ),
        compared=True,
        summary_label="length_slope",
        summary_rank=41,
    ),
)


class GraderLengthMetrics(Readability, total=False):
    """The ``grader_length`` section: the grade's slope on the answer's natural length."""

    format: str
    slope: Estimate
