"""The vLLM backend against a stand-in engine (no GPU here): chunked streaming, verdict labels, loglik.

The stand-in replaces the ``vllm`` module at the import boundary. Its output objects have the shapes
of vLLM's own (``vllm/outputs.py``: ``RequestOutput`` with ``prompt_token_ids``, ``prompt_logprobs``,
``outputs`` of ``CompletionOutput``; ``vllm/logprobs.py``: one ``{token_id: Logprob}`` dict per
position, ``None`` for the first prompt token, the actual token always included), and its numbers
come from a fixed per-token rule, so every expected value is computed independently here.
"""

from __future__ import annotations

import json
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from judgeaudit.backends.base import Request, Result
from judgeaudit.backends.vllm_backend import VLLMBackend


@dataclass
class Logprob:
    logprob: float
    rank: int | None = None
    decoded_token: str | None = None


@dataclass
class CompletionOutput:
    index: int
    text: str
    token_ids: list[int]
    cumulative_logprob: float | None
    logprobs: list[dict[int, Logprob]] | None
    finish_reason: str | None = "length"


class RequestOutput:
    def __init__(
        self,
        request_id: str,
        prompt: str | None,
        prompt_token_ids: list[int] | None,
        prompt_logprobs: list[dict[int, Logprob] | None] | None,
        outputs: list[CompletionOutput],
        finished: bool,
        num_cached_tokens: int | None = None,
    ) -> None:
        self.request_id, self.prompt, self.prompt_token_ids = request_id, prompt, prompt_token_ids
        self.prompt_logprobs, self.outputs, self.finished = prompt_logprobs, outputs, finished
        self.num_cached_tokens = num_cached_tokens


@dataclass
class SamplingParams:
    """The fields of ``vllm.SamplingParams`` the backend sets."""

    max_tokens: int | None = 16
    temperature: float = 1.0
    seed: int | None = None
    logprobs: int | None = None
    prompt_logprobs: int | None = None


class CharTokenizer:
    """One token per character (its code point); BOS is token 1."""

    chat_template = "stand-in"

    def __call__(self, text: str, add_special_tokens: bool = True) -> dict[str, list[int]]:
        return {"input_ids": ([1] if add_special_tokens else []) + [ord(c) for c in text]}

    def apply_chat_template(
        self, messages: list[dict[str, str]], tokenize: bool = False, add_generation_prompt: bool = True
    ) -> str:
        return "".join(f"<{m['role']}>{m['content']}" for m in messages) + "<assistant>"


def token_logprob(token: int, position: int) -> float:
    return -((token + position) % 7 + 1) / 10


class StandInLLM:
    """``vllm.LLM``: ``generate(prompts, sampling_params, use_tqdm)`` and ``get_tokenizer()``."""

    def __init__(self, **engine_args: Any) -> None:
        self.engine_args = engine_args
        self.events: list[tuple[str, int]] = []
        self.fail_on_call: int | None = None
        self.tokenizer = CharTokenizer()

    def get_tokenizer(self) -> CharTokenizer:
        return self.tokenizer

    def generate(
        self, prompts: list[Any], sampling_params: list[SamplingParams], use_tqdm: bool = True
    ) -> list[RequestOutput]:
        calls = sum(1 for e in self.events if e[0] == "generate")
        self.events.append(("generate", len(prompts)))
        if self.fail_on_call == calls + 1:
            raise RuntimeError("CUDA error: device-side assert triggered")
        return [self._one(i, p, sp) for i, (p, sp) in enumerate(zip(prompts, sampling_params))]

    def _one(self, i: int, prompt: Any, sp: SamplingParams) -> RequestOutput:
        ids = prompt["prompt_token_ids"] if isinstance(prompt, dict) else self.tokenizer(prompt)["input_ids"]
        prompt_lps: list[dict[int, Logprob] | None] | None = None
        if sp.prompt_logprobs is not None:  # the actual token plus the top one (token 0, rank 1)
            prompt_lps = [None] + [
                {t: Logprob(token_logprob(t, j), 3, chr(t)), 0: Logprob(-0.01, 1, "?")}
                for j, t in enumerate(ids)
                if j > 0
            ]
        if sp.logprobs:
            top = {65: Logprob(-0.3, 1, "A"), 2066: Logprob(-1.5, 2, " B"), 67: Logprob(-4.0, 3, "C")}
            comp = CompletionOutput(0, "A", [65], -0.3, [top])
        else:
            comp = CompletionOutput(0, "[RESULT] B", [66], -1.0, None)
        return RequestOutput(
            str(i),
            None if isinstance(prompt, dict) else prompt,
            list(ids),
            prompt_lps,
            [comp],
            True,
            num_cached_tokens=len(ids) // 2,
        )


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    module = types.ModuleType("vllm")
    module.LLM = StandInLLM  # type: ignore[attr-defined]
    module.SamplingParams = SamplingParams  # type: ignore[attr-defined]
    module.__version__ = "0.0-stand-in"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vllm", module)
    return module


def _choice(i: int) -> Request:
    return Request(kind="choice", messages=(("user", f"question {i}"),), choices=("A", "B"))


def test_each_chunk_reaches_on_result_before_the_next_chunk_runs(stand_in: types.ModuleType) -> None:
    backend = VLLMBackend("/models/m", "sha", chunk_size=3)
    seen: list[int] = []

    def on_result(i: int, res: Result) -> None:
        seen.append(i)
        backend.llm.events.append(("result", i))

    results = backend.run([_choice(i) for i in range(7)], on_result)
    assert backend.llm.events == [
        ("generate", 3),
        ("result", 0),
        ("result", 1),
        ("result", 2),
        ("generate", 3),
        ("result", 3),
        ("result", 4),
        ("result", 5),
        ("generate", 1),
        ("result", 6),
    ]
    assert seen == list(range(7)) and len(results) == 7
    assert backend.describe()["chunks"] == 3 and backend.describe()["cached_token_share"] is not None


def test_a_crash_in_a_later_chunk_keeps_the_earlier_chunks_results(stand_in: types.ModuleType) -> None:
    backend = VLLMBackend("/models/m", "sha", chunk_size=2)
    backend.llm.fail_on_call = 2
    stored: dict[int, Result] = {}
    with pytest.raises(RuntimeError, match="CUDA error"):
        backend.run([_choice(i) for i in range(5)], lambda i, res: stored.__setitem__(i, res))
    assert sorted(stored) == [0, 1]


def test_verdict_labels_come_from_the_top_logprobs_of_one_token(stand_in: types.ModuleType) -> None:
    (res,) = VLLMBackend("/models/m", "sha").run([_choice(0)])
    assert res.choice_logprobs == {"A": -0.3, "B": -1.5} and res.text == "A"


def test_loglik_sums_the_continuations_prompt_logprobs(stand_in: types.ModuleType) -> None:
    backend = VLLMBackend("/models/m", "sha")
    req = Request(kind="loglik", messages=(("user", "Say hi"),), continuation="Hi!")
    (res,) = backend.run([req])
    prompt = [ord(c) for c in "<user>Say hi<assistant>"]  # a chat prompt: the template brings its own BOS
    cont = [ord(c) for c in "Hi!"]
    want = sum(token_logprob(t, len(prompt) + k) for k, t in enumerate(cont))
    assert res.error is None and res.n_tokens == 3 and res.loglik == pytest.approx(want, abs=1e-12)


def test_an_empty_continuation_scores_zero_without_reading_the_engine(stand_in: types.ModuleType) -> None:
    (res,) = VLLMBackend("/models/m", "sha").run([Request(kind="loglik", prompt="Q: ", continuation="")])
    assert res.loglik == 0.0 and res.n_tokens == 0


def test_the_engine_is_built_on_first_use_with_prefix_caching_and_tensor_parallel(stand_in: types.ModuleType) -> None:
    backend = VLLMBackend("/models/m", "sha", tensor_parallel_size=4)
    assert backend.describe()["model_loaded"] is False
    backend.run([_choice(0)])
    args = backend.llm.engine_args
    assert args["tensor_parallel_size"] == 4 and args["enable_prefix_caching"] is True and args["model"] == "/models/m"


def test_a_likelihood_judge_runs_on_vllm(stand_in: types.ModuleType, tmp_path: Path) -> None:
    from judgeaudit.judges import load_judge

    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text(json.dumps({"architectures": ["LlamaForCausalLM"]}))
    spec = tmp_path / "judge.yaml"
    spec.write_text(
        f"name: tiny-likelihood\nversion: 1\nfamily: huggingface\nbackend: vllm\nmode: likelihood\n"
        f"model:\n  path: {model}\nformats:\n  pairwise: generic-pairwise\n  score: generic-score\n"
    )
    judge = load_judge(str(spec), options={"chunk_size": 2})
    reqs = judge.pairwise_requests("What is 2 + 2?", "4", "It is five.", "ab")
    verdict = judge.read_pairwise(judge.backend.run(list(reqs)), "ab")
    assert verdict["winner"] in ("a", "b") and 0 < verdict["p_a"] < 1
    assert judge.backend.describe()["chunks"] == -(-len(reqs) // 2)


def test_a_prompt_longer_than_max_model_len_is_refused_and_never_sent(stand_in: types.ModuleType) -> None:
    backend = VLLMBackend("/models/m", "sha", max_model_len=60)
    fits = _choice(0)  # "<user>question 0<assistant>" and BOS: 29 tokens, one to generate
    too_long = Request(kind="choice", messages=(("user", "x" * 80),), choices=("A", "B"))
    no_room_to_answer = Request(kind="generate", messages=(("user", "y" * 20),), max_tokens=40)  # 39 + 40 > 60
    got = backend.run([too_long, fits, no_room_to_answer])
    assert got[1].error is None and got[1].choice_logprobs == {"A": -0.3, "B": -1.5}
    assert got[0].error is not None and "exceeds the model's context of 60 tokens" in got[0].error
    assert got[0].extra == {"over_context": True} and got[0].n_tokens == 1 + len("<user>" + "x" * 80 + "<assistant>")
    assert got[2].error is not None and "+ 40 to generate" in got[2].error
    assert backend.llm.events == [("generate", 1)]  # only the prompt that fits reached the engine
    described = backend.describe()
    assert described["max_model_len"] == 60 and described["over_context"] == "refuse"


def test_a_chunk_of_only_over_long_prompts_never_calls_the_engine(stand_in: types.ModuleType) -> None:
    backend = VLLMBackend("/models/m", "sha", max_model_len=10)
    got = backend.run([_choice(1), _choice(2)])
    assert all(r.error and "refused, not truncated" in r.error for r in got)
    assert backend.llm.events == [] and backend.describe()["chunks"] == 0
