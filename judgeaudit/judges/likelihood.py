"""Likelihood judging (GPTScore-style, Fu et al. 2023): a response's log-probability given the
instruction, under a causal LM.

Two normalisations with opposite length biases: ``sum`` (total log-probability: every extra token
costs, so it favours short answers) and ``mean`` (per-token: long fluent answers are not
penalised, so it leans long). ``mean`` is the default, and ``probe`` rows record both. A pairwise
verdict is the higher score; ``p_a = σ((s_a − s_b) / scale)``; a tie only on exact equality. Order
never enters the computation, so position consistency is 1 by construction.
"""

from __future__ import annotations

import json
import math
from typing import Any

from judgeaudit.backends.base import Request, Result

NORMALISATIONS = ("mean", "sum")


def request(instruction: str, response: str, *, chat: bool, prefix: str | None, meta: dict[str, Any]) -> Request:
    """Score ``response`` as the continuation of the instruction (chat-formatted when the model has a template)."""
    question = f"{prefix}\n\n{instruction}" if prefix else instruction
    if chat:
        return Request(kind="loglik", messages=(("user", question),), continuation=response, meta=meta)
    return Request(kind="loglik", prompt=f"Question: {question}\nAnswer: ", continuation=response, meta=meta)


def score(result: Result, normalize: str) -> float | None:
    if result.error or result.loglik is None or not result.n_tokens:
        return None
    return result.loglik / result.n_tokens if normalize == "mean" else result.loglik


def verdict(res_a: Result, res_b: Result, order: str, *, normalize: str, scale: float) -> dict[str, Any]:
    sa, sb = score(res_a, normalize), score(res_b, normalize)
    raw = json.dumps({"loglik_a": res_a.loglik, "tokens_a": res_a.n_tokens, "loglik_b": res_b.loglik,
                      "tokens_b": res_b.n_tokens, "normalize": normalize, "scale": scale,
                      "error": res_a.error or res_b.error}, sort_keys=True)
    if sa is None or sb is None:
        return {"winner": None, "p_a": None, "raw": raw}
    z = max(-60.0, min(60.0, (sa - sb) / scale))
    winner = "tie" if sa == sb else ("a" if sa > sb else "b")
    return {"winner": winner, "p_a": 1.0 / (1.0 + math.exp(-z)), "raw": raw,
            "score_a": sa, "score_b": sb,
            "mean_a": res_a.loglik / res_a.n_tokens, "mean_b": res_b.loglik / res_b.n_tokens,  # type: ignore[operator]
            "sum_a": res_a.loglik, "sum_b": res_b.loglik}
