"""Agreement with people: Cohen's kappa (weighted for scores), prevalence, confusion matrix, balanced accuracy."""

from __future__ import annotations

from typing import TypedDict

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.io.files import finite_number
from judgeaudit.metrics.records import MetricInfo, Readability, Section
from judgeaudit.metrics.units import fmt_num, pct
from judgeaudit.metrics.words import Est, Metrics, count_of, value_of

SECTION = Section(
    key="agreement",
    order=200,
    title="Agreement with people",
    optional=True,
    absent_reason="needs gold labels on pairwise judgments, or people's scores (gold_score) on score judgments.",
    about=(
        "Does the judge agree with people beyond what chance gives? Raw agreement flatters a judge when the "
        "labels are skewed, so Cohen's kappa subtracts the agreement the two marginals give by chance (weighted "
        "for ordered scores), beside the labels' prevalence, balanced accuracy and the full confusion matrix, "
        "ties and unreadable outputs included. Intervals are clustered by item."
    ),
    details=(
        ("prevalence", "the share of each category among the gold labels and among the verdicts"),
        ("confusion", "counts of gold label (rows) against verdict (columns), ties and unreadable outputs included"),
        ("score_confusion", "the same for scores against people's scores"),
    ),
    left_out_when_absent=True,
)
_GOLD = "With gold labels: "


def cohen_kappa(e: Est, m: Metrics) -> str:
    observed, chance = e.get("observed"), e.get("chance")
    kind = "weighted kappa" if e.get("weights") not in (None, "none") else "kappa"
    base = f"Corrected for chance, it agrees with people at {kind} {fmt_num(value_of(e))} over {count_of(e)} judgments"
    if finite_number(observed) and finite_number(chance):
        base += (
            f" (raw agreement {pct(float(observed))}, of which {pct(float(chance))} the label and verdict "
            f"shares alone would give)"
        )
    return base + "; 0 = no better than chance, 1 = full agreement."


def balanced_acc(e: Est, m: Metrics) -> str:
    k = e.get("n_classes")
    return (
        f"Averaged over the {k if isinstance(k, int) else 'gold'} label classes, so a common label cannot carry it, "
        f"it is right {pct(value_of(e))} of the time ({count_of(e)} judgments)."
    )


_OBSERVED = "Its verdict is the people's label in {value:pct} of {n} judgments (raw, not corrected for chance)."

METRICS: tuple[MetricInfo, ...] = (
    MetricInfo(
        "agreement.kappa",
        "Cohen's kappa against gold",
        "number",
        "judgments",
        better="higher",
        lo=-1,
        hi=1,
        words=cohen_kappa,
        defines=(
            _GOLD + "Cohen's kappa of the pairwise verdicts (a, b, tie) against the gold labels over every read "
            "verdict of the original pairs, (p_o − p_e) / (1 − p_e); interval: delta method clustered by item, t on "
            "items − 1 degrees of freedom, never narrower than the observed agreement's score interval."
        ),
        headline_rank=1,
        compared=True,
        leaderboard_rank=8,
    ),
    MetricInfo(
        "agreement.observed_agreement",
        "Raw agreement with gold",
        "rate",
        "judgments",
        better="higher",
        lo=0,
        hi=1,
        words=_OBSERVED,
        defines=(
            _GOLD + "share of read verdicts equal to the gold label (a tie verdict agrees only with a tie label): "
            "the number kappa corrects."
        ),
    ),
    MetricInfo(
        "agreement.balanced_accuracy",
        "Balanced accuracy",
        "rate",
        "judgments",
        better="higher",
        lo=0,
        hi=1,
        words=balanced_acc,
        defines=_GOLD + "mean over gold classes of the share of that class's judgments the judge got right.",
        compared=True,
    ),
    MetricInfo(
        "agreement.score_kappa",
        "Score kappa against people",
        "number",
        "judgments",
        better="higher",
        lo=-1,
        hi=1,
        words=cohen_kappa,
        defines=(
            "With people's scores (gold_score) on score rows: Cohen's kappa of the judge's scores against them, "
            "quadratic-weighted over every point of the scale when it has more than two."
        ),
        headline_rank=2,
        compared=True,
    ),
    MetricInfo(
        "agreement.score_balanced_accuracy",
        "Score balanced accuracy",
        "rate",
        "judgments",
        better="higher",
        lo=0,
        hi=1,
        words=balanced_acc,
        defines="With people's scores: mean over their score classes of the share the judge scored the same.",
    ),
    MetricInfo(
        "agreement.score_exact_agreement",
        "Same score as people",
        "rate",
        "judgments",
        better="higher",
        lo=0,
        hi=1,
        words=_OBSERVED,
        defines="With people's scores: share of scores equal to theirs.",
    ),
)


class Confusion(TypedDict):
    """Counts of (gold, verdict): gold categories down, verdicts (unreadable included) across."""

    rows: list[str]
    cols: list[str]
    counts: list[list[int]]


class Prevalence(TypedDict):
    """The share of each category among the gold labels and among the judge's verdicts."""

    gold: dict[str, float]
    judge: dict[str, float]


class AgreementMetrics(Readability, total=False):
    """The ``agreement`` section of metrics.json: pairwise verdicts against gold, scores against people's scores."""

    kappa: Estimate
    observed_agreement: Estimate
    balanced_accuracy: Estimate
    prevalence: Prevalence
    confusion: Confusion
    score_kappa: Estimate
    score_balanced_accuracy: Estimate
    score_confusion: Confusion
    score_exact_agreement: Estimate
