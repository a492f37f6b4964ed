"""Position bias: does the verdict depend on which answer is shown first?"""

from __future__ import annotations

from typing import TypedDict

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section
from judgeaudit.metrics.units import pct
from judgeaudit.metrics.words import Est, Metrics, count_of, value_of

SECTION = Section(
    key="position",
    order=10,
    title="Position bias",
    optional=False,
    absent_reason="needs pairwise judgments of the original pairs in both orders (the position probe).",
    about=(
        "Does the verdict depend on which answer is shown first? Each pair is judged in both orders; a pair is "
        "consistent when the same answer wins both times, and an inconsistent pair leans to the first slot "
        "(primacy) or the second (recency). Pairs with an unreadable verdict are left out and counted."
    ),
)


class PairsLeftOut(TypedDict):
    """Pairs left out of the pair metrics: not judged in both orders, or a verdict unread in one."""

    n_incomplete_pairs: int
    n_unparsed_pairs: int


class PositionAccuracy(TypedDict, total=False):
    """Agreement with the gold label, where the items have one."""

    accuracy_single: Estimate
    accuracy_both_orders: Estimate


class PositionMetrics(Readability, PairsLeftOut, PositionAccuracy, total=False):
    """The ``position`` section of metrics.json."""

    n_pairs: int
    n_consistent: int
    n_primacy: int
    n_recency: int
    n_ties: int
    consistency: Estimate
    consistency_decisive: Estimate
    primacy_share: Estimate
    preference_fairness: Estimate
    preference_fairness_all_pairs: Estimate
    preference_fairness_decisive: Estimate
    first_slot_rate: Estimate
    first_slot_rate_complete_pairs: Estimate
    repetition_stability: Estimate


def _primacy(e: Est, m: Metrics) -> str:
    v = value_of(e)
    if v is None:
        return "The judge never changed its mind under a swap, so there is no direction to measure."
    side = "first-shown" if v >= 0.5 else "second-shown"
    share = v if v >= 0.5 else 1 - v
    return (
        f"This judge picks the {side} answer in {pct(share)} of the {count_of(e)} pairs where it changes "
        f"its mind (50% would mean no preferred slot)."
    )


def _fairness(e: Est, m: Metrics) -> str:
    v = value_of(e) or 0.0
    lean = "the first slot" if v < 0 else "the second slot" if v > 0 else "neither slot"
    return (
        f"Preference fairness {v:+.2f} on a scale from -1 (always first) to +1 (always second): "
        f"over all {count_of(e)} pairs the judge leans to {lean}."
    )


METRICS: tuple[MetricInfo, ...] = (
    MetricInfo(
        "position.consistency",
        "Consistency under swap",
        "rate",
        "pairs",
        better="higher",
        lo=0,
        hi=1,
        words=(
            "This judge gives the same verdict whichever answer is shown first in {value:pct} of {n} pairs; in "
            "the rest, swapping the order changes its mind."
        ),
        defines="Share of pairs that get the same verdict in both orders (a tie in both counts as the same).",
        headline_rank=1,
        compared=True,
        summary_label="consistency (same verdict both orders)",
        summary_rank=1,
    ),
    MetricInfo(
        "position.consistency_decisive",
        "Consistency on decisive pairs",
        "rate",
        "decisive pairs",
        better="higher",
        lo=0,
        hi=1,
        words=(
            "Of {n} pairs not tied in both orders, this judge gives the same verdict whichever answer is shown "
            "first in {value:pct}."
        ),
        defines=(
            "Consistency under swap over the pairs that are not a tie in both orders: a judge that always ties is "
            "n/a here, not perfect (its tie rate is the judge model's tie column)."
        ),
        leaderboard_rank=1,
    ),
    MetricInfo(
        "position.primacy_share",
        "Primacy share of flips",
        "rate",
        "inconsistent pairs",
        ideal=0.5,
        lo=0,
        hi=1,
        words=_primacy,
        defines=(
            "Among the pairs whose verdict changes with the order, the share where the first-shown answer won; "
            "exact binomial test against 50% (no preferred slot)."
        ),
        compared=True,
        summary_label="primacy_share (first slot, among flips)",
        summary_rank=2,
    ),
    MetricInfo(
        "position.preference_fairness",
        "Preference fairness",
        "signed",
        "pairs",
        ideal=0,
        lo=-1,
        hi=1,
        words=_fairness,
        defines=(
            "(recency pairs × recency share − primacy pairs × primacy share) / all pairs, where a share is the "
            "fraction of the inconsistent pairs: from −1 (always the first slot) to +1 (always the second), 0 = "
            "no lean (Shi et al. 2024). The pairs are those with both verdicts read."
        ),
        headline_rank=2,
        compared=True,
        summary_label="preference_fairness (<0 primacy)",
        summary_rank=3,
    ),
    MetricInfo(
        "position.preference_fairness_decisive",
        "Preference fairness (decisive pairs)",
        "signed",
        "decisive pairs",
        ideal=0,
        lo=-1,
        hi=1,
        words=_fairness,
        defines=(
            "Preference fairness over the pairs that are not a tie in both orders, so ties cannot pull it to 0: "
            "an always-tie judge is n/a here, not the fairest."
        ),
        leaderboard_rank=2,
    ),
    MetricInfo(
        "position.preference_fairness_all_pairs",
        "Preference fairness (all judged pairs)",
        "signed",
        "pairs",
        ideal=0,
        lo=-1,
        hi=1,
        words=_fairness,
        defines=(
            "The same index with Shi et al.'s denominator: every pair judged in both orders, a pair with an "
            "unread verdict counting as neither primacy nor recency (so failed extraction pulls it towards 0)."
        ),
    ),
    MetricInfo(
        "position.first_slot_rate",
        "First-slot rate",
        "rate",
        "judgments",
        ideal=0.5,
        lo=0,
        hi=1,
        words="Of its {n} non-tie verdicts, {value:pct} go to whichever answer is shown first (50% = no lean).",
        defines=(
            "Share of all read non-tie verdicts that pick the first-shown answer, each verdict counted also "
            "when the item's other order is missing or unread; score test against 50%, except on data judged in "
            "one order only, where each answer kept its slot and the rate mixes slot and content."
        ),
        compared=True,
        summary_label="first_slot_rate",
        summary_rank=4,
    ),
    MetricInfo(
        "position.first_slot_rate_complete_pairs",
        "First-slot rate (complete pairs)",
        "rate",
        "judgments",
        ideal=0.5,
        lo=0,
        hi=1,
        words="Of its {n} non-tie verdicts, {value:pct} go to whichever answer is shown first (50% = no lean).",
        defines=(
            "The same over the verdicts of pairs with both orders read only, where every answer is seen once in "
            "each slot: unread outputs that depend on the content cannot pass for a slot preference here."
        ),
    ),
    MetricInfo(
        "position.accuracy_single",
        "Accuracy (one order)",
        "rate",
        "judgments",
        better="higher",
        lo=0,
        hi=1,
        words="It picks the gold-preferred answer in {value:pct} of {n} single verdicts.",
        defines=(
            "With gold labels: share of all read verdicts that pick the gold-preferred answer, each verdict "
            "counted also when the item's other order is missing or unread (a tie is not correct)."
        ),
        compared=True,
        summary_label="accuracy_single (vs gold)",
        summary_rank=5,
    ),
    MetricInfo(
        "position.accuracy_both_orders",
        "Accuracy (both orders)",
        "rate",
        "pairs",
        better="higher",
        lo=0,
        hi=1,
        words=(
            "It picks the gold-preferred answer in both orders for {value:pct} of {n} pairs (a judge guessing "
            "at random would manage about 25%)."
        ),
        defines="With gold labels: share of pairs where the judge picks the gold-preferred answer in both orders.",
        compared=True,
        summary_label="accuracy_both_orders",
        summary_rank=6,
        leaderboard_rank=3,
    ),
    MetricInfo(
        "position.repetition_stability",
        "Repetition stability",
        "rate",
        "prompts",
        better="higher",
        lo=0,
        hi=1,
        words="Asked the same prompt again, it repeats its most common verdict {value:pct} of the time.",
        defines=(
            "When the judge samples and sees each prompt several times: the mean over prompts of the share of "
            "its most common verdict (1 = the same verdict every time)."
        ),
    ),
)
