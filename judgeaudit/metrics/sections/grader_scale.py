"""Scale and rubric order: do the same answers get the same grade on another scale, or with the rubric reversed?"""

from __future__ import annotations

from typing import TypedDict

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section

SECTION = Section(
    key="grader_scale",
    order=156,
    title="Grader: scale and rubric order",
    optional=True,
    absent_reason="needs the same answers graded under several grader formats (grader_scale).",
    about=(
        "Each answer is graded on a 1-5 rubric (the reference), the same rubric listed the other way round, "
        "A-E letters (also described worst-first) and, in generate mode, MT-Bench's 1-10. Grades are put on "
        "[0, 1] so the scales compare. A grader whose verdict depends on the scale or the order of the rubric "
        "measures its prompt, not the answer; one that puts most grades on one or two values uses little of its scale."
    ),
    left_out_when_absent=True,
    details=(("by_format", "each format against the reference: its weighted kappa, grade shift and scale use"),),
)

_SHIFT = "mean paired difference on [0, 1] (grade − lo) / (hi − lo), paired by answer; answer-clustered t interval."
_QWK = (
    "quadratic-weighted kappa of the normalised grades, 1 − mean((x − y)²) / its expectation under independent "
    "marginals (Cohen's weighted kappa on one category set; Lin's concordance otherwise); interval on Fisher's z with "
    "the jackknife standard error over answers."
)

METRICS = (
    MetricInfo(
        "grader_scale.order_shift",
        "Grade shift, rubric reversed",
        "number",
        "answers",
        ideal=0,
        lo=-1,
        hi=1,
        words="Listing the rubric the other way round moves the grade by {value:+.3f} of the scale ({n} answers).",
        defines="Reversed-rubric grade − reference grade: " + _SHIFT,
        compared=True,
        summary_label="rubric_order_shift",
        summary_rank=39,
    ),
    MetricInfo(
        "grader_scale.order_agreement",
        "Agreement, rubric reversed (QWK)",
        "number",
        "answers",
        better="higher",
        lo=-1,
        hi=1,
        words="Grades with the rubric reversed agree with the reference grades at a weighted kappa of {value:.2f} ({n} answers).",
        defines="Reference vs reversed-rubric grades: " + _QWK,
        compared=True,
    ),
    MetricInfo(
        "grader_scale.scale_shift",
        "Grade shift, other scales",
        "number",
        "grades",
        ideal=0,
        lo=-1,
        hi=1,
        words="On the other scales the grade moves by {value:+.3f} of the scale against the reference ({n} grades).",
        defines="Other scale's grade − reference grade, pooled over the other scales: " + _SHIFT,
        compared=True,
    ),
    MetricInfo(
        "grader_scale.scale_agreement",
        "Agreement, other scales (QWK)",
        "number",
        "answers",
        better="higher",
        lo=-1,
        hi=1,
        words="Grades on the other scales agree with the reference grades at a weighted kappa of {value:.2f} ({n} answers).",
        defines="Reference vs every other scale's grades, pooled: " + _QWK,
        compared=True,
        summary_label="scale_agreement",
        summary_rank=40,
    ),
    MetricInfo(
        "grader_scale.icc",
        "ICC(A,1) over all formats",
        "number",
        "answers",
        better="higher",
        lo=-1,
        hi=1,
        words="One format's grade agrees with the others' at an intraclass correlation of {value:.2f} ({n} answers).",
        defines=(
            "ICC(A,1) (McGraw & Wong; two-way, absolute agreement, single measure) of the normalised grades of "
            "every answer under every format: a shift between formats counts as disagreement; interval on Fisher's z with "
            "the jackknife standard error over answers."
        ),
        compared=True,
    ),
    MetricInfo(
        "grader_scale.top1_share",
        "Share of grades on the commonest value",
        "rate",
        "answers",
        better="lower",
        lo=0,
        hi=1,
        words="{value:pct} of the reference format's grades fall on its commonest value ({n} answers).",
        defines="Share of the reference format's argmax grades on its most used value (picked on all the grades); Wilson-type interval clustered by answer.",
        compared=True,
    ),
    MetricInfo(
        "grader_scale.top2_share",
        "Share of grades on the two commonest values",
        "rate",
        "answers",
        better="lower",
        lo=0,
        hi=1,
        words="{value:pct} of the reference format's grades fall on its two commonest values ({n} answers).",
        defines="Share of the reference format's argmax grades on its two most used values (picked on all the grades); Wilson-type interval clustered by answer.",
        compared=True,
    ),
    MetricInfo(
        "grader_scale.entropy",
        "Scale use (entropy)",
        "rate",
        "answers",
        better="higher",
        lo=0,
        hi=1,
        words="The reference format's grades use its scale at a normalised entropy of {value:.2f} (0: one value; 1: all equally; {n} answers).",
        defines="Entropy of the reference format's argmax grades over log(number of values); basic (bias-correcting) answer-bootstrap interval.",
        compared=True,
    ),
)


class FormatAgreement(TypedDict, total=False):
    """One format against the reference: agreement, shift and its own scale use."""

    qwk: Estimate
    shift: Estimate
    top1_share: Estimate
    top2_share: Estimate
    entropy: Estimate


class GraderScaleMetrics(Readability, total=False):
    """The ``grader_scale`` section: the same answers' grades across scales and rubric orders."""

    reference_format: str
    formats_skipped: list[str]
    by_format: dict[str, FormatAgreement]
    order_shift: Estimate
    order_agreement: Estimate
    scale_shift: Estimate
    scale_agreement: Estimate
    icc: Estimate
    top1_share: Estimate
    top2_share: Estimate
    entropy: Estimate
