"""Which statistics fill which section of metrics.json: each section's function registers itself here.

A section's statistics module ends with one small function, decorated ``@section_stats("<key>")``, that
calls its estimator with what it needs from :class:`SectionInput`; :mod:`judgeaudit.stats` imports every
module of this package and orders the registered functions as the catalogue orders its sections.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class SectionInput:
    """What a section's statistics may read: the focal judge's rows, and every judge's for cross-judge metrics."""

    rows: pd.DataFrame
    all_rows: pd.DataFrame
    judge: str
    judge_family: str | None
    seed: int
    n_boot: int
    families: dict[str, str] | None = None  # judge → family where the rows do not say (third-party judges)


# a section's payload: its TypedDict (``PositionMetrics``...) where it has one
SectionFunc = Callable[[SectionInput], Mapping[str, object] | None]
REGISTERED: dict[str, SectionFunc] = {}


def section_stats(key: str) -> Callable[[SectionFunc], SectionFunc]:
    """Register ``fn`` as the statistics of section ``key`` (a section of the metric catalogue)."""

    def deco(fn: SectionFunc) -> SectionFunc:
        if key in REGISTERED:
            raise ValueError(f"section {key!r} has statistics registered twice")
        REGISTERED[key] = fn
        return fn

    return deco
