"""Likelihood judging (GPTScore-style, Fu et al. 2023): a response's log-probability given the
instruction, under a causal LM.

Three normalisations:

- ``sum``: the total log-probability. Every extra token costs, so it favours short answers.
- ``mean``: per token. Long fluent answers are not penalised, so it leans long. The default,
  declared before any measurement (issue #10).
- ``pmi``: the total log-probability given the instruction minus the same response's
  log-probability after a fixed instruction-free prompt (domain-conditional PMI, Holtzman et al.
  2021, "Surface form competition"). It asks how much *this instruction* makes the response
  likely, which cancels most of a response's own fluency and length. It costs a second forward
  pass per response.

Pairwise rows record every normalisation the run computed (``mean_a``, ``sum_a``, ``pmi_a``...),
so one run can be re-read under another. A pairwise verdict is the higher score;
``p_a = σ((s_a − s_b) / scale)``; a tie only on exact equality. Order never enters the
computation, so position consistency is 1 by construction.
"""

from __future__ import annotations

import json
import math
from typing import Any, cast

from judgeaudit.backends.base import Request, Result
from judgeaudit.contracts.judgments.row import Verdict

NORMALISATIONS = ("mean", "sum", "pmi")

# The instruction-free context of ``pmi``: the same chat frame with a neutral request, so the
# template's own tokens are the same on both sides of the difference.
UNCONDITIONAL_INSTRUCTION = "Write a response."


def request(instruction: str, response: str, *, chat: bool, prefix: str | None, meta: dict[str, Any]) -> Request:
    """Score ``response`` as the continuation of the instruction (chat-formatted when the model has a template)."""
    question = f"{prefix}\n\n{instruction}" if prefix else instruction
    if chat:
        return Request(kind="loglik", messages=(("user", question),), continuation=response, meta=meta)
    return Request(kind="loglik", prompt=f"Question: {question}\nAnswer: ", continuation=response, meta=meta)


def requests(
    instruction: str, response: str, *, normalize: str, chat: bool, prefix: str | None, meta: dict[str, Any]
) -> tuple[Request, ...]:
    """The forward passes one response's score needs: one, or (``pmi``) one more without the instruction."""
    own = request(instruction, response, chat=chat, prefix=prefix, meta=meta)
    if normalize != "pmi":
        return (own,)
    return own, request(
        UNCONDITIONAL_INSTRUCTION, response, chat=chat, prefix=None, meta={**meta, "request": "loglik-unconditional"}
    )


def score(results: Result | list[Result], normalize: str) -> float | None:
    """One response's score from its result(s); None when a forward pass failed."""
    results = [results] if isinstance(results, Result) else list(results)
    own = results[0]
    if own.error or own.loglik is None or not own.n_tokens:
        return None
    if normalize == "mean":
        return own.loglik / own.n_tokens
    if normalize == "sum":
        return own.loglik
    base = results[1] if len(results) > 1 else None
    if base is None or base.error or base.loglik is None:
        return None
    return own.loglik - base.loglik


def _all_scores(results: list[Result]) -> dict[str, float]:
    """Every normalisation the results allow (pmi only with the instruction-free pass)."""
    return {norm: value for norm in NORMALISATIONS if (value := score(results, norm)) is not None}


def verdict(
    res_a: Result | list[Result], res_b: Result | list[Result], order: str, *, normalize: str, scale: float
) -> Verdict:
    ra = [res_a] if isinstance(res_a, Result) else list(res_a)
    rb = [res_b] if isinstance(res_b, Result) else list(res_b)
    sa, sb = score(ra, normalize), score(rb, normalize)
    raw = json.dumps(
        {
            "loglik_a": ra[0].loglik,
            "tokens_a": ra[0].n_tokens,
            "loglik_b": rb[0].loglik,
            "tokens_b": rb[0].n_tokens,
            **(
                {"loglik_a_unconditional": ra[1].loglik, "loglik_b_unconditional": rb[1].loglik}
                if len(ra) > 1 and len(rb) > 1
                else {}
            ),
            "normalize": normalize,
            "scale": scale,
            "error": next((r.error for r in (*ra, *rb) if r.error), None),
        },
        sort_keys=True,
    )
    if sa is None or sb is None:
        return {"winner": None, "p_a": None, "raw": raw}
    z = max(-60.0, min(60.0, (sa - sb) / scale))
    winner = "tie" if sa == sb else ("a" if sa > sb else "b")
    out: dict[str, Any] = {
        "winner": winner,
        "p_a": 1.0 / (1.0 + math.exp(-z)),
        "raw": raw,
        "score_a": sa,
        "score_b": sb,
    }
    for name, value in _all_scores(ra).items():
        out[f"{name}_a"] = value
    for name, value in _all_scores(rb).items():
        out[f"{name}_b"] = value
    return cast(Verdict, out)  # the verdict, plus each normalisation's score of a and b (kept as extra fields)
