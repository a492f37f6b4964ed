"""Response identity survives the swap: judges whose verdicts are known give exact metrics.

The simulated judge with a huge planted position effect always picks the first slot; with a huge
gold effect on items whose gold is always response a, it always picks response a. Both go through
the real pipeline (probe expansion, backend, verdict mapping, statistics).
"""

from __future__ import annotations

from pathlib import Path

from judgeaudit.contracts.items import Item, load_items
from judgeaudit.judges import load_judge
from judgeaudit.probes.suites import ProbeSpec, Suite
from judgeaudit.runner.execute import execute
from judgeaudit.runner.plan import plan
from judgeaudit.verbs.probe import analyze_rows


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
