"""The parts of metrics.json that are not a section: ``meta`` (what was judged) and ``power`` (was it enough).

Each section's own payload is typed in its module of :mod:`judgeaudit.metrics.sections`.
"""

from __future__ import annotations

from typing import TypedDict


class _MetaRequired(TypedDict):
    n_judgments: int
    n_items: int
    judges: list[str]
    judge: str | None
    seed: int
    n_boot: int
    n_duplicate_rows: int


class JuryMeta(TypedDict):
    """A virtual judge (``--jury``): its members, and the judgments it could not give (a member missing)."""

    members: list[str]
    n_incomplete: int


class Meta(_MetaRequired, total=False):
    """``meta``: the judgments the metrics rest on, and the focal judge's share of them."""

    juries: dict[str, JuryMeta]
    note: str
    judge_family: str | None
    n_judgments_judge: int
    n_items_judge: int


class PowerEntry(TypedDict, total=False):
    """How finely this run's n pins one metric down, and the n a target effect needs."""

    n: int
    baseline: float
    mde: float | None
    target_effect: float
    needed: int | None
    enough: bool
    pairs_needed: int | None  # primacy_share: the needed flips as pairs to judge


class Power(TypedDict, total=False):
    """``power``: minimum detectable effects for consistency and primacy_share."""

    alpha: float
    power: float
    target_effect: float
    consistency: PowerEntry | None
    primacy_share: PowerEntry | None
    note: str
