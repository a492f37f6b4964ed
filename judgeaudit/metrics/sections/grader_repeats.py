"""Repeat stability: does the same answer, graded again at temperature > 0, keep its verdict?"""

from __future__ import annotations

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section

SECTION = Section(
    key="grader_repeats",
    order=155,
    title="Grader: repeats",
    optional=True,
    absent_reason="needs answers graded several times at temperature > 0 (grader_repeats).",
    about=(
        "Each answer is graded k times at temperature > 0, each with its own sampling seed. A flaky grader "
        "passes an answer on one call and fails it on the next, turning a pass threshold into a coin toss; the "
        "section says how often verdicts flip and how many repeats a majority vote needs to be stable. In "
        "logprob mode, or at temperature 0, the repeats are one call and cannot flip."
    ),
    left_out_when_absent=True,
)

METRICS = (
    MetricInfo(
        "grader_repeats.flip_rate",
        "Flip rate between repeats",
        "rate",
        "grades",
        better="lower",
        leaderboard_rank=24,
        lo=0,
        hi=1,
        words="Two repeats of the same answer disagree {value:pct} of the time ({n} grades).",
        defines=(
            "Mean over answers of the chance that two of its repeats give different verdicts, "
            "2·s·(k − s) / (k·(k − 1)) for s passes in k repeats; answer-bootstrap interval."
        ),
        compared=True,
        summary_label="flip_rate",
        summary_rank=38,
    ),
    MetricInfo(
        "grader_repeats.stable_share",
        "Answers with a stable majority",
        "rate",
        "grades",
        better="higher",
        lo=0,
        hi=1,
        words="{value:pct} of answers would keep their majority verdict in 95% of fresh sets of as many repeats ({n} grades).",
        defines=(
            "Share of answers whose majority over k fresh repeats equals their observed majority with probability "
            "≥ 95%, at the answer's estimated pass probability; answer-bootstrap interval."
        ),
        compared=True,
    ),
    MetricInfo(
        "grader_repeats.repeats_needed",
        "Repeats a stable 95% majority needs (median)",
        "number",
        "grades",
        better="lower",
        lo=1,
        hi=99,
        words="The median answer needs {value:.0f} repeats for its majority verdict to hold 95% of the time ({n} grades).",
        defines=(
            "Median over answers of the smallest odd k with P(majority of k repeats = the likelier verdict) ≥ 95% "
            "at the answer's estimated pass probability (capped at 99); answer-bootstrap interval."
        ),
        compared=True,
    ),
    MetricInfo(
        "grader_repeats.near_threshold_share",
        "Answers near the pass threshold",
        "rate",
        "grades",
        better="lower",
        lo=0,
        hi=1,
        words="{value:pct} of answers pass in 25% to 75% of their repeats: their verdict is close to a coin toss ({n} grades).",
        defines="Share of answers whose estimated pass probability lies in [0.25, 0.75]; answer-bootstrap interval.",
        compared=True,
    ),
)


class GraderRepeatsMetrics(Readability, total=False):
    """The ``grader_repeats`` section: how often sampled repeats of one answer disagree, and what a stable majority needs."""

    flip_rate: Estimate
    stable_share: Estimate
    repeats_needed: Estimate
    near_threshold_share: Estimate
    repeats_per_answer: int
    sampled: bool
