"""Which judges are ranked together: batteries matched on the items they share, not all-or-nothing.

A judge's items are the (suite, item) pairs it judged. Judges of the same suites whose common items are at
least ``SHARE`` of each one's items are one battery, ranked on those common items (a judge that missed one
item of 2,400 is not split off to rank 1 of 1); the items each judge loses are counted and shown. Judges
whose item sets differ more stay on batteries of their own exact item set.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

SHARE = 0.9


@dataclass
class Placement:
    """One judge's items, its suites and the per-item sums of the columns a joint bootstrap can redraw."""

    items: frozenset[tuple[str, str]]
    units: frozenset[str]
    sums: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def suites(self) -> tuple[str, ...]:
        return tuple(sorted({s for s, _ in self.items if s}))


@dataclass(frozen=True)
class Battery:
    """A battery: its id, label, the units every member judged, and each member's dropped item count."""

    id: str
    label: str
    common: frozenset[str]
    n_common: int
    dropped: dict[int, int]  # member index -> items judged but not shared


def _digest(items: frozenset[tuple[str, str]]) -> str:
    return hashlib.sha256("\n".join(f"{s}\t{i}" for s, i in sorted(items)).encode()).hexdigest()[:12]


def _label(suites: tuple[str, ...], n: int, dropped: bool) -> str:
    shown = ", ".join(suites[:2]) + (f" +{len(suites) - 2} suites" if len(suites) > 2 else "")
    kind = "common items" if dropped else "items"
    return f"{shown or 'unnamed suite'} ({n} {kind})"


def group(placements: list[Placement]) -> list[Battery]:
    """Batteries of the judges ``placements`` (by index): same suites and ≥ SHARE of each one's items shared."""
    by_suites: dict[tuple[str, ...], list[int]] = {}
    for i, p in enumerate(placements):
        by_suites.setdefault(p.suites, []).append(i)
    out = []
    for suites, members in by_suites.items():
        common_items = frozenset.intersection(*(placements[i].items for i in members))
        if all(len(common_items) >= SHARE * len(placements[i].items) for i in members) and common_items:
            out.append(_battery(placements, members, suites, common_items))
            continue
        exact: dict[frozenset[tuple[str, str]], list[int]] = {}
        for i in members:
            exact.setdefault(placements[i].items, []).append(i)
        out += [_battery(placements, m, suites, items) for items, m in exact.items()]
    return out


def _battery(placements: list[Placement], members: list[int], suites: tuple[str, ...], items: frozenset) -> Battery:
    dropped = {i: len(placements[i].items) - len(items) for i in members}
    units = frozenset.intersection(*(placements[i].units for i in members))
    return Battery(_digest(items), _label(suites, len(items), any(dropped.values())), units, len(items), dropped)
