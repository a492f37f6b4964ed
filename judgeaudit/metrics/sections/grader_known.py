"""Known answers: does the grader pass the known-good answers and fail the known-wrong ones?"""

from __future__ import annotations

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section

SECTION = Section(
    key="grader_known",
    order=150,
    title="Grader: known answers",
    optional=True,
    absent_reason="needs single answers with known verdicts graded as given (the grader_known probe).",
    about=(
        "Each answer with a known verdict (known-good or known-wrong) is graded once as given. A grader that "
        "reads the answers passes the good ones and fails the wrong ones; a lenient one passes wrong answers "
        "too; a content-blind one gives every answer the same grade (AUROC near 50%)."
    ),
    left_out_when_absent=True,
)

METRICS = (
    MetricInfo(
        "grader_known.tpr",
        "Pass rate on known-good answers (TPR)",
        "rate",
        "answers",
        better="higher",
        lo=0,
        hi=1,
        words="It passes {value:pct} of {n} known-good answers.",
        defines="Share of known-good answers (label pass) that the grader passes.",
        compared=True,
    ),
    MetricInfo(
        "grader_known.false_pass_rate",
        "False-pass rate on known-wrong answers",
        "rate",
        "answers",
        better="lower",
        leaderboard_rank=20,
        lo=0,
        hi=1,
        words="It passes {value:pct} of {n} known-wrong answers (each one a false pass).",
        defines="Share of known-wrong answers (label fail) that the grader passes: 1 − TNR.",
        compared=True,
        summary_label="false_pass_rate",
        summary_rank=30,
    ),
    MetricInfo(
        "grader_known.balanced_accuracy",
        "Balanced accuracy",
        "rate",
        "answers",
        better="higher",
        leaderboard_rank=21,
        lo=0,
        hi=1,
        words="Its balanced accuracy is {value:pct} over {n} answers (50% = no better than a constant grade).",
        defines="(TPR + TNR) / 2 over the labelled answers; interval from the difference TPR − false-pass rate.",
        compared=True,
        summary_label="balanced_accuracy",
        summary_rank=31,
    ),
    MetricInfo(
        "grader_known.auroc",
        "AUROC (good above wrong)",
        "rate",
        "answers",
        better="higher",
        lo=0,
        hi=1,
        words="A known-good answer gets the higher grade than a known-wrong one {value:pct} of the time ({n} answers).",
        defines=(
            "P(a known-good answer's grade > a known-wrong answer's), ties one half; the probability-weighted "
            "score in logprob mode, else the grade; answer-bootstrap interval."
        ),
        compared=True,
        summary_label="grader_auroc",
        summary_rank=32,
    ),
)


class GraderKnownMetrics(Readability, total=False):
    """The ``grader_known`` section: how the grader treats answers whose grade is known."""

    format: str
    tpr: Estimate
    false_pass_rate: Estimate
    balanced_accuracy: Estimate
    auroc: Estimate
