"""transformers backend: CPU or GPU, batch-first, last-position logits only.

Requests are sorted longest first and packed into batches under a token budget (left padding,
explicit position ids), so the whole list runs in few forward passes; results come back in request
order. ``choice`` requests read the next-token log-probabilities of the verdict labels in one
forward pass (``logits_to_keep=1``); ``generate`` decodes greedily unless a temperature is given;
``loglik`` scores a continuation.

On CPU, ``choice`` requests share their common head (the system prompt and the prompt format's
fixed task text, identical in every request of a judge) through the KV cache: each prompt is cut at
fixed token positions (``prefix_tokens``, default 64) and a segment is computed once for all prompts
that agree up to its end (backends/prefix_sharing.py). The cut points depend on the prompt alone,
never on which other prompts are in the list, so a request's result is bit-for-bit the same whether
it runs in a full audit or alone in a resumed one.

GGUF models are converted to safetensors once (backends/gguf_cache.py). Weights are never loaded from
pickles and ``trust_remote_code`` is never set.
"""

from __future__ import annotations

import importlib.util
import platform
from collections.abc import Callable, Sequence
from typing import Any, TypedDict, Unpack

from judgeaudit.backends.base import ModelSpec, Request, Result, backend, render_with_hf_template
from judgeaudit.backends.context import RULE, over_context
from judgeaudit.backends.gguf_cache import convert_gguf, model_cache_dir
from judgeaudit.backends.prefix_sharing import run_choice_shared
from judgeaudit.backends.weights import ModelRef, resolve
from judgeaudit.errors import JudgeAuditError, MissingDependency
from judgeaudit.io.files import JSONObject

# Where the shared-prefix path cuts every prompt, chosen by measurement (docs/throughput.md). A
# forward call costs a fixed overhead worth ~30-60 tokens of prefill on 2 CPU threads, so a cut pays
# only where the segment before it is shared by many prompts: the first 64 tokens (system prompt and
# task text) are shared by every request of a judge; deeper cuts mostly land in text that only the
# two orders of one pair share, and cost more calls than they save.
PREFIX_TOKENS: tuple[int, ...] = (64,)


class TransformersBackend:
    name = "transformers"

    def __init__(
        self,
        ref: ModelRef,
        *,
        chat_template: str = "model",
        dtype: str = "float32",
        device: str = "cpu",
        max_batch_tokens: int = 4096,
        max_batch_size: int = 8,
        threads: int | None = None,
        prefix_reuse: bool = True,
        prefix_tokens: int | Sequence[int] = PREFIX_TOKENS,
    ) -> None:
        for module in ("torch", "transformers"):
            if importlib.util.find_spec(module) is None:
                raise MissingDependency("transformers/torch", "transformers")
        if dtype not in ("float32", "bfloat16", "float16"):
            raise JudgeAuditError(f"unknown dtype {dtype!r}; choose float32, bfloat16 or float16")
        self.ref = ref
        self.chat_template = chat_template
        self.dtype_name = dtype
        self.device = device
        self.max_batch_tokens = max_batch_tokens
        self.max_batch_size = max_batch_size
        self.threads = threads
        self.prefix_reuse = prefix_reuse
        self.prefix_tokens = prefix_tokens
        self.reuse_stats = {"prompt_tokens": 0, "computed_tokens": 0, "forward_calls": 0}
        self._label_ids: dict[str, list[int]] = {}
        self._encoded: dict[Request, list[int]] = {}
        self._loaded: tuple[Any, Any, Any] | None = None

    # -- loading ----------------------------------------------------------------------------------
    # The model loads on first use, not here: a rerun whose judgments are all in the cache never
    # needs it, and importing torch plus loading the weights is most of a warm rerun's time.
    @property
    def loaded(self) -> bool:
        return self._loaded is not None

    def _ensure_loaded(self) -> tuple[Any, Any, Any]:
        if self._loaded is None:
            import torch

            if self.threads:
                torch.set_num_threads(self.threads)
            self._torch = torch
            tokenizer, model, _ = self._load()
            if self.chat_template == "model" and not getattr(tokenizer, "chat_template", None):
                raise JudgeAuditError(
                    f"{self.ref.path} has no chat template; declare 'chat_template: none' for this judge and "
                    "use a completion-style prompt format"
                )
            if tokenizer.pad_token_id is None:
                tokenizer.pad_token = tokenizer.eos_token
            self._loaded = (torch, tokenizer, model)
        return self._loaded

    @property
    def torch(self) -> Any:
        return self._ensure_loaded()[0]

    @property
    def tokenizer(self) -> Any:
        return self._ensure_loaded()[1]

    @property
    def model(self) -> Any:
        return self._ensure_loaded()[2]

    @property
    def loaded_from(self) -> str:
        """The folder the weights load from: the safetensors conversion of a GGUF, or the model folder."""
        if self.ref.gguf_file:
            return str(model_cache_dir() / self.ref.sha256[:16])
        return str(self.ref.directory)

    def _load(self) -> tuple[Any, Any, str]:
        from transformers import AutoModelForCausalLM, AutoTokenizer

        torch = self._torch
        dtype = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16}[self.dtype_name]
        source = self.ref.directory
        kwargs: dict[str, Any] = {"trust_remote_code": False}
        if self.ref.gguf_file:
            cached = model_cache_dir() / self.ref.sha256[:16]
            if not (cached / "judgeaudit-source.json").exists():
                convert_gguf(self.ref, cached, torch)
            source = cached
        kwargs["use_safetensors"] = True
        tok = AutoTokenizer.from_pretrained(source, trust_remote_code=False)
        model = AutoModelForCausalLM.from_pretrained(source, dtype=dtype, **kwargs)
        model.to(self.device).eval()  # type: ignore[arg-type]  # transformers types .to() as a model method
        return tok, model, str(source)

    # -- rendering --------------------------------------------------------------------------------
    def render(self, request: Request) -> str:
        return render_with_hf_template(request, self.tokenizer, self.chat_template)

    def _encode(self, request: Request) -> list[int]:
        if request in self._encoded:  # encoded once per run: for the context check, then for the model
            return self._encoded[request]
        text = self.render(request)
        # chat templates add their own BOS; a bare completion prompt gets the tokenizer's
        ids = self.tokenizer(text, add_special_tokens=request.messages is None or self.chat_template == "none")
        self._encoded[request] = list(ids["input_ids"])
        return self._encoded[request]

    def label_ids(self, label: str) -> list[int]:
        """Token ids that start ``label`` as the next token: with and without a leading space."""
        if label not in self._label_ids:
            ids = set()
            for variant in (label, " " + label):
                enc = self.tokenizer(variant, add_special_tokens=False)["input_ids"]
                # a tokenizer that splits " 1" into " " + "1" must not count the bare space as the label
                if enc and self.tokenizer.decode([enc[0]]).strip() == label:
                    ids.add(enc[0])
            if not ids:
                raise JudgeAuditError(f"verdict label {label!r} is not a single token for this tokenizer")
            self._label_ids[label] = sorted(ids)
        return self._label_ids[label]

    # -- batching ---------------------------------------------------------------------------------
    def _batches(self, lengths: list[int]) -> list[list[int]]:
        order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
        batches: list[list[int]] = []
        cur: list[int] = []
        for i in order:
            width = lengths[cur[0]] if cur else lengths[i]
            if cur and (len(cur) + 1) * width > self.max_batch_tokens or len(cur) >= self.max_batch_size:
                batches.append(cur)
                cur = []
            cur.append(i)
        if cur:
            batches.append(cur)
        return batches

    def _pad(self, seqs: list[list[int]]) -> tuple[Any, Any, Any]:
        torch = self.torch
        width = max(len(s) for s in seqs)
        pad = self.tokenizer.pad_token_id
        ids = torch.tensor([[pad] * (width - len(s)) + s for s in seqs], device=self.device)
        mask = torch.tensor([[0] * (width - len(s)) + [1] * len(s) for s in seqs], device=self.device)
        pos = (mask.cumsum(-1) - 1).clamp(min=0)
        return ids, mask, pos

    def run(self, requests: list[Request], on_result: Callable[[int, Result], None] | None = None) -> list[Result]:
        results: list[Result | None] = [None] * len(requests)

        def emit(i: int, res: Result) -> None:
            results[i] = res
            if on_result:
                on_result(i, res)

        try:
            for kind, fn in (
                ("choice", self._run_choice),
                ("loglik", self._run_loglik),
                ("generate", self._run_generate),
            ):
                idx = [i for i, r in enumerate(requests) if r.kind == kind and not self._refused(i, r, emit)]
                if idx:
                    fn([requests[i] for i in idx], _at(idx, emit))
        finally:
            self._encoded.clear()
        return [r if r is not None else Result(error="not run") for r in results]

    @property
    def context(self) -> int | None:
        """The longest input the model was trained for (``max_position_embeddings``), None when it does not say."""
        n = getattr(self.model.config.get_text_config(), "max_position_embeddings", None)
        return int(n) if isinstance(n, int) and n > 0 else None

    def _refused(self, i: int, request: Request, emit: Callable[[int, Result], None]) -> bool:
        """Emit a recorded refusal for a request longer than the context (see backends/context.py)."""
        n_prompt = len(self._encode(request))
        if request.kind == "loglik":
            n_prompt += len(self.tokenizer(request.continuation or "", add_special_tokens=False)["input_ids"])
        refusal = over_context(n_prompt, request.max_tokens if request.kind == "generate" else 0, self.context)
        if refusal is not None:
            emit(i, refusal)
        return refusal is not None

    def _run_choice(self, reqs: list[Request], emit: Callable[[int, Result], None]) -> None:
        enc = [self._encode(r) for r in reqs]
        self.reuse_stats["prompt_tokens"] += sum(len(e) for e in enc)
        if self.reuse_active:
            run_choice_shared(self, reqs, enc, emit)
        else:
            self._run_choice_batched(reqs, enc, emit)

    def choice_result(self, request: Request, logits: Any, n_tokens: int) -> Result:
        """Verdict-label log-probabilities (and the top five tokens) from one last-position logit row."""
        torch = self.torch
        logp = torch.log_softmax(logits.float(), dim=-1)
        top = torch.topk(logp, 5, dim=-1)
        lps = {lab: float(torch.logsumexp(logp[self.label_ids(lab)], dim=0)) for lab in request.choices}
        tops = {self.tokenizer.decode([int(t)]): round(float(v), 4) for t, v in zip(top.indices, top.values)}
        return Result(choice_logprobs=lps, n_tokens=n_tokens, extra={"top": dict(tops)})

    def _run_choice_batched(
        self, reqs: list[Request], enc: list[list[int]], emit: Callable[[int, Result], None]
    ) -> None:
        """Padded batches, longest first: the path for accelerators (and with prefix reuse off).

        A row's numbers depend slightly (~1e-5) on what it is batched with, so a resumed run can
        differ from an uninterrupted one in the last digits; ``max_batch_size=1`` avoids that.
        """
        torch = self.torch
        for batch in self._batches([len(e) for e in enc]):
            ids, mask, pos = self._pad([enc[i] for i in batch])
            with torch.inference_mode():
                logits = self.model(input_ids=ids, attention_mask=mask, position_ids=pos, logits_to_keep=1).logits
            self.reuse_stats["computed_tokens"] += sum(len(enc[i]) for i in batch)
            self.reuse_stats["forward_calls"] += 1
            for row, i in enumerate(batch):
                emit(i, self.choice_result(reqs[i], logits[row, -1, :], len(enc[i])))

    # -- shared-prefix reuse ----------------------------------------------------------------------
    @property
    def reuse_active(self) -> bool:
        """Prefix reuse runs where it was measured to pay: on CPU, with attention-only cache layers."""
        return self.prefix_reuse and self.device == "cpu" and self._attention_only()

    def _attention_only(self) -> bool:
        # hybrid models (linear attention, state-space layers) keep caches that cannot be cut back
        config = self.model.config.get_text_config()
        types = getattr(config, "layer_types", None) or ["full_attention"]
        return all(t in ("full_attention", "sliding_attention") for t in types)

    @property
    def prefix_tokens(self) -> tuple[int, ...]:
        """The fixed token positions where the shared-prefix path cuts every prompt."""
        return self._prefix_tokens

    @prefix_tokens.setter
    def prefix_tokens(self, value: int | Sequence[int]) -> None:
        cuts = (value,) if isinstance(value, int) else tuple(int(v) for v in value)
        if not cuts or any(c < 1 for c in cuts) or list(cuts) != sorted(set(cuts)):
            raise JudgeAuditError(f"prefix_tokens must be increasing positive token counts, got {value!r}")
        self._prefix_tokens = cuts

    def _run_loglik(self, reqs: list[Request], emit: Callable[[int, Result], None]) -> None:
        torch = self.torch
        prompts = [self._encode(r) for r in reqs]
        conts = [list(self.tokenizer(r.continuation or "", add_special_tokens=False)["input_ids"]) for r in reqs]
        full = [p + c for p, c in zip(prompts, conts)]
        for batch in self._batches([len(f) for f in full]):
            ids, mask, pos = self._pad([full[i] for i in batch])
            keep = max(len(conts[i]) for i in batch) + 1
            with torch.inference_mode():
                logits = self.model(input_ids=ids, attention_mask=mask, position_ids=pos, logits_to_keep=keep).logits
            logp = torch.log_softmax(logits.float(), dim=-1)
            for row, i in enumerate(batch):
                c = conts[i]
                if not c:
                    emit(i, Result(loglik=0.0, n_tokens=0))
                    continue
                # kept position j predicts the token at j+1; the continuation ends at the last position
                start = keep - 1 - len(c)
                target = torch.tensor(c, device=self.device)
                lp = logp[row, start : start + len(c), :].gather(-1, target[:, None]).squeeze(-1)
                emit(i, Result(loglik=float(lp.sum()), n_tokens=len(c)))

    def _run_generate(self, reqs: list[Request], emit: Callable[[int, Result], None]) -> None:
        torch = self.torch
        enc = [self._encode(r) for r in reqs]
        groups: dict[tuple[int, float, int], list[int]] = {}
        for i, r in enumerate(reqs):
            groups.setdefault((r.max_tokens, r.temperature, r.seed), []).append(i)
        for (max_tokens, temperature, seed), members in groups.items():
            for sub in self._batches([len(enc[i]) for i in members]):
                batch = [members[j] for j in sub]
                ids, mask, _ = self._pad([enc[i] for i in batch])
                torch.manual_seed(seed)
                with torch.inference_mode():
                    out = self.model.generate(
                        input_ids=ids,
                        attention_mask=mask,
                        max_new_tokens=max_tokens,
                        do_sample=temperature > 0,
                        temperature=temperature if temperature > 0 else None,
                        top_p=None,
                        top_k=None,
                        pad_token_id=self.tokenizer.pad_token_id,
                    )
                for row, i in enumerate(batch):
                    text = self.tokenizer.decode(out[row, ids.shape[1] :], skip_special_tokens=True)
                    emit(i, Result(text=text, n_tokens=len(enc[i])))

    def describe(self) -> JSONObject:
        from importlib.metadata import version

        loaded = self.loaded
        return {
            "backend": "transformers",
            "model_path": str(self.ref.path),
            "model_sha256": self.ref.sha256,
            "model_origin": self.ref.origin,
            "loaded_from": self.loaded_from,
            "dtype": self.dtype_name,
            "device": self.device,
            "model_loaded": loaded,
            # threads are a property of the computation: none ran when every judgment came from the cache
            "threads": self._torch.get_num_threads() if loaded else None,
            "max_batch_tokens": self.max_batch_tokens,
            "max_batch_size": self.max_batch_size,
            "chat_template": self.chat_template,
            # known once the model is loaded; a refusal is never cached, so it is not part of a result's identity
            "model_context": self.context if loaded else None,
            "over_context": RULE,
            "torch": version("torch"),
            "transformers": version("transformers"),
            "deterministic": self.dtype_name == "float32",
            "machine": platform.machine(),
            **self.reuse_summary(),
        }

    def reuse_summary(self) -> dict[str, Any]:
        """Whether choice prompts share their heads, and how much of the prompt text that saved so far."""
        st = self.reuse_stats
        total = st["prompt_tokens"]
        return {
            "prefix_reuse": self.prefix_reuse,
            "prefix_reuse_active": self.reuse_active if self.loaded else None,
            "prefix_tokens": list(self.prefix_tokens),
            "prompt_tokens": total,
            "computed_tokens": st["computed_tokens"],
            "reused_token_share": round(1 - st["computed_tokens"] / total, 4) if total else None,
            "forward_calls": st["forward_calls"],
        }


class TransformersOptions(TypedDict, total=False):
    """The options of the transformers backend (``backend_options`` of a judge file, ``--dtype``, ``--device``)."""

    dtype: str
    device: str
    max_batch_tokens: int
    max_batch_size: int
    threads: int | None
    prefix_reuse: bool
    prefix_tokens: int | Sequence[int]


@backend("transformers")
def make_transformers(spec: ModelSpec, **options: Unpack[TransformersOptions]) -> TransformersBackend:
    return TransformersBackend(resolve(spec.model, spec.name), chat_template=spec.chat_template, **options)


def _at(idx: list[int], emit: Callable[[int, Result], None]) -> Callable[[int, Result], None]:
    """Map a kind's j-th result back to its position in the whole request list."""
    return lambda j, res: emit(idx[j], res)
