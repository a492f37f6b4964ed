"""Calibration: does the judge's stated confidence match how often it is right?"""

from __future__ import annotations

from typing import TypedDict

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section

SECTION = Section(
    key="calibration",
    order=50,
    title="Calibration",
    optional=False,
    absent_reason="needs verdict probabilities (p_a, from logprob mode) and gold labels.",
    about=(
        "Does the judge's stated confidence match how often it is right? The verdict probabilities of the two "
        "orders are averaged, mapped back to the answers, and held against gold."
    ),
    details=(
        ("reliability", "accuracy against stated confidence in equal-mass bins (the reliability diagram)"),
        ("ece_calibrated_baseline", "the calibration error a perfectly calibrated judge would show at this n"),
    ),
)


METRICS: tuple[MetricInfo, ...] = (
    MetricInfo(
        "calibration.ece",
        "Expected calibration error",
        "rate",
        "pairs",
        better="lower",
        lo=0,
        hi=1,
        words=(
            "Its stated confidence is off from its real accuracy by {value:pct} on average (expected "
            "calibration error; 0 = calibrated)."
        ),
        defines=(
            "Mean gap between stated confidence and accuracy over 10 equal-mass bins, debiased for the noise of "
            "each bin's accuracy (Kumar et al. 2019; 0 = calibrated); `plug_in` holds the binned value."
        ),
        headline_rank=1,
        compared=True,
    ),
    MetricInfo(
        "calibration.brier",
        "Brier score",
        "number",
        "pairs",
        better="lower",
        lo=0,
        hi=1,
        words="Brier score {value:.3f} (0 = perfect, 0.25 = a constant 50% guess).",
        defines="Mean squared error of the verdict probability against gold (0 = perfect, 0.25 = a constant 50% guess).",
        headline_rank=2,
        compared=True,
    ),
    MetricInfo(
        "calibration.auroc",
        "AUROC of confidence",
        "number",
        "pairs",
        better="higher",
        lo=0,
        hi=1,
        words=(
            "Its confidence separates right from wrong verdicts with AUROC {value:.2f} (0.5 = confidence tells "
            "nothing)."
        ),
        defines=(
            "How well the stated confidence tells right verdicts from wrong ones: area under the ROC curve (0.5 "
            "= confidence tells nothing, 1 = it separates them perfectly)."
        ),
        compared=True,
    ),
)


class ReliabilityBin(TypedDict):
    """One equal-mass bin of the reliability diagram."""

    bin: int
    conf_lo: float
    conf_hi: float
    confidence: float
    accuracy: float
    ci: list[float | None]
    n: int


class SelectiveRow(TypedDict):
    """Verdicts at least ``threshold`` confident: the share kept and their accuracy."""

    threshold: float
    kept_share: float | None
    accuracy: Estimate


class CalibrationMetrics(Readability, total=False):
    """The ``calibration`` section of metrics.json."""

    n_incomplete_pairs: int
    n_judgments_with_p: int
    n_pairs: int
    mean_confidence: float | None
    n_pairs_gold: int
    accuracy: float
    ece: Estimate
    ece_calibrated_baseline: Estimate
    brier: Estimate
    auroc: Estimate
    reliability: list[ReliabilityBin]
    selective: list[SelectiveRow]
