"""OpenAI-compatible HTTP backend (vLLM, TGI, llama.cpp servers, hosted APIs).

Requests run concurrently under a bound, with timeouts and exponential-backoff retries on 429/5xx
and connection errors; every attempt that failed is recorded on the result. Logprob mode asks for
the top log-probabilities of one token and reads the verdict labels from them; when a server
offers no logprobs the result carries the generated text instead, which the judge parses.
"""

from __future__ import annotations

import asyncio
import math
import os
import random
from collections.abc import Callable
from typing import Any, TypedDict, Unpack

from judgeaudit.backends.base import ModelSpec, Request, Result, backend
from judgeaudit.errors import JudgeAuditError, MissingDependency
from judgeaudit.io.files import JSONObject
from judgeaudit.io.redact import redact_url

RETRY_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}


def label_logprobs(top: dict[str, float], labels: tuple[str, ...]) -> tuple[dict[str, float], list[str]]:
    """Log-probabilities of each label from a top-k list (tokens compared after stripping spaces).

    A label absent from the top-k gets the smallest listed log-probability as an upper bound, and is
    named in the second return value so the bound is visible in the raw record.
    """
    floor = min(top.values()) if top else -100.0
    out: dict[str, float] = {}
    bounded = []
    for label in labels:
        matches = [lp for tok, lp in top.items() if tok.strip() == label]
        if matches:
            m = max(matches)
            out[label] = m + math.log(sum(math.exp(v - m) for v in matches))
        else:
            out[label] = floor
            bounded.append(label)
    return out, bounded


def _short(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 120 else text[:117] + "..."


def _logprob(v: Any) -> float:
    """A log-probability as the server sent it; NaN and infinities pass (``checked`` refuses them)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"HTTP 200 but a log-probability is not a number: {_short(v)}")
    return float(v)


def _top_logprobs(lp: Any) -> dict[str, float]:
    """Token → log-probability of the first generated token (chat or completions format), checked for type."""
    if not isinstance(lp, dict):
        return {}
    top: dict[str, float] = {}
    content = lp.get("content")
    if content:  # chat format
        first = content[0] if isinstance(content, list) else None
        entries = first.get("top_logprobs", []) if isinstance(first, dict) else None
        if not isinstance(entries, list):
            raise ValueError(f"HTTP 200 but logprobs.content is not a list of tokens: {_short(content)}")
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("token"), str):
                raise ValueError(f"HTTP 200 but a top_logprobs entry has no token: {_short(entry)}")
            value = _logprob(entry.get("logprob"))
            token = entry["token"]
            top[token] = value if token not in top else max(value, top[token])
    elif lp.get("top_logprobs"):  # completions format
        first = lp["top_logprobs"][0] if isinstance(lp["top_logprobs"], list) else None
        if not isinstance(first, dict):
            raise ValueError(f"HTTP 200 but logprobs.top_logprobs is not a list of mappings: {_short(first)}")
        top = {str(k): _logprob(v) for k, v in first.items()}
    return top


class OpenAIBackend:
    name = "openai"

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        concurrency: int = 8,
        timeout: float = 120.0,
        retries: int = 4,
        backoff: float = 0.5,
        top_logprobs: int = 20,
    ) -> None:
        try:
            import httpx
        except ImportError as exc:
            raise MissingDependency("httpx", "openai") from exc
        self.httpx = httpx
        self.base_url = base_url.rstrip("/")
        if not self.base_url.endswith("/v1"):
            self.base_url += "/v1"
        self.model = model
        self.api_key = api_key if api_key is not None else os.environ.get("OPENAI_API_KEY", "")
        self.concurrency = concurrency
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.top_logprobs = top_logprobs
        self.stats = {"http_requests": 0, "retries": 0, "failures": 0}

    def _payload(self, req: Request) -> tuple[str, dict[str, Any]]:
        body: dict[str, Any] = {
            "model": self.model,
            "max_tokens": req.max_tokens,
            "temperature": req.temperature,
            "seed": req.seed,
        }
        if req.messages is not None:
            if any(r == "assistant_prefix" for r, _ in req.messages):
                raise JudgeAuditError(
                    "the openai backend cannot pre-fill the assistant turn; use a format without answer_prefix"
                )
            body["messages"] = [{"role": r, "content": c} for r, c in req.messages]
            if req.kind == "choice":
                body.update(logprobs=True, top_logprobs=self.top_logprobs)
            return "/chat/completions", body
        body["prompt"] = req.prompt or ""
        if req.kind == "choice":
            body["logprobs"] = self.top_logprobs
        return "/completions", body

    @staticmethod
    def _read(req: Request, data: Any) -> Result:
        """The result in a completion response; :class:`ValueError` when the body is not one.

        A 200 answer without choices, or with a log-probability that is not a number, is a failed
        call (retried, then recorded), not a crash that loses the run; a number that is not finite
        (NaN, ``1e999``) is kept for :func:`~judgeaudit.backends.base.checked` to refuse.
        """
        choices = data.get("choices") if isinstance(data, dict) else None
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            raise ValueError(f"HTTP 200 but not a completion: no choices in {_short(data)}")
        choice = choices[0]
        message = choice.get("message")
        text = (
            (message.get("content") if isinstance(message, dict) else None)
            if "message" in choice
            else choice.get("text")
        )
        if text is not None and not isinstance(text, str):
            raise ValueError(f"HTTP 200 but the completion's text is not a string: {_short(text)}")
        usage = data.get("usage") or {}
        extra: dict[str, Any] = {"usage": usage} if usage else {}
        if req.kind == "choice":
            top = _top_logprobs(choice.get("logprobs"))
            if top:
                probs, bounded = label_logprobs(top, req.choices)
                extra["top"] = {k: round(v, 4) for k, v in sorted(top.items(), key=lambda kv: -kv[1])[:5]}
                if bounded:
                    extra["bounded"] = bounded
                return Result(choice_logprobs=probs, text=text, extra=extra)
            extra["no_logprobs"] = True  # the server offered none: the judge parses the text
        return Result(text=text or "", extra=extra)

    async def _one(self, client: Any, sem: asyncio.Semaphore, req: Request) -> Result:
        path, body = self._payload(req)
        errors: list[str] = []
        async with sem:
            for attempt in range(self.retries + 1):
                self.stats["http_requests"] += 1
                try:
                    resp = await client.post(self.base_url + path, json=body)
                    if resp.status_code in RETRY_STATUS:
                        raise RuntimeError(f"HTTP {resp.status_code}: {resp.text[:200]}")
                    if resp.status_code >= 400:
                        self.stats["failures"] += 1
                        return Result(
                            error=f"HTTP {resp.status_code}: {resp.text[:500]}", extra={"attempts": list(errors)}
                        )
                    res = self._read(req, resp.json())
                    if errors:
                        res.extra["attempts"] = list(errors)
                    return res
                except (self.httpx.TransportError, RuntimeError, ValueError, KeyError) as exc:
                    errors.append(f"attempt {attempt + 1}: {type(exc).__name__}: {exc}"[:300])
                    if attempt == self.retries:
                        break
                    self.stats["retries"] += 1
                    await asyncio.sleep(self.backoff * (2**attempt) * (0.5 + random.random()))
                except Exception as exc:  # noqa: BLE001 - one odd answer is one failed call, never the whole run lost
                    errors.append(f"attempt {attempt + 1}: {type(exc).__name__}: {exc}"[:300])
                    break
        self.stats["failures"] += 1
        return Result(error=errors[-1] if errors else "failed", extra={"attempts": list(errors)})

    async def _run(self, requests: list[Request], on_result: Callable[[int, Result], None] | None) -> list[Result]:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        sem = asyncio.Semaphore(self.concurrency)
        out: list[Result | None] = [None] * len(requests)
        async with self.httpx.AsyncClient(timeout=self.timeout, headers=headers) as client:

            async def task(i: int, req: Request) -> None:
                out[i] = await self._one(client, sem, req)
                if on_result:
                    on_result(i, out[i])  # type: ignore[arg-type]

            await asyncio.gather(*(task(i, r) for i, r in enumerate(requests)))
        return [r or Result(error="not run") for r in out]

    def run(self, requests: list[Request], on_result: Callable[[int, Result], None] | None = None) -> list[Result]:
        return asyncio.run(self._run(requests, on_result))

    def describe(self) -> JSONObject:
        # the endpoint and the model it serves are what a result depends on (and the cache key is
        # built from this); credentials in the URL are not, and must not reach the manifest
        return {
            "backend": "openai",
            "base_url": redact_url(self.base_url),
            "model": self.model,
            "model_sha256": None,
            "dtype": None,
            "top_logprobs": self.top_logprobs,
            "over_context": "refuse (the server refuses a prompt longer than its context)",
            "concurrency": self.concurrency,
            "retries": self.retries,
            "timeout": self.timeout,
            "deterministic": False,
            "http": dict(self.stats),
        }


class OpenAIOptions(TypedDict, total=False):
    """The options of the openai backend (``backend_options`` of a judge file)."""

    api_key: str | None
    concurrency: int
    timeout: float
    retries: int
    backoff: float
    top_logprobs: int


@backend("openai")
def make_openai(spec: ModelSpec, **options: Unpack[OpenAIOptions]) -> OpenAIBackend:
    model = dict(spec.model)
    if not model.get("base_url") or not model.get("model"):
        raise JudgeAuditError(f"judge {spec.name!r}: the openai backend needs model.base_url and model.model")
    return OpenAIBackend(model["base_url"], model["model"], **options)
