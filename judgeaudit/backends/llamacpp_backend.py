"""llama.cpp backend (``llama-cpp-python``): the CPU path for GGUF judges, with KV-cache prefix reuse.

Requests are ordered so that those sharing a prompt head run back to back; each evaluation keeps
the KV cache of the longest common token prefix with the previous prompt and evaluates only the
rest. Choice requests read the last position's logits; generation is greedy unless a temperature
is given. Build it with ``CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install 'judgeaudit[llamacpp]'`` on
machines whose CPUs lack the build host's instructions.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypedDict, Unpack, cast

from judgeaudit.backends.base import ModelSpec, Request, Result, backend
from judgeaudit.backends.context import RULE, over_context
from judgeaudit.backends.weights import ModelRef, resolve
from judgeaudit.errors import JudgeAuditError, MissingDependency
from judgeaudit.io.files import JSONObject


class LlamaCppBackend:
    name = "llamacpp"

    def __init__(
        self,
        ref: ModelRef,
        *,
        chat_template: str = "model",
        n_ctx: int = 4096,
        threads: int | None = None,
        seed: int = 0,
    ) -> None:
        try:
            import llama_cpp
        except ImportError as exc:
            raise MissingDependency("llama-cpp-python", "llamacpp") from exc
        if not ref.gguf_file:
            raise JudgeAuditError(f"the llamacpp backend needs a GGUF file; {ref.path} is a directory")
        self.llama_cpp = llama_cpp
        self.ref = ref
        self.llm = llama_cpp.Llama(
            model_path=str(ref.path), n_ctx=n_ctx, n_threads=threads, seed=seed, logits_all=False, verbose=False
        )
        self.chat_template = chat_template
        self.n_ctx = n_ctx
        self.seed = seed
        # a context larger than the model was trained on is extrapolation, not reading: the smaller one counts
        train = getattr(self.llm, "n_ctx_train", None)
        self.context = min(n_ctx, int(train())) if callable(train) and train() else n_ctx
        self.stats = {"prompt_tokens": 0, "reused_tokens": 0}
        self._formatter = None
        if chat_template == "model":
            template = self.llm.metadata.get("tokenizer.chat_template")
            if not template:
                raise JudgeAuditError(f"{ref.path} has no chat template; declare 'chat_template: none'")
            from llama_cpp.llama_chat_format import Jinja2ChatFormatter

            vocab = self.llm
            self._formatter = Jinja2ChatFormatter(
                template=template,
                eos_token=vocab.detokenize([vocab.token_eos()]).decode("utf-8", "ignore"),
                bos_token=vocab.detokenize([vocab.token_bos()]).decode("utf-8", "ignore"),
                add_generation_prompt=True,
            )

    def render(self, req: Request) -> str:
        if req.messages is None:
            return req.prompt or ""
        msgs = [{"role": r, "content": c} for r, c in req.messages if r != "assistant_prefix"]
        prefix = "".join(c for r, c in req.messages if r == "assistant_prefix")
        if self._formatter is None:
            return "\n\n".join(m["content"] for m in msgs) + prefix
        return self._formatter(messages=cast(Any, msgs)).prompt + prefix

    def _tokens(self, req: Request) -> list[int]:
        text = self.render(req)
        # chat templates carry their own BOS; llama.cpp adds one for bare completions
        return list(
            self.llm.tokenize(
                text.encode("utf-8"), add_bos=req.messages is None or self._formatter is None, special=True
            )
        )

    def _eval(self, tokens: list[int]) -> None:
        """Evaluate ``tokens``, reusing the KV cache of the longest prefix already evaluated."""
        if len(tokens) > self.n_ctx:
            raise JudgeAuditError(f"prompt of {len(tokens)} tokens exceeds the context of {self.n_ctx}")
        cached = list(self.llm._input_ids[: self.llm.n_tokens])
        keep = 0
        for a, b in zip(cached, tokens):
            if a != b:
                break
            keep += 1
        keep = min(keep, len(tokens) - 1)  # always evaluate at least the last token for fresh logits
        self.llm.n_tokens = keep
        self.llm._ctx.kv_cache_seq_rm(-1, keep, -1)
        self.llm.eval(tokens[keep:])
        self.stats["prompt_tokens"] += len(tokens)
        self.stats["reused_tokens"] += keep

    def _label_id(self, label: str) -> list[int]:
        ids = set()
        for variant in (label, " " + label):
            toks = self.llm.tokenize(variant.encode("utf-8"), add_bos=False, special=False)
            if toks and self.llm.detokenize([toks[0]]).decode("utf-8", "ignore").strip() == label:
                ids.add(toks[0])
        if not ids:
            raise JudgeAuditError(f"verdict label {label!r} is not a single token for this model")
        return sorted(ids)

    def run(self, requests: list[Request], on_result: Callable[[int, Result], None] | None = None) -> list[Result]:
        import numpy as np

        encoded = [self._tokens(r) for r in requests]
        order = sorted(range(len(requests)), key=lambda i: encoded[i])  # shared heads become neighbours
        results: list[Result | None] = [None] * len(requests)
        for i in order:
            req, toks = requests[i], encoded[i]
            refused = over_context(len(toks), req.max_tokens if req.kind == "generate" else 0, self.context)
            try:
                if refused is not None:
                    res = refused
                elif req.kind == "choice":
                    self._eval(toks)
                    # without logits_all, llama-cpp-python keeps only the last position's logits in the context
                    logits = np.ctypeslib.as_array(self.llm._ctx.get_logits(), shape=(self.llm.n_vocab(),)).astype(
                        np.float64
                    )
                    logp = logits - (logits.max() + math.log(np.exp(logits - logits.max()).sum()))
                    probs = {}
                    for lab in req.choices:
                        ids = self._label_id(lab)
                        m = max(logp[j] for j in ids)
                        probs[lab] = float(m + math.log(sum(math.exp(logp[j] - m) for j in ids)))
                    top = np.argsort(-logp)[:5]
                    res = Result(
                        choice_logprobs=probs,
                        n_tokens=len(toks),
                        extra={
                            "top": {
                                self.llm.detokenize([int(t)]).decode("utf-8", "ignore"): round(float(logp[t]), 4)
                                for t in top
                            }
                        },
                    )
                elif req.kind == "generate":
                    out = self.llm.create_completion(
                        toks, max_tokens=req.max_tokens, temperature=req.temperature, seed=req.seed
                    )
                    res = Result(text=cast(Any, out)["choices"][0]["text"], n_tokens=len(toks))
                else:
                    res = Result(error="loglik mode is not implemented for llamacpp; use the transformers backend")
            except JudgeAuditError as exc:
                res = Result(error=str(exc))
            results[i] = res
            if on_result:
                on_result(i, res)
        return [r or Result(error="not run") for r in results]

    def describe(self) -> JSONObject:
        share = self.stats["reused_tokens"] / self.stats["prompt_tokens"] if self.stats["prompt_tokens"] else None
        return {
            "backend": "llamacpp",
            "model_path": str(self.ref.path),
            "model_sha256": self.ref.sha256,
            "dtype": "gguf",
            "n_ctx": self.n_ctx,
            "context_tokens": self.context,
            "over_context": RULE,
            "seed": self.seed,
            "llama_cpp_python": self.llama_cpp.__version__,
            "chat_template": self.chat_template,
            "reused_token_share": share,
            "deterministic": True,
        }


class LlamaCppOptions(TypedDict, total=False):
    """The options of the llamacpp backend (``backend_options`` of a judge file)."""

    n_ctx: int
    threads: int | None
    seed: int


@backend("llamacpp")
def make_llamacpp(spec: ModelSpec, *, dtype: str | None = None, **options: Unpack[LlamaCppOptions]) -> LlamaCppBackend:
    """``dtype`` is accepted and ignored: a GGUF file fixes its own quantisation."""
    return LlamaCppBackend(resolve(spec.model, spec.name), chat_template=spec.chat_template, **options)
