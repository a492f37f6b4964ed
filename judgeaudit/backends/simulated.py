"""A judge with planted biases, run through the same pipeline as a real model.

Each verdict is drawn from P(first slot) = σ(position + gold·g + length·tanh(Δlen/scale)
+ own_family·(own_first − own_second)), where g = +1 when the gold-better response is shown first,
−1 when second, 0 otherwise. Draws are seeded from the request, so runs are reproducible.
The estimators in ``judgeaudit.stats`` are trusted because they recover these planted numbers.

Optional planted effects of the probes beyond the classic three (all 0 by default, so a judge that
does not set them behaves exactly as before):

- ``cue``: log-odds toward the slot a cue points at (request meta ``cue_first``: +1 first, −1 second).
- ``template_position``: extra first-slot log-odds under a prompt template other than the judge's
  own (request meta ``template_base`` is False).
- ``perturb``: log-odds toward the answer a perturbation's bias would favour (request meta
  ``perturb_first``: +1 shown first, -1 second; 0 in a control arm), for the bias probes of
  ``judgeaudit.probes.arms``.
- ``edit_noise``: probability that a verdict on an edited pair (meta ``edited``: a treated or a control
  arm) is a coin toss whatever the content: the noise floor a placebo arm has to subtract.
- grade requests (meta ``request: grade``, one answer graded alone): the planted grader of
  ``judgeaudit.backends.simulated_grader`` (its ``grade_*`` parameters).
- listwise requests (meta ``request: listwise``) pick slot j with probability ∝ exp(position·[j = 1]
  + gold·quality_j + length·tanh((len_j − mean len)/length_scale)).
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Callable
from typing import Any

from judgeaudit.backends.base import ModelSpec, Request, Result, backend
from judgeaudit.backends.context import RULE, over_context
from judgeaudit.backends.simulated_grader import GRADE_PARAMS, simulate_grade
from judgeaudit.io.files import JSONObject

DEFAULTS: dict[str, float] = {
    "position": 0.0,
    "gold": 1.5,
    "length": 0.0,
    "length_scale": 300.0,
    "own_family": 0.0,
    "tie_rate": 0.0,
    "unparsed_rate": 0.0,
    "score_gold": 1.0,
    "score_length": 0.0,
    "score_noise": 0.7,
}
# Planted effects added later: kept out of ``params`` unless set, because the parameters seed every draw
# and an unset effect must leave existing judges' verdicts byte-identical.
OPTIONAL: dict[str, float] = {"cue": 0.0, "template_position": 0.0, "perturb": 0.0, "edit_noise": 0.0}


class SimulatedBackend:
    name = "simulated"

    def __init__(self, family: str, params: dict[str, Any], seed: int = 0, context_tokens: int | None = None) -> None:
        unknown = {
            k
            for k in set(params) - set(DEFAULTS) - set(OPTIONAL) - set(GRADE_PARAMS)
            if not k.startswith("grade_shift:")
        }
        if unknown:
            raise ValueError(f"unknown simulated-judge parameters: {', '.join(sorted(unknown))}")
        for key, value in params.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"simulated-judge parameter {key} must be a finite number, got {value!r}")
            if key in ("tie_rate", "unparsed_rate", "edit_noise") and not 0 <= value <= 1:
                raise ValueError(f"simulated-judge parameter {key} is a probability (0 to 1), got {value!r}")
            if key == "length_scale" and value <= 0:
                raise ValueError(f"simulated-judge parameter length_scale must be > 0, got {value!r}")
        self.family = family
        self.params = {**DEFAULTS, **params}
        self.seed = seed
        if context_tokens is not None and (
            not isinstance(context_tokens, int) or isinstance(context_tokens, bool) or context_tokens < 1
        ):
            raise ValueError(f"context_tokens must be a positive whole number, got {context_tokens!r}")
        self.context_tokens = context_tokens  # a declared context, counted in words (see _n_tokens)

    def _rng(self, request: Request) -> random.Random:
        meta = request.meta or {}
        tag = f"{request.digest()}|{self.seed}|{meta.get('repeat', 0)}|{sorted(self.params.items())}"
        return random.Random(int(hashlib.sha256(tag.encode()).hexdigest()[:16], 16))

    def _pairwise(self, request: Request, rng: random.Random) -> Result:
        p, m = self.params, request.meta or {}
        own_first = float(m.get("family_first") == self.family)
        own_second = float(m.get("family_second") == self.family)
        dlen = float(m.get("len_first", 0) - m.get("len_second", 0))
        logit = (
            p["position"]
            + p["gold"] * m.get("gold_first", 0)
            + p["length"] * math.tanh(dlen / p["length_scale"])
            + p["own_family"] * (own_first - own_second)
        )
        if p.get("cue"):
            logit += p["cue"] * m.get("cue_first", 0)
        if p.get("template_position") and m.get("template_base", True) is False:
            logit += p["template_position"]
        if p.get("perturb"):
            logit += p["perturb"] * m.get("perturb_first", 0)
        p_first = 1.0 / (1.0 + math.exp(-logit))
        if p.get("edit_noise") and m.get("edited") and rng.random() < p["edit_noise"]:
            p_first = 0.5
        u = rng.random()
        if u < p["unparsed_rate"]:
            text = "Both responses have merits and I cannot decide."
        elif u < p["unparsed_rate"] + p["tie_rate"]:
            text = "[RESULT] tie"
        else:
            first, second = (request.choices or m.get("labels") or ("A", "B"))[:2]
            text = f"[RESULT] {first if rng.random() < p_first else second}"
        return Result(text=text, extra={"p_first": p_first})

    def _score(self, request: Request, rng: random.Random) -> Result:
        p, m = self.params, request.meta or {}
        if rng.random() < p["unparsed_rate"]:
            return Result(text="This response is fine.")
        s = (
            3.0
            + p["score_gold"] * m.get("quality", 0)
            + p["score_length"] * math.tanh(m.get("length", 0) / p["length_scale"])
            + rng.gauss(0.0, p["score_noise"])
        )
        return Result(text=f"[RESULT] {min(5, max(1, round(s)))}")

    def _listwise(self, request: Request, rng: random.Random) -> Result:
        p, m = self.params, request.meta or {}
        labels = list(request.choices or m.get("labels") or ())
        quality, lens = list(m.get("quality_slots") or []), [float(x) for x in m.get("len_slots") or []]
        k = len(labels)
        mean_len = sum(lens) / len(lens) if lens else 0.0

        def logit(j: int) -> float:
            length = math.tanh((lens[j] - mean_len) / p["length_scale"]) if j < len(lens) else 0.0
            return p["position"] * (j == 0) + p["gold"] * (quality[j] if j < len(quality) else 0) + p["length"] * length

        logits = [logit(j) for j in range(k)]
        top = max(logits)
        weights = [math.exp(v - top) for v in logits]
        probs = [w / sum(weights) for w in weights]
        if rng.random() < p["unparsed_rate"]:
            return Result(text="Each response has its merits.", extra={"p_slots": list(probs)})
        u, acc, pick = rng.random(), 0.0, k - 1
        for j, pj in enumerate(probs):
            acc += pj
            if u < acc:
                pick = j
                break
        return Result(text=f"[RESULT] {labels[pick]}", extra={"p_slots": list(probs)})

    @staticmethod
    def _n_tokens(request: Request) -> int:
        """A simulated judge has no tokenizer: whitespace-separated words stand in for tokens."""
        text = request.prompt or " ".join(c for _, c in request.messages or ())
        return len(text.split())

    def run(self, requests: list[Request], on_result: Callable[[int, Result], None] | None = None) -> list[Result]:
        out: list[Result] = []
        for i, req in enumerate(requests):
            rng = self._rng(req)
            kind = (req.meta or {}).get("request", "pairwise")
            refused = over_context(self._n_tokens(req), 0, self.context_tokens)
            if refused is not None:
                res = refused
            elif kind == "score":
                res = self._score(req, rng)
            elif kind == "grade":  # one answer graded alone (judgeaudit/backends/simulated_grader.py)
                res = simulate_grade(self.params, req, rng, self.family)
            elif kind == "listwise":
                res = self._listwise(req, rng)
            else:
                res = self._pairwise(req, rng)
            out.append(res)
            if on_result:
                on_result(i, res)
        return out

    def describe(self) -> JSONObject:
        # the family is part of a result: the planted own-family effect depends on it
        return {
            "backend": "simulated",
            "model_sha256": None,
            "params": self.params,
            "seed": self.seed,
            "family": self.family,
            "dtype": None,
            "deterministic": True,
            **({"context_tokens": self.context_tokens, "over_context": RULE} if self.context_tokens else {}),
        }


@backend("simulated")
def make_simulated(
    spec: ModelSpec, seed: int = 0, context_tokens: int | None = None, **params: object
) -> SimulatedBackend:
    return SimulatedBackend(spec.family, {**spec.simulate, **params}, seed=seed, context_tokens=context_tokens)
