"""Judges whose every verdict is known, as judgments DataFrames: the metrics must come out exact.

A judge here is a function ``(item, order) -> winner`` (a response name, ``tie`` or None for an
unparsed output); :func:`judge_rows` writes the rows the pipeline would write for it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from judgeaudit.contracts.judgments import frame_from_rows

Item = dict[str, Any]
Choose = Callable[[Item, str], str | None]


def make_items(
    n: int = 20,
    *,
    labels: Iterable[str | None] = ("a", "b"),
    len_a: Callable[[int], int] | None = None,
    len_b: Callable[[int], int] | None = None,
    families: tuple[str, str] | None = None,
    prefix: str = "i",
) -> list[Item]:
    """``n`` items cycling through ``labels``; lengths and families per index when given.

    With ``families=(x, y)`` items alternate which side is ``x`` so each family is a and b equally often.
    """
    labels = list(labels)
    out = []
    for i in range(n):
        item: Item = {
            "item_id": f"{prefix}{i:03d}",
            "label": labels[i % len(labels)],
            "len_a": len_a(i) if len_a else 100 + 7 * i,
            "len_b": len_b(i) if len_b else 400 - 5 * i,
        }
        if families:
            fa, fb = families if (i // 2) % 2 == 0 else families[::-1]
            item.update(family_a=fa, family_b=fb, model_a=f"{fa}-m", model_b=f"{fb}-m")
        out.append(item)
    return out


def judge_rows(
    items: Iterable[Item],
    choose: Choose,
    *,
    judge: str = "j",
    judge_family: str | None = "fam",
    probe: str = "position",
    variant: str = "original",
    orders: tuple[str, ...] = ("ab", "ba"),
    **extra: Any,
) -> list[dict[str, Any]]:
    """Pairwise rows of ``judge`` for each item in each order."""
    rows = []
    for it in items:
        for order in orders:
            rows.append(
                {
                    "judge": judge,
                    "judge_family": judge_family,
                    "probe": probe,
                    "suite": "t",
                    "variant": variant,
                    "mode": "pairwise",
                    "order": order,
                    "winner": choose(it, order),
                    **it,
                    **extra,
                }
            )
    return rows


def score_rows(
    items: Iterable[Item],
    score: Callable[[Item, str], float | None],
    *,
    judge: str = "j",
    judge_family: str | None = "fam",
) -> list[dict[str, Any]]:
    """Score-mode rows: one per response of each item."""
    return [
        {
            "judge": judge,
            "judge_family": judge_family,
            "probe": "score_vs_rank",
            "suite": "t",
            "variant": "original",
            "mode": "score",
            "response": which,
            "score": score(it, which),
            **it,
        }
        for it in items
        for which in ("a", "b")
    ]


def frame(*row_lists: list[dict[str, Any]]) -> pd.DataFrame:
    return frame_from_rows([r for rows in row_lists for r in rows])


def first_slot(it: Item, order: str) -> str:
    return "a" if order == "ab" else "b"


def second_slot(it: Item, order: str) -> str:
    return "b" if order == "ab" else "a"


def always_a(it: Item, order: str) -> str:
    return "a"


def always_gold(it: Item, order: str) -> str | None:
    return it["label"]


def always_tie(it: Item, order: str) -> str:
    return "tie"


def always_longer(it: Item, order: str) -> str:
    return "a" if it["len_a"] > it["len_b"] else "b"


def always_family(family: str) -> Choose:
    def choose(it: Item, order: str) -> str | None:
        if it.get("family_a") == family and it.get("family_b") != family:
            return "a"
        if it.get("family_b") == family and it.get("family_a") != family:
            return "b"
        return it["label"]

    return choose


def coin(seed: int = 0, p_first: float = 0.5) -> Choose:
    """A judge that flips a (seeded, reproducible) coin between the slots, ignoring content."""

    def choose(it: Item, order: str) -> str:
        h = int(
            hashlib.sha256(f"{seed}|{it['item_id']}|{order}|{it.get('repeat', 0)}".encode()).hexdigest()[:8],
            16,
        )
        first = h / 0xFFFFFFFF < p_first
        return first_slot(it, order) if first else second_slot(it, order)

    return choose
