"""A jury against its members: how often the members agree, how often the jury declares a tie."""

from __future__ import annotations

from typing import TypedDict

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section

SECTION = Section(
    key="jury",
    order=210,
    title="The jury against its members",
    optional=True,
    absent_reason="needs a jury (--jury NAME=JUDGE1,JUDGE2,...): a virtual judge made of several judges' verdicts.",
    about=(
        "A jury's verdict is the majority of its members' (a declared tie where the top two are equal), its score "
        "their mean. How often it is unanimous, how often it declares a tie, and how it stands against each "
        "member on the same judgments: the share of verdicts they share, Cohen's kappa, and with gold labels the "
        "gain in accuracy over the member (paired, McNemar)."
    ),
    details=(
        ("members_vs_jury", "per member: same-verdict share, kappa, accuracy gain (paired) and score difference"),
    ),
    left_out_when_absent=True,
)

METRICS: tuple[MetricInfo, ...] = (
    MetricInfo(
        "jury.unanimous_share",
        "Unanimous verdicts",
        "rate",
        "judgments",
        better="higher",
        lo=0,
        hi=1,
        words="Its members all gave the same verdict on {value:pct} of {n} judgments.",
        defines="Share of the jury's read pairwise verdicts on which every member gave the same verdict.",
    ),
    MetricInfo(
        "jury.declared_tie_share",
        "Ties the jury declared",
        "rate",
        "judgments",
        better="lower",
        lo=0,
        hi=1,
        words=(
            "The members split evenly, so the jury declared a tie, on {value:pct} of {n} judgments (a tie the jury "
            "declares, not one a member gave)."
        ),
        defines=(
            "Share of the jury's pairwise judgments where the members' two most common verdicts were equally "
            "common, so the jury declared a tie."
        ),
        compared=True,
    ),
)


class MemberVsJury(TypedDict, total=False):
    """The jury against one member on the judgments both gave."""

    same_verdict: Estimate
    kappa: Estimate
    accuracy_gain: Estimate
    mean_score_difference: float
    n_scores: int


class JuryMetrics(Readability, total=False):
    """The ``jury`` section of metrics.json: how the members agree and how the jury stands against each."""

    members: list[str]
    n_judgments: int
    unanimous_share: Estimate
    declared_tie_share: Estimate
    members_vs_jury: dict[str, MemberVsJury]
