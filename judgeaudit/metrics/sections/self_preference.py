"""Self-preference: does the judge favour answers written by its own model family?"""

from __future__ import annotations

from typing import TypedDict

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.reading import lookup
from judgeaudit.metrics.records import MetricInfo, Readability, Section
from judgeaudit.metrics.units import points
from judgeaudit.metrics.words import Est, Metrics, value_of

SECTION = Section(
    key="self_preference",
    order=30,
    title="Self-preference",
    optional=False,
    absent_reason="needs the model family of each response (family_a, family_b) and of the judge (the family probe).",
    about=(
        "Does the judge favour answers written by its own model family? With gold labels, its verdicts on its "
        "own family's answers are held against its verdicts on the others; without, against the verdicts other "
        "judges give the same pairs."
    ),
    details=(("family_matrix", "win rate of each response family under each judge family (the report's heatmap)"),),
)


def _self_eo(e: Est, m: Metrics) -> str:
    fam = lookup(m, "self_preference.judge_family") or "its own"
    return (
        f"When the better answer is from the judge's family ({fam}), it is recognised {points(value_of(e))} "
        f"more often than a better answer from another family (0 = no self-preference)."
    )


METRICS: tuple[MetricInfo, ...] = (
    MetricInfo(
        "self_preference.eo_gap",
        "Self-preference equal-opportunity gap",
        "diff",
        "judgments",
        ideal=0,
        lo=-1,
        hi=1,
        words=_self_eo,
        defines=(
            "With gold labels: P(picks its own family's answer | gold prefers it) − P(picks the other | gold "
            "prefers the other), where exactly one answer is of the judge's family (Wataoka et al. 2024)."
        ),
        headline_rank=1,
        compared=True,
        summary_label="self_preference eo_gap",
        summary_rank=11,
    ),
    MetricInfo(
        "self_preference.excess_win_rate",
        "Own-family excess win rate",
        "diff",
        "judgments",
        ideal=0,
        lo=-1,
        hi=1,
        words=(
            "The judge gives its own family's answers a win rate {value:pp} higher than third-party judges (of "
            "neither answer's family) give the same answers."
        ),
        defines=(
            "On pairs with exactly one answer of the judge's family: the judge's win rate for that answer minus "
            "the win rate third-party judges (of neither answer's family) give it on the same pairs in the same "
            "order, slot-balanced; cluster-robust t interval by item (docs/panel.md)."
        ),
        headline_rank=2,
        compared=True,
        summary_label="self_preference excess_win_rate",
        summary_rank=12,
    ),
    MetricInfo(
        "self_preference.own_probability",
        "Own-answer probability",
        "rate",
        "items",
        ideal=0.5,
        lo=0,
        hi=1,
        words=(
            "Averaged over both orders, the judge gives its own family's answer a probability of {value:pct} of "
            "being the better one (50% = no lean, if the answers are equally good)."
        ),
        defines=(
            "With verdict probabilities (p_a): the probability the judge gives its own family's answer, "
            "averaged over both orders of each pair with exactly one such answer. Moves with the answers' real "
            "quality too."
        ),
    ),
)


class FamilyMatrix(TypedDict):
    """Win rate of each response family under each judge (``win_rate[judge][family]``)."""

    judges: list[str]
    judge_family: dict[str, str | None]
    response_families: list[str]
    win_rate: dict[str, dict[str, Estimate]]


class SelfPreferenceMetrics(Readability, total=False):
    """The ``self_preference`` section of metrics.json."""

    judge_family: str | None
    family_matrix: FamilyMatrix
    unknown_families: dict[str, dict[str, int]]
    note: str
    n_own_family_judgments: int
    eo_gap: Estimate
    excess_win_rate: Estimate
    own_probability: Estimate
