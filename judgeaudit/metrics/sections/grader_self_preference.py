"""Grader self-preference: a grader's own family's answers against third-party graders on the same answers."""

from __future__ import annotations

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section

SECTION = Section(
    key="grader_self_preference",
    order=158,
    title="Grader: self-preference",
    optional=True,
    absent_reason="needs several graders of known families grading the same answers, some of them by the grader's family.",
    about=(
        "Each answer's grade by this grader minus the mean grade third-party graders (of neither this grader's "
        "family nor the answer's) give the same answer; the self-preference is that excess on its own family's "
        "answers minus the excess on the other answers, so a grader that is simply more lenient is not counted."
    ),
    left_out_when_absent=True,
)

METRICS = (
    MetricInfo(
        "grader_self_preference.excess_score",
        "Own-family excess over third-party graders",
        "number",
        "answers",
        ideal=0,
        lo=-1,
        hi=1,
        words="This grader gives its own family's answers {value:+.3f} of the scale more, against third-party graders, than it gives the other answers ({n} answers).",
        defines=(
            "Mean over own-family answers of (grade − third parties' mean grade) minus the same mean over the other "
            "answers, grades on [0, 1]; cluster-jackknife (CR3) interval by answer, t on G − 1 degrees of freedom."
        ),
        compared=True,
        summary_label="grader_self_preference",
        summary_rank=42,
    ),
    MetricInfo(
        "grader_self_preference.own_excess",
        "Excess on own-family answers",
        "number",
        "answers",
        ideal=0,
        lo=-1,
        hi=1,
        words="On its own family's answers this grader gives {value:+.3f} of the scale more than third-party graders ({n} answers).",
        defines=(
            "Mean over own-family answers of (grade − third parties' mean grade), on [0, 1]: descriptive, it also "
            "holds the grader's overall lenience against the third parties."
        ),
        compared=True,
    ),
)


class GraderSelfPreferenceMetrics(Readability, total=False):
    """The ``grader_self_preference`` section: own-family excess against third-party graders."""

    graders: list[str]
    judge_family: str | None
    third_party_graders: list[str]
    n_own_answers: int
    excess_score: Estimate
    own_excess: Estimate
