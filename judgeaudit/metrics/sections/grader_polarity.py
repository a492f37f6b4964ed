"""Criterion polarity: does the grader turn its verdict round when the criterion is negated?"""

from __future__ import annotations

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section

SECTION = Section(
    key="grader_polarity",
    order=152,
    title="Grader: criterion polarity",
    optional=True,
    absent_reason="needs answers graded under a criterion and its negation (grader_polarity, negated_criterion).",
    about=(
        'Each answer is graded against its criterion and against the criterion turned round ("states the '
        'correct answer" / "states an incorrect answer"). An answer meets exactly one of the two, so a grader '
        "that reads the criterion changes its verdict; one that gives the same verdict under both is not "
        "reading it."
    ),
    left_out_when_absent=True,
)

METRICS = (
    MetricInfo(
        "grader_polarity.violation_rate",
        "Polarity violations",
        "rate",
        "answers",
        better="lower",
        leaderboard_rank=23,
        lo=0,
        hi=1,
        words="It gives the same verdict under a criterion and its negation for {value:pct} of {n} answers.",
        defines="Share of answers graded pass under both or fail under both, a criterion and its negation.",
        compared=True,
        summary_label="polarity_violations",
        summary_rank=34,
    ),
    MetricInfo(
        "grader_polarity.good_pass_shift",
        "Pass shift of good answers under the negation",
        "diff",
        "answers",
        better="lower",
        lo=-1,
        hi=1,
        words="Negating the criterion changes the pass rate of known-good answers by {value:pp} ({n} answers; −100 pp is ideal).",
        defines="P(pass | negated criterion) − P(pass | criterion) on known-good answers, paired by answer.",
    ),
    MetricInfo(
        "grader_polarity.wrong_pass_shift",
        "Pass shift of wrong answers under the negation",
        "diff",
        "answers",
        better="higher",
        lo=-1,
        hi=1,
        words="Negating the criterion changes the pass rate of known-wrong answers by {value:pp} ({n} answers; +100 pp is ideal).",
        defines="P(pass | negated criterion) − P(pass | criterion) on known-wrong answers, paired by answer.",
    ),
)


class GraderPolarityMetrics(Readability, total=False):
    """The ``grader_polarity`` section: verdicts that do not turn round with a negated criterion."""

    violation_rate: Estimate
    good_pass_shift: Estimate
    wrong_pass_shift: Estimate | None
