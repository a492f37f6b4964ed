"""Shared helpers of the beyond-the-classic-biases probe tests: items, and a probe run through the
simulated judge (plan → runner → rows, exactly as ``judgeaudit probe`` does it)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from judgeaudit.contracts.items import Item
from judgeaudit.contracts.judgments import frame_from_rows
from judgeaudit.probes.suites import ProbeSpec
from judgeaudit.stats.pairs import prepare

QUIET = {
    "position": 0.0,
    "gold": 0.0,
    "length": 0.0,
    "own_family": 0.0,
    "tie_rate": 0.0,
    "unparsed_rate": 0.0,
}


def pairs(n: int, *, labels: tuple[str | None, ...] = ("a", "b"), prefix: str = "p") -> list[Item]:
    """``n`` pairs of equal-length responses (so a planted length effect cannot enter), labels cycling."""
    out = []
    for i in range(n):
        out.append(
            Item(
                f"{prefix}{i:04d}",
                f"Question number {i}?",
                f"Answer {i:04d} one.",
                f"Answer {i:04d} two.",
                label=labels[i % len(labels)],
                model_a="m-one",
                model_b="m-two",
                family_a="f1",
                family_b="f2",
            )
        )
    return out


def triad(g: int, labels: tuple[str | None, str | None, str | None] = (None, None, None)) -> list[Item]:
    """Three pairs among three models' answers to one instruction, as the alpaca_eval adapter builds them."""
    ans = {m: f"Answer of {m} to question {g}." for m in ("m-x", "m-y", "m-z")}
    fam = {"m-x": "fx", "m-y": "fy", "m-z": "fz"}
    out = []
    for (a, b), label in zip((("m-x", "m-y"), ("m-x", "m-z"), ("m-y", "m-z")), labels):
        out.append(
            Item(
                f"g{g}-{a}-vs-{b}",
                f"Question {g}?",
                ans[a],
                ans[b],
                label=label,
                model_a=a,
                model_b=b,
                family_a=fam[a],
                family_b=fam[b],
                meta={"group": g},
            )
        )
    return out


def gold_triads(n: int) -> list[Item]:
    """``n`` groups of three answers with a clear best (gold: x > z > y)."""
    return [item for g in range(n) for item in triad(g, ("a", "a", "b"))]


def simulated(mode: str | None = None, **planted: float) -> Any:
    """The simulated judge with every effect off except those planted here."""
    from judgeaudit.judges import load_judge

    return load_judge("simulated", mode=mode, options={**QUIET, **planted})


def run(judge: Any, items: list[Item], *probes: str | ProbeSpec) -> tuple[pd.DataFrame, list[dict], dict]:
    """(prepared rows, raw rows, runner counters) of the probes on the items."""
    from tests.support.runner import judge_items

    rows, counters = judge_items(judge, items, *probes)
    return prepare(frame_from_rows(rows))[0], rows, counters


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))
