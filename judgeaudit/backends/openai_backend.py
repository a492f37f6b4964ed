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
    def _read(req: Request, data: dict[str, Any]) -> Result:
        choice = data["choices"][0]
        text = choice.get("message", {}).get("content") if "message" in choice else choice.get("text")
        usage = data.get("usage") or {}
        extra: dict[str, Any] = {"usage": usage} if usage else {}
        if req.kind == "choice":
            top: dict[str, float] = {}
            lp = choice.get("logprobs") or {}
            if lp.get("content"):  # chat format
                for entry in lp["content"][0].get("top_logprobs", []):
                    top[entry["token"]] = max(entry["logprob"], top.get(entry["token"], -1e9))
            elif lp.get("top_logprobs"):  # completions format
                top = dict(lp["top_logprobs"][0])
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
                        return Result(error=f"HTTP {resp.status_code}: {resp.text[:500]}", extra={"attempts": errors})
                    res = self._read(req, resp.json())
                    if errors:
                        res.extra["attempts"] = errors
                    return res
                except (self.httpx.TransportError, RuntimeError, ValueError, KeyError) as exc:
                    errors.append(f"attempt {attempt + 1}: {type(exc).__name__}: {exc}"[:300])
                    if attempt == self.retries:
                        break
                    self.stats["retries"] += 1
                    await asyncio.sleep(self.backoff * (2**attempt) * (0.5 + random.random()))
        self.stats["failures"] += 1
        return Result(error=errors[-1] if errors else "failed", extra={"attempts": errors})

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

    def describe(self) -> dict[str, Any]:
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
