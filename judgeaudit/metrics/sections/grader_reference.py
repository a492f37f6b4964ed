"""Reference effects: does the reference answer shown to the grader move its verdicts?"""

from __future__ import annotations

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section

SECTION = Section(
    key="grader_reference",
    order=154,
    title="Grader: reference answer",
    optional=True,
    absent_reason="needs answers with a correct and a wrong reference, graded with each and with none (grader_reference).",
    about=(
        "Each answer is graded three times: with no reference answer, with the correct reference and with a "
        "wrong one. A grader that checks the answer itself gives the same verdict whatever reference it is "
        "shown; one that copies the reference follows a wrong one, and one graded without a reference may pass "
        "more."
    ),
    left_out_when_absent=True,
)

METRICS = (
    MetricInfo(
        "grader_reference.none_vs_correct",
        "Pass-rate shift, no reference vs correct",
        "diff",
        "answers",
        ideal=0,
        lo=-1,
        hi=1,
        words="Without a reference the grader's pass rate changes by {value:pp} against the correct reference ({n} answers).",
        defines=(
            "P(pass | no reference) − P(pass | correct reference) on the same answers, paired by answer: "
            "Newcombe interval, McNemar test."
        ),
        compared=True,
        summary_label="no_reference_shift",
        summary_rank=36,
    ),
    MetricInfo(
        "grader_reference.wrong_vs_correct",
        "Pass-rate shift, wrong reference vs correct",
        "diff",
        "answers",
        ideal=0,
        lo=-1,
        hi=1,
        words="A wrong reference changes the grader's pass rate by {value:pp} against the correct one ({n} answers).",
        defines=(
            "P(pass | wrong reference) − P(pass | correct reference) on the same answers, paired by answer: "
            "Newcombe interval, McNemar test. Good answers failing and wrong ones passing can cancel here: read "
            "the accuracy shift beside it."
        ),
        compared=True,
    ),
    MetricInfo(
        "grader_reference.wrong_vs_correct_accuracy",
        "Accuracy shift, wrong reference vs correct",
        "diff",
        "answers",
        better="higher",
        lo=-1,
        hi=1,
        words="A wrong reference changes the share of right verdicts by {value:pp} against the correct one ({n} labelled answers).",
        defines=(
            "P(right verdict | wrong reference) − P(right verdict | correct reference) on labelled answers (a "
            "right verdict passes a known-good answer or fails a known-wrong one), paired by answer: Newcombe "
            "interval, McNemar test."
        ),
        compared=True,
        summary_label="wrong_reference_drag",
        summary_rank=37,
    ),
)


class GraderReferenceMetrics(Readability, total=False):
    """The ``grader_reference`` section: pass-rate and accuracy shifts with no reference and a wrong one."""

    none_vs_correct: Estimate
    wrong_vs_correct: Estimate
    wrong_vs_correct_accuracy: Estimate
