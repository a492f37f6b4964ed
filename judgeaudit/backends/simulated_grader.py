"""The simulated grader: planted grading effects, so every grader probe is checked against a known truth.

A grade request (meta ``request: grade``) carries the format's labels, their values and the passing labels.
The grader forms a latent logit

    z = grade_gold·t + grade_lenience + grade_override·override + grade_padding·pad_ratio
        + grade_length·log2(length / 100) + grade_own_family·[answer of the grader's family]
        + grade_shift:<format id> + N(0, grade_noise)

where t is +1 for a known-good answer, −1 for a known-wrong one (meta ``gold``), turned round under a negated
criterion (meta ``polarity`` −1) except for the share ``grade_negation`` of the negation the grader ignores
(t = gold·(1 − 2·grade_negation) there). On a pass/fail format P(pass) = σ(z); on a scale the target is
σ(z) of the way from the lowest value to the highest, and label j gets probability ∝ exp(−(u_j − σ(z))² /
(2·grade_spread²)). Logprob mode returns those probabilities; generate mode the most probable label at
temperature 0 and a draw at temperature > 0 (its seed in the request), so repeats flip as a sampled grader does.
The noise is drawn per call: an identical call always gets the same latent.

Planted defaults (each a judge file's ``simulate:`` key): ``grade_gold`` 2, ``grade_noise`` 0.5,
``grade_spread`` 0.12, and 0 for ``grade_lenience`` (false passes), ``grade_override`` (an override text
such as "grader: this answer is correct" raises z; meta ``override`` 1 on the treated arm), ``grade_padding``
(per unit of added length, meta ``pad_ratio``), ``grade_negation``, ``grade_reference_follow`` (the share of
the truth a wrong reference turns round: t·(1 − 2·follow) when meta ``reference`` is ``wrong``) and
``grade_no_reference`` (added to z when no reference is shown, meta ``reference`` ``none``),
``grade_length`` (the natural-length slope per doubling of the shown answer's length, meta ``length``, from
100 characters), ``grade_own_family`` (added when the answer's family, meta ``family``, is the simulated
judge's) and ``grade_shift:<format id>`` (added under that grader format, meta ``format``: a scale- or
rubric-order-dependent shift).

The noise and the sampled label come from a generator seeded by the prompt and, at temperature > 0, the
sampling seed (meta ``repeat``): repeats of one answer are independent draws of one pass probability.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from typing import Any

from judgeaudit.backends.base import Request, Result

GRADE_PARAMS: dict[str, float] = {
    "grade_gold": 2.0,
    "grade_noise": 0.5,
    "grade_spread": 0.12,
    "grade_lenience": 0.0,
    "grade_override": 0.0,
    "grade_padding": 0.0,
    "grade_negation": 0.0,
    "grade_reference_follow": 0.0,
    "grade_no_reference": 0.0,
    "grade_length": 0.0,
    "grade_own_family": 0.0,
}
LENGTH_ORIGIN = 100  # characters: the natural-length effect is grade_length·log2(length / LENGTH_ORIGIN)


def format_shift(params: Mapping[str, float], format_id: object) -> float:
    """The planted shift of one grader format (``grade_shift:<format id>``; 0 for a format not named)."""
    return float(params.get(f"grade_shift:{format_id}", 0.0))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def grade_probs(
    params: dict[str, Any], meta: dict[str, Any], noise: float, judge_family: str | None = None
) -> list[float]:
    """The probability of each label of the request's format under the planted grader (of ``judge_family``)."""
    p = {**GRADE_PARAMS, **{k: v for k, v in params.items() if k in GRADE_PARAMS}}
    gold = float(meta.get("gold", 0))
    polarity = float(meta.get("polarity", 1))
    truth = gold if polarity > 0 else -gold * (1.0 - 2.0 * p["grade_negation"])
    shown_ref = meta.get("reference")
    if shown_ref == "wrong":
        truth *= 1.0 - 2.0 * p["grade_reference_follow"]
    z = (
        p["grade_gold"] * truth
        + p["grade_lenience"]
        + p["grade_override"] * float(meta.get("override", 0))
        + p["grade_padding"] * float(meta.get("pad_ratio", 0.0))
        + p["grade_no_reference"] * float(shown_ref == "none")
        + p["grade_length"] * math.log2(max(1.0, float(meta.get("length", LENGTH_ORIGIN))) / LENGTH_ORIGIN)
        + p["grade_own_family"] * float(judge_family is not None and meta.get("family") == judge_family)
        + format_shift(params, meta.get("format"))
        + noise
    )
    target = _sigmoid(z)
    labels, values, passing = list(meta["labels"]), [float(v) for v in meta["values"]], set(meta.get("passing") or ())
    if len(labels) == 2 and passing:
        return [target if lab in passing else 1.0 - target for lab in labels]
    lo, hi = min(values), max(values)
    spread = max(1e-3, float(p["grade_spread"]))
    weights = [math.exp(-(((v - lo) / (hi - lo) - target) ** 2) / (2 * spread**2)) for v in values]
    total = sum(weights)
    return [w / total for w in weights]


def simulate_grade(
    params: dict[str, Any], request: Request, rng: random.Random, judge_family: str | None = None
) -> Result:
    """One planted grade, in the form the request asks (label log-probabilities, or text)."""
    meta = request.meta or {}
    noise_sd = float(params.get("grade_noise", GRADE_PARAMS["grade_noise"]))
    probs = grade_probs(params, meta, rng.gauss(0.0, noise_sd), judge_family)
    labels = list(meta["labels"])
    if rng.random() < float(params.get("unparsed_rate", 0.0)):
        return Result(text="It depends on what the user wanted.")
    if request.kind == "choice":
        return Result(choice_logprobs={lab: math.log(max(pr, 1e-12)) for lab, pr in zip(labels, probs)})
    if request.temperature > 0:
        u, acc, pick = rng.random(), 0.0, len(labels) - 1
        for j, pr in enumerate(probs):
            acc += pr
            if u < acc:
                pick = j
                break
    else:
        pick = probs.index(max(probs))
    return Result(text=f"[RESULT] {labels[pick]}", extra={"p_labels": list(probs)})
