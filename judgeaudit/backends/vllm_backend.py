"""vLLM backend (GPU): offline ``LLM.generate`` in chunks, each chunk's results handed on as it ends.

A chunk of ``chunk_size`` requests is one ``generate`` call; its results reach ``on_result`` (and so
the judgment cache) before the next chunk starts, so a crash or kill loses at most one chunk. Prefix
caching is on, so both orders and every padding variant of an item reuse the shared head of the
prompt.

- ``choice``: one generated token with ``logprobs<=20``; the verdict labels are read from that top
  list (not from ``prompt_logprobs``, which bypasses the prefix cache).
- ``generate``: the decoded text.
- ``loglik``: the prompt's and the continuation's token ids, concatenated as the transformers backend
  does, go in as one token prompt with ``prompt_logprobs``; the continuation's log-probability is
  the sum of its tokens' entries (each position's dict always holds the actual prompt token).

The engine is built on first use, so a fully cached rerun, or a Ray driver whose workers hold the
engines, never touches the GPU. Chat templates come from the model's own tokenizer. Needs
``pip install 'judgeaudit[vllm]'`` and a CUDA GPU.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypedDict, Unpack

from judgeaudit.backends.base import ModelSpec, Request, Result, backend, render_with_hf_template
from judgeaudit.backends.context import RULE, over_context
from judgeaudit.backends.openai_backend import label_logprobs
from judgeaudit.backends.weights import ModelRef, resolve
from judgeaudit.errors import MissingDependency
from judgeaudit.io.files import JSONObject

CHUNK_SIZE = 512


class VLLMBackend:
    name = "vllm"

    def __init__(
        self,
        model_path: str,
        sha256: str,
        *,
        chat_template: str = "model",
        dtype: str = "auto",
        tensor_parallel_size: int = 1,
        gpu_memory_utilization: float = 0.85,
        max_model_len: int = 8192,
        top_logprobs: int = 20,
        seed: int = 0,
        chunk_size: int = CHUNK_SIZE,
        ref: ModelRef | None = None,
    ) -> None:
        self.ref = ref
        self.origin = ref.origin if ref else None
        self.engine_args = {
            "model": model_path,
            "dtype": dtype,
            "tensor_parallel_size": tensor_parallel_size,
            "enable_prefix_caching": True,
            "gpu_memory_utilization": gpu_memory_utilization,
            "max_model_len": max_model_len,
            "seed": seed,
            "trust_remote_code": False,
        }
        self.model_path, self.sha256, self.dtype = model_path, sha256, dtype
        self.chat_template, self.tp = chat_template, tensor_parallel_size
        self.max_model_len = max_model_len
        self.top_logprobs = min(top_logprobs, 20)
        self.chunk_size = max(1, int(chunk_size))
        self.stats = {"prompt_tokens": 0, "cached_tokens": 0, "chunks": 0}
        self._vllm: Any = None
        self._llm: Any = None

    # -- the engine, built on first use ---------------------------------------------------------
    @property
    def vllm(self) -> Any:
        if self._vllm is None:
            try:
                import vllm
            except ImportError as exc:
                raise MissingDependency("vllm", "vllm") from exc
            self._vllm = vllm
        return self._vllm

    @property
    def llm(self) -> Any:
        if self._llm is None:
            self._llm = self.vllm.LLM(**{**self.engine_args, "model": self._engine_model()})
        return self._llm

    def _engine_model(self) -> str:
        """What the engine loads: the model folder, or for a GGUF file the dequantised safetensors copy.

        The transformers backend writes that copy of the same file (same sha256 identity); it loads in
        every vLLM version, where vLLM's own GGUF loader covers only some quantisations, and it makes
        the two backends' numbers comparable.
        """
        if self.ref is None or not self.ref.gguf_file:
            return self.model_path
        from judgeaudit.backends.transformers_backend import TransformersBackend

        local = TransformersBackend(self.ref, chat_template=self.chat_template)
        if not (Path(local.loaded_from) / "judgeaudit-source.json").exists():
            local.model  # noqa: B018 - loading converts the GGUF once and keeps the copy
        return local.loaded_from

    @property
    def tokenizer(self) -> Any:
        return self.llm.get_tokenizer()

    def render(self, req: Request) -> str:
        return render_with_hf_template(req, self.tokenizer, self.chat_template)

    def _ids(self, text: str, special: bool) -> list[int]:
        return list(self.tokenizer(text, add_special_tokens=special)["input_ids"])

    def _input(self, req: Request) -> tuple[Any, Any]:
        """The engine input and sampling parameters of one request."""
        params = self.vllm.SamplingParams
        if req.kind == "loglik":
            # tokens as the transformers backend makes them: the prompt's, then the continuation's
            prompt = self._ids(self.render(req), special=req.messages is None or self.chat_template == "none")
            cont = self._ids(req.continuation or "", special=False)
            return ({"prompt_token_ids": prompt + cont}, params(max_tokens=1, temperature=0.0, prompt_logprobs=1))
        return (
            self.render(req),
            params(
                max_tokens=req.max_tokens,
                temperature=req.temperature,
                seed=req.seed,
                logprobs=self.top_logprobs if req.kind == "choice" else None,
            ),
        )

    # -- running --------------------------------------------------------------------------------
    def run(self, requests: list[Request], on_result: Callable[[int, Result], None] | None = None) -> list[Result]:
        results: list[Result] = []
        for start in range(0, len(requests), self.chunk_size):
            chunk = requests[start : start + self.chunk_size]
            inputs = [self._input(r) for r in chunk]
            refused = [self._refusal(r, engine_input) for r, (engine_input, _) in zip(chunk, inputs)]
            sent = [j for j, refusal in enumerate(refused) if refusal is None]
            outputs: dict[int, Any] = {}
            if sent:  # vLLM fails the whole call on one over-long prompt: those never reach it
                got = self.llm.generate([inputs[j][0] for j in sent], [inputs[j][1] for j in sent], use_tqdm=False)
                outputs = dict(zip(sent, got))
                self.stats["chunks"] += 1
            for j, req in enumerate(chunk):
                res = refused[j] or self._result(req, inputs[j][0], outputs[j])
                results.append(res)
                if on_result:
                    on_result(start + j, res)
        return results

    def _refusal(self, req: Request, engine_input: Any) -> Result | None:
        """A recorded refusal when the prompt and the tokens to generate exceed ``max_model_len`` (backends/context.py).

        A text prompt is counted as the engine tokenizes it (with the tokenizer's special tokens);
        every request generates at least one token (the verdict, or the one ``loglik`` asks for).
        """
        if isinstance(engine_input, dict):
            n_prompt = len(engine_input["prompt_token_ids"])
        else:
            n_prompt = len(self._ids(engine_input, special=True))
        return over_context(n_prompt, req.max_tokens if req.kind == "generate" else 1, self.max_model_len)

    def _result(self, req: Request, engine_input: Any, out: Any) -> Result:
        self.stats["prompt_tokens"] += len(out.prompt_token_ids or [])
        self.stats["cached_tokens"] += int(getattr(out, "num_cached_tokens", 0) or 0)
        comp = out.outputs[0]
        if req.kind == "loglik":
            return self._loglik(req, engine_input["prompt_token_ids"], out.prompt_logprobs)
        if req.kind == "choice" and comp.logprobs:
            top = {lp.decoded_token: lp.logprob for lp in comp.logprobs[0].values()}
            probs, bounded = label_logprobs(top, req.choices)
            return Result(choice_logprobs=probs, text=comp.text, extra={"bounded": list(bounded)} if bounded else {})
        return Result(text=comp.text)

    def _loglik(self, req: Request, ids: list[int], prompt_logprobs: Any) -> Result:
        n_cont = len(self._ids(req.continuation or "", special=False))
        if n_cont == 0:
            return Result(loglik=0.0, n_tokens=0)
        if not prompt_logprobs or len(prompt_logprobs) != len(ids):
            return Result(error="vLLM returned no prompt log-probabilities for a loglik request")
        total = 0.0
        for pos in range(len(ids) - n_cont, len(ids)):
            entry = prompt_logprobs[pos]
            if not entry or ids[pos] not in entry:
                return Result(error=f"vLLM gave no log-probability for prompt token {pos}")
            total += float(entry[ids[pos]].logprob)
        return Result(loglik=total, n_tokens=n_cont)

    def describe(self) -> JSONObject:
        share = self.stats["cached_tokens"] / self.stats["prompt_tokens"] if self.stats["prompt_tokens"] else None
        return {
            "backend": "vllm",
            "model_path": self.model_path,
            "model_sha256": self.sha256,
            "dtype": self.dtype,
            "chat_template": self.chat_template,
            "model_origin": self.origin,
            "tensor_parallel_size": self.tp,
            "prefix_caching": True,
            "chunk_size": self.chunk_size,
            "chunks": self.stats["chunks"],
            "max_model_len": self.max_model_len,
            "over_context": RULE,
            "model_loaded": self._llm is not None,
            "vllm": getattr(self._vllm, "__version__", None),
            "cached_token_share": share,
            "deterministic": False,
        }


class VLLMOptions(TypedDict, total=False):
    """The options of the vllm backend (``backend_options`` of a judge file, ``--dtype``)."""

    dtype: str
    tensor_parallel_size: int
    gpu_memory_utilization: float
    max_model_len: int
    top_logprobs: int
    seed: int
    chunk_size: int


@backend("vllm")
def make_vllm(spec: ModelSpec, **options: Unpack[VLLMOptions]) -> VLLMBackend:
    ref = resolve(spec.model, spec.name)
    return VLLMBackend(str(ref.path), ref.sha256, chat_template=spec.chat_template, ref=ref, **options)
