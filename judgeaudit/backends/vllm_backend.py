"""vLLM backend (GPU): one offline ``LLM.generate`` over the whole request list.

Prefix caching is on, so both orders and every padding variant of an item reuse the shared head of
the prompt. Logprob mode asks for one token with ``logprobs<=20`` (not ``prompt_logprobs``, which
bypasses the prefix cache) and reads the verdict labels from that top list. Chat templates come
from the model's own tokenizer. Needs ``pip install 'judgeaudit[vllm]'`` and a CUDA GPU.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from judgeaudit.backends.base import Request, Result, backend, render_with_hf_template
from judgeaudit.backends.openai_backend import label_logprobs
from judgeaudit.errors import MissingDependency
from judgeaudit.judges.models import resolve


class VLLMBackend:
    name = "vllm"

    def __init__(self, model_path: str, sha256: str, *, chat_template: str = "model", dtype: str = "auto",
                 tensor_parallel_size: int = 1, gpu_memory_utilization: float = 0.85, max_model_len: int = 8192,
                 top_logprobs: int = 20, seed: int = 0) -> None:
        try:
            import vllm
        except ImportError as exc:
            raise MissingDependency("vllm", "vllm") from exc
        self.vllm = vllm
        self.llm = vllm.LLM(model=model_path, dtype=dtype, tensor_parallel_size=tensor_parallel_size,
                            enable_prefix_caching=True, gpu_memory_utilization=gpu_memory_utilization,
                            max_model_len=max_model_len, seed=seed, trust_remote_code=False)
        self.tokenizer = self.llm.get_tokenizer()
        self.model_path, self.sha256, self.dtype = model_path, sha256, dtype
        self.chat_template, self.tp = chat_template, tensor_parallel_size
        self.top_logprobs = min(top_logprobs, 20)
        self.stats = {"prompt_tokens": 0, "cached_tokens": 0}

    def render(self, req: Request) -> str:
        return render_with_hf_template(req, self.tokenizer, self.chat_template)

    def run(self, requests: list[Request], on_result: Callable[[int, Result], None] | None = None) -> list[Result]:
        SamplingParams = self.vllm.SamplingParams
        params = [SamplingParams(max_tokens=r.max_tokens, temperature=r.temperature, seed=r.seed,
                                 logprobs=self.top_logprobs if r.kind == "choice" else None) for r in requests]
        outputs = self.llm.generate([self.render(r) for r in requests], params, use_tqdm=False)
        results = []
        for i, (req, out) in enumerate(zip(requests, outputs)):
            comp = out.outputs[0]
            self.stats["prompt_tokens"] += len(out.prompt_token_ids or [])
            self.stats["cached_tokens"] += int(getattr(out, "num_cached_tokens", 0) or 0)
            if req.kind == "choice" and comp.logprobs:
                top = {lp.decoded_token: lp.logprob for lp in comp.logprobs[0].values()}
                probs, bounded = label_logprobs(top, req.choices)
                res = Result(choice_logprobs=probs, text=comp.text, extra={"bounded": bounded} if bounded else {})
            else:
                res = Result(text=comp.text)
            results.append(res)
            if on_result:
                on_result(i, res)
        return results

    def describe(self) -> dict[str, Any]:
        share = self.stats["cached_tokens"] / self.stats["prompt_tokens"] if self.stats["prompt_tokens"] else None
        return {"backend": "vllm", "model_path": self.model_path, "model_sha256": self.sha256, "dtype": self.dtype,
                "tensor_parallel_size": self.tp, "prefix_caching": True, "vllm": self.vllm.__version__,
                "cached_token_share": share, "deterministic": False}


@backend("vllm")
def make_vllm(spec: Any, **options: Any) -> VLLMBackend:
    ref = resolve(spec.model, spec.name)
    if ref.gguf_file:
        options.setdefault("dtype", "auto")
    return VLLMBackend(str(ref.path), ref.sha256, chat_template=spec.chat_template, **options)
