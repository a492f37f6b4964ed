"""More than two answers: with three or more answers shown at once, which slot wins?"""

from __future__ import annotations

from typing import TypedDict

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.reading import lookup
from judgeaudit.metrics.records import MetricInfo, Section
from judgeaudit.metrics.units import pct
from judgeaudit.metrics.words import Est, Metrics, Sentence, count_of, value_of

SECTION = Section(
    key="listwise",
    order=90,
    title="More than two answers",
    optional=True,
    absent_reason="needs the listwise probe (three or more answers judged at once).",
    about=(
        "With three or more answers shown at once, which slot wins? Each group is judged in every rotation of "
        "its answers (a Latin square), so every answer sits in every slot once and a judge that reads only "
        "content spreads its picks evenly."
    ),
    details=(
        ("slot_shares", "the share of picks of every slot against 1/k"),
        ("position_chi2", "chi-square of the slot counts against equal slots"),
        ("by_k", "the same section for each group size, when groups of several sizes were judged"),
    ),
)


def _slot_share(which: str) -> Sentence:
    def words(e: Est, m: Metrics) -> str:
        expected = e.get("expected")
        k = round(1 / expected) if isinstance(expected, (int, float)) and expected > 0 else None
        shown = f"{k} answers" if k else "several answers"
        fair = f"{pct(expected)} = no lean" if k else "1/k = no lean"
        return (
            f"Shown {shown}, it picks the one in the {which} slot in {pct(value_of(e))} of {count_of(e)} judgments "
            f"({fair}: every answer sits in every slot once)."
        )

    return words


def _listwise_consistency(e: Est, m: Metrics) -> str:
    k = lookup(m, "listwise.k")
    rot = f"all {k} rotations" if isinstance(k, int) else "every rotation"
    return (
        f"The same answer wins {rot} of the answers' order for {pct(value_of(e))} of {count_of(e)} groups (the listwise "
        f"analogue of consistency under swap)."
    )


METRICS: tuple[MetricInfo, ...] = (
    MetricInfo(
        "listwise.first_slot_share",
        "First-slot share",
        "rate",
        "listwise judgments",
        ideal=1 / 3,
        lo=0,
        hi=1,
        words=_slot_share("first"),
        defines=(
            "Share of picks that go to the answer in the first slot, against 1/k (no lean: every answer sits in "
            "every slot once); score interval and test clustered by group."
        ),
    ),
    MetricInfo(
        "listwise.last_slot_share",
        "Last-slot share",
        "rate",
        "listwise judgments",
        ideal=1 / 3,
        lo=0,
        hi=1,
        words=_slot_share("last"),
        defines="The same for the last slot.",
    ),
    MetricInfo(
        "listwise.position_consistency",
        "Same winner in every rotation",
        "rate",
        "groups",
        better="higher",
        lo=0,
        hi=1,
        words=_listwise_consistency,
        defines=(
            "Share of groups, every rotation read, where one answer wins every rotation: the listwise analogue "
            "of consistency under swap."
        ),
    ),
)


class ListwiseForK(TypedDict, total=False):
    """The listwise metrics of the judgments that showed ``k`` responses."""

    k: int
    n_judgments: int
    n_unparsed: int
    extraction_success_rate: float | None
    n_groups: int
    slot_shares: list[Estimate]
    first_slot_share: Estimate
    last_slot_share: Estimate
    position_chi2: Estimate
    position_consistency: Estimate


class ListwiseMetrics(ListwiseForK, total=False):
    """The ``listwise`` section of metrics.json: the most judged k, and every k under ``by_k``."""

    by_k: dict[str, ListwiseForK]
