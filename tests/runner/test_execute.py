"""Response identity survives the swap: judges whose verdicts are known give exact metrics.

The simulated judge with a huge planted position effect always picks the first slot; with a huge
gold effect on items whose gold is always response a, it always picks response a. Both go through
the real pipeline (probe expansion, backend, verdict mapping, statistics).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from judgeaudit.backends.base import Result
from judgeaudit.contracts.items import Item, load_items
from judgeaudit.judges import load_judge
from judgeaudit.probes.suites import ProbeSpec, Suite
from judgeaudit.runner.cache import JudgmentCache
from judgeaudit.runner.execute import execute
from judgeaudit.runner.plan import plan
from judgeaudit.verbs.probe import analyze_rows
from tests.support.runner import judge_items


def _run(items: list[Item], **planted: float) -> tuple[list[dict], dict]:
    judge = load_judge("simulated", options=planted)
    suite = Suite("t", 1, Path("t.yaml"))
    rows, _ = execute(judge, plan(judge, [(suite, items, [ProbeSpec("position")])]), cache=None)
    metrics = analyze_rows(rows, judge.family, seed=0)
    assert metrics is not None
    return rows, metrics


def test_always_first_slot_judge(pairs_file: Path) -> None:
    rows, m = _run(load_items(pairs_file), position=50.0, gold=0.0)
    for r in rows:
        assert r["winner"] == ("a" if r["order"] == "ab" else "b")
    pos = m["position"]
    assert pos["consistency"]["value"] == 0.0
    assert pos["primacy_share"]["value"] == 1.0
    assert pos["first_slot_rate"]["value"] == 1.0
    assert pos["accuracy_both_orders"]["value"] == 0.0
    assert pos["consistency"]["n"] == 20


def test_always_response_a_judge(pairs_file: Path) -> None:
    items = [Item(it.id, it.instruction, it.response_a, it.response_b, label="a") for it in load_items(pairs_file)]
    rows, m = _run(items, position=0.0, gold=50.0)
    assert {r["winner"] for r in rows} == {"a"}
    assert m["position"]["consistency"]["value"] == 1.0
    assert m["position"]["first_slot_rate"]["value"] == 0.5


class _NonFinite:
    """A backend wrapper whose model overflows: every other answer holds log-probabilities with ``value`` for
    label A (what a half-precision model or a buggy server returns); the rest are the real answers."""

    def __init__(self, inner: Any, value: float) -> None:
        self.inner, self.value, self.name = inner, value, inner.name

    def run(self, requests: list[Any], on_result: Any = None) -> list[Result]:
        out = []
        for i, res in enumerate(self.inner.run(requests)):
            if i % 2 == 0:
                res = Result(choice_logprobs={"A": self.value, "B": -1.0}, text="A")
            if on_result:
                on_result(i, res)
            out.append(res)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_non_finite_log_probability_from_any_backend_is_a_counted_error_never_a_verdict(
    pairs_file: Path, tmp_path: Path, value: float
) -> None:
    judge = load_judge("simulated", options={"position": 50.0, "gold": 0.0})
    judge.backend = _NonFinite(judge.backend, value)  # type: ignore[assignment]
    cache = JudgmentCache(tmp_path / "c.sqlite")
    rows, counters = judge_items(judge, load_items(pairs_file), cache=cache)
    cache.close()
    failed = [r for r in rows if r.get("error")]
    assert len(failed) == len(rows) // 2 and counters["backend_errors"] == len(failed)
    assert all("not a finite number" in r["error"] and r["winner"] is None and r["p_a"] is None for r in failed)
    json.loads(json.dumps(rows, allow_nan=False))  # nothing non-finite reaches judgments.jsonl
    assert all(r["winner"] == ("a" if r["order"] == "ab" else "b") for r in rows if not r.get("error"))
    reopened = JudgmentCache(tmp_path / "c.sqlite")
    try:  # never cached: asked again next time
        assert sum(1 for _ in reopened.db.execute("SELECT key FROM judgments")) == len(rows) - len(failed)
    finally:
        reopened.close()
