"""The judge in one model of every judge of the run: skill, slot, ties, style and own-family bonus apart."""

from __future__ import annotations

from typing import TypedDict

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section
from judgeaudit.metrics.units import fmt_num, pct
from judgeaudit.metrics.words import Est, Metrics, Sentence, value_of

SECTION = Section(
    key="judge_model",
    order=65,
    title="The judge in one model of every judge",
    optional=True,
    absent_reason="needs two or more judges of the same pairwise items (recorded, live or simulated).",
    about=(
        "How does this judge differ from the others once the quality of the answers is taken out? Every judge of "
        "the run is fitted in one Davidson-Bradley-Terry model with a latent quality per answer shared by the "
        "judges: per judge its discrimination (how strongly it follows quality), slot effect, tie propensity, "
        "length and markdown terms and own-family bonus, with item-cluster intervals (docs/judge_model.md). "
        "The own-family bonus is self-preference apart from skill and answer quality; its placebo refits the "
        "same bonus toward each other answer family."
    ),
    details=(
        ("placebo", "the same bonus toward each other answer family: the bonus's null distribution on this run"),
        ("family_sensitivity", "the own-family bonus refitted under each other family map the data allow"),
    ),
    left_out_when_absent=True,
)


def _discrimination(e: Est, m: Metrics) -> str:
    return (
        f"In the model of every judge of this run, the judge follows the answers' quality with a weight of "
        f"{fmt_num(value_of(e))} (the shared quality scale; higher = sharper, 0 = it does not follow quality)."
    )


def _term(what: str) -> Sentence:
    def words(e: Est, m: Metrics) -> str:
        return (
            f"At equal answer quality, {what} shifts this judge's log-odds of choosing an answer by "
            f"{(value_of(e) or 0.0):+.2f} (0 = no effect)."
        )

    return words


def _tie(e: Est, m: Metrics) -> str:
    return f"Between two answers of equal quality, the judge calls a tie {pct(value_of(e))} of the time."


def _bonus(e: Est, m: Metrics) -> str:
    return (
        f"At equal answer quality, the judge adds {(value_of(e) or 0.0):+.2f} log-odds to answers of its own family "
        f"(0 = no self-preference), apart from its skill and the quality of its family's answers."
    )


METRICS: tuple[MetricInfo, ...] = (
    MetricInfo(
        "judge_model.discrimination",
        "Discrimination (judge model)",
        "coef",
        "verdicts",
        _discrimination,
        better="higher",
        defines=(
            "The judge's weight on the answers' latent quality in the Davidson-Bradley-Terry model of every judge "
            "of the run (quality shared by the judges, a random effect per item): how sharply it follows quality, "
            "on the scale where an item's quality gap has standard deviation 1; item-cluster sandwich, t on "
            "items - 1 df (docs/judge_model.md)."
        ),
        compared=True,
        leaderboard_rank=9,
    ),
    MetricInfo(
        "judge_model.slot",
        "Slot effect (judge model)",
        "coef",
        "verdicts",
        _term("being shown first"),
        ideal=0,
        defines=(
            "Log-odds added to the answer shown first, at equal quality, in the model of every judge. Needs items "
            "judged in both orders."
        ),
        compared=True,
        leaderboard_rank=10,
    ),
    MetricInfo(
        "judge_model.tie",
        "Tie propensity (judge model)",
        "rate",
        "verdicts",
        _tie,
        better="lower",
        lo=0,
        hi=1,
        defines=(
            "P(tie) between two answers of equal quality, ν / (2 + ν) with Davidson's tie parameter ν; a high "
            "value means the judge declines to decide."
        ),
        compared=True,
        leaderboard_rank=11,
    ),
    MetricInfo(
        "judge_model.length",
        "Length term (judge model)",
        "coef",
        "verdicts",
        _term("the longer answer"),
        ideal=0,
        defines=(
            "Log-odds effect of the normalised length difference (len_a - len_b) / (len_a + len_b) at equal latent "
            "quality: the length preference net of the battery's own length-quality relation (0 = length does not "
            "matter)."
        ),
        compared=True,
        leaderboard_rank=12,
    ),
    MetricInfo(
        "judge_model.markdown",
        "Markdown term (judge model)",
        "coef",
        "verdicts",
        _term("more markdown (headers, list items, bold)"),
        ideal=0,
        defines=(
            "Log-odds effect of the normalised difference in markdown elements (headers, list items, bold spans), "
            "as in the arena's style control, at equal quality."
        ),
        compared=True,
    ),
    MetricInfo(
        "judge_model.own_family",
        "Own-family bonus (judge model)",
        "coef",
        "verdicts",
        _bonus,
        ideal=0,
        defines=(
            "Self-preference: log-odds the judge adds to answers of its own family at equal latent quality, apart "
            "from its discrimination, slot and style terms; identified by third-party judges of the same items "
            "(n/a with the reason otherwise). `placebo` refits the same bonus toward each other answer family: the "
            "bonus's null distribution on the run's own data."
        ),
        headline_rank=1,
        compared=True,
        leaderboard_rank=6,
    ),
)


class PlaceboSummary(TypedDict, total=False):
    """The own-family bonus's null distribution on the run's own data: the same bonus toward other families."""

    families: dict[str, Estimate]
    n: int
    n_significant: int
    what: str
    own_rank_p: float
    own_outside_range: bool


class FamilyMapBonus(TypedDict):
    """The own-family bonus under one other family map (``stats/judgemodel/family_maps.py``)."""

    map: str
    models_moved: int
    own_family: Estimate


class JudgeModelMetrics(Readability, total=False):
    """The ``judge_model`` section of one judge's metrics.json (docs/judge_model.md)."""

    model: str
    judges: list[str]
    excluded: dict[str, str]
    n_items: int
    n_verdicts: int
    converged: bool
    estimable: bool
    note: str | None
    discrimination: Estimate
    slot: Estimate
    tie: Estimate
    length: Estimate
    markdown: Estimate
    own_family: Estimate
    placebo: PlaceboSummary
    family_sensitivity: dict[str, FamilyMapBonus]
