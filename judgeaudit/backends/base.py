"""The backend contract: batch-first, one call over the whole request list.

A backend turns rendered judge requests into raw results. It owns ordering, batching and prefix
reuse; callers never loop one request at a time. Results come back in request order.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from judgeaudit.contracts.vocab import RequestKind
from judgeaudit.io.files import JSONObject
from judgeaudit.registry import Registry

Kind = RequestKind


@dataclass(frozen=True)
class Request:
    """One judge call.

    Attributes:
        messages: chat messages; the backend applies the model's own chat template. Mutually
            exclusive with ``prompt``.
        prompt: a raw completion prompt (for base models without a chat template).
        kind: ``choice`` reads next-token log-probabilities of ``choices`` in one forward pass;
            ``generate`` decodes text; ``loglik`` scores ``continuation`` given the prompt.
        choices: verdict strings whose first token is compared (``("A", "B")``, ``("1",..,"5")``).
        continuation: the text scored in ``loglik`` mode.
        max_tokens, temperature, seed: decoding parameters (greedy when temperature is 0).
    """

    kind: Kind
    messages: tuple[tuple[str, str], ...] | None = None
    prompt: str | None = None
    choices: tuple[str, ...] = ()
    continuation: str | None = None
    max_tokens: int = 1
    temperature: float = 0.0
    seed: int = 0
    meta: dict[str, Any] | None = field(default=None, compare=False, hash=False)

    def key_payload(self) -> JSONObject:
        # ``meta`` describes the request for the simulated backend and for bookkeeping; it never
        # changes what a real model sees, so it is not part of the identity.
        d = asdict(self)
        d.pop("meta")
        return d

    def digest(self) -> str:
        """Stable hash of everything that determines the result (for the judgment cache)."""
        blob = json.dumps(self.key_payload(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    @staticmethod
    def chat(*pairs: tuple[str, str], **kw: Any) -> Request:
        return Request(messages=tuple(pairs), **kw)


@dataclass
class Result:
    """What came back for one request. ``error`` is set (and kept) when the call failed."""

    text: str | None = None
    choice_logprobs: dict[str, float] | None = None
    loglik: float | None = None
    n_tokens: int | None = None
    error: str | None = None
    extra: JSONObject = field(default_factory=dict)  # what a backend adds: its own numbers, the attempts

    def to_dict(self) -> JSONObject:
        return asdict(self)

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Result:
        return Result(**d)


def _finite(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def checked(result: Result) -> Result:
    """``result``, or a failed call when it carries a number no verdict can come from.

    A log-probability that is NaN, infinite or not a number at all (a server's bug, an overflow in
    half precision) would otherwise become a verdict: NaN compares false both ways, so every such call
    read as a win of the second slot. Whatever the backend or batch file, such a result is an error,
    kept with the numbers it held, counted, and never cached.
    """
    if result.error:
        return result
    bad = {k: v for k, v in (result.choice_logprobs or {}).items() if not _finite(v)}
    if result.loglik is not None and not _finite(result.loglik):
        bad["loglik"] = result.loglik
    if not bad:
        return result
    shown = ", ".join(f"{k}: {v!r}" for k, v in sorted(bad.items(), key=lambda kv: str(kv[0])))
    return Result(
        text=result.text,
        n_tokens=result.n_tokens,
        error=f"the backend returned a log-probability that is not a finite number ({shown}); no verdict read",
        extra=result.extra,
    )


class Backend(Protocol):
    """What every backend provides."""

    name: str

    def run(self, requests: list[Request], on_result: Callable[[int, Result], None] | None = None) -> list[Result]:
        """Run all requests; ``on_result(index, result)`` is called as each completes."""
        ...

    def describe(self) -> JSONObject:
        """Identity for the manifest and cache key: model path, sha256, dtype, versions..."""
        ...


class ModelSpec(Protocol):
    """What a backend factory reads of its judge (:class:`judgeaudit.judges.spec.JudgeSpec` is one)."""

    @property
    def name(self) -> str: ...

    @property
    def family(self) -> str: ...

    @property
    def model(self) -> Mapping[str, Any]: ...  # the judge file's ``model`` mapping (weights or endpoint)

    @property
    def chat_template(self) -> str: ...

    @property
    def simulate(self) -> Mapping[str, Any]: ...  # the simulated judge's planted parameters


# ``factory(spec, **options)``: options are the factory's keyword parameters, checked when it is called
BackendFactory = Callable[..., Backend]
backends: Registry[BackendFactory] = Registry("backend")
backend = backends.register


def render_with_hf_template(request: Request, tokenizer: Any, chat_template: str) -> str:
    """The text a Hugging Face tokenizer's chat template makes of a request (transformers, vLLM).

    A template that rejects the system role (Mistral's) gets the system prompt at the start of the
    user turn, as prometheus-eval does for its Mistral-based judges.
    """
    if request.messages is None:
        return request.prompt or ""
    msgs = [{"role": r, "content": c} for r, c in request.messages if r != "assistant_prefix"]
    prefix = "".join(c for r, c in request.messages if r == "assistant_prefix")
    if chat_template == "none":
        return "\n\n".join(m["content"] for m in msgs) + prefix
    try:
        text = tokenizer.apply_chat_template(msgs, tokenize=False, add_generation_prompt=True)
    except Exception:  # noqa: BLE001 - templates raise their own errors (e.g. Mistral: no system role)
        if msgs[0]["role"] != "system":
            raise
        merged = [{"role": "user", "content": msgs[0]["content"] + "\n\n" + msgs[1]["content"]}, *msgs[2:]]
        text = tokenizer.apply_chat_template(merged, tokenize=False, add_generation_prompt=True)
    return str(text) + prefix
