"""Score vs rank: should this judge compare two answers side by side, or score each alone?"""

from __future__ import annotations

from typing import Literal, TypedDict

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section

SECTION = Section(
    key="score_vs_rank",
    order=40,
    title="Score vs rank",
    optional=False,
    absent_reason="needs each response also scored on its own (score-mode judgments of the score_vs_rank probe).",
    about=(
        "Should this judge compare two answers side by side, or score each alone? The same items are judged "
        "both ways; the report recommends the protocol that agrees with gold more often."
    ),
)


METRICS: tuple[MetricInfo, ...] = (
    MetricInfo(
        "score_vs_rank.rank_accuracy",
        "Pairwise accuracy",
        "rate",
        "judgments",
        better="higher",
        lo=0,
        hi=1,
        words="Comparing the two answers side by side, it agrees with gold {value:pct} of the time.",
        defines="Share of side-by-side verdicts that agree with gold.",
        compared=True,
        summary_label="rank_accuracy",
        summary_rank=13,
    ),
    MetricInfo(
        "score_vs_rank.score_accuracy",
        "Score accuracy",
        "rate",
        "pairs",
        better="higher",
        lo=0,
        hi=1,
        words="Scoring each answer alone, the higher score goes to the gold answer {value:pct} of the time.",
        defines=(
            "Share of pairs where the answer scored higher on its own is the gold-preferred one (a tied score "
            "counts one half)."
        ),
        compared=True,
        summary_label="score_accuracy",
        summary_rank=14,
    ),
    MetricInfo(
        "score_vs_rank.score_tie_rate",
        "Score tie rate",
        "rate",
        "pairs",
        better="lower",
        lo=0,
        hi=1,
        words="It gives both answers the same score in {value:pct} of {n} pairs: a tied score cannot rank them.",
        defines="Share of pairs whose two answers get the same score: a tied score cannot rank them.",
        headline_rank=2,
        compared=True,
        summary_label="score_tie_rate",
        summary_rank=15,
    ),
    MetricInfo(
        "score_vs_rank.agreement",
        "Score/rank agreement",
        "rate",
        "judgments",
        better="higher",
        lo=0,
        hi=1,
        words="Where the two scores differ, their order matches its side-by-side verdict in {value:pct} of {n} cases.",
        defines=(
            "Share of the read side-by-side verdicts, on items whose two answers got different scores, that "
            "pick the higher-scored answer."
        ),
        headline_rank=1,
        compared=True,
        leaderboard_rank=7,
    ),
    MetricInfo(
        "score_vs_rank.accuracy_gap",
        "Rank minus score accuracy",
        "diff",
        "pairs",
        ideal=0,
        lo=-1,
        hi=1,
        words="Side-by-side verdicts are {value:pp} more accurate than scores (negative: scoring is better).",
        defines="Pairwise accuracy minus score accuracy: how much more often comparing is right than scoring.",
    ),
    MetricInfo(
        "score_vs_rank.transitivity_violations",
        "Transitivity violations",
        "rate",
        "triads",
        better="lower",
        lo=0,
        hi=1,
        words="{value:pct} of answer triads get a cyclic preference (A > B > C > A).",
        defines=(
            "Share of answer triads (items with three or more answers) whose side-by-side preferences form a "
            "cycle (A > B > C > A)."
        ),
    ),
)


class Recommendation(TypedDict):
    """Which protocol to use this judge with, and why in plain words."""

    recommendation: Literal["rank", "score"]
    recommendation_reason: str


class GoldAccuracy(TypedDict, total=False):
    """Pairwise and score accuracy against gold labels, and their gap."""

    rank_accuracy: Estimate
    score_accuracy: Estimate
    accuracy_gap: Estimate


class ScoreVsRankMetrics(Readability, GoldAccuracy, total=False):
    """The ``score_vs_rank`` section of metrics.json."""

    n_items: int
    score: Readability
    pairwise: Readability
    n_score_pairs: int
    score_tie_rate: Estimate
    agreement: Estimate
    transitivity_violations: Estimate
    recommendation: Literal["rank", "score"]
    recommendation_reason: str
