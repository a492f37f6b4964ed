"""Graders: a judge asked to grade one answer alone (pass/fail, a 1-5 rubric, 1-10, letters), as data.

A grader format is a prompt format (``judgeaudit/judges/formats/grader-*.yaml`` + text) with three more keys:
``values`` (the number each label stands for, in label order), ``passing`` (the labels that count as a
pass) and ``scale`` (``[lo, hi]`` of the values). The text may use ``{instruction}``, ``{response}``,
``{criterion}``, ``{rubric}`` and ``{reference}`` (a ``user_with_reference`` text for answers with one).

In logprob mode the grade is read from the first-token probabilities of the labels: ``grade`` is the most
probable label (the argmax grade), ``score_expected`` the probability-weighted value (G-Eval's expected
score) and ``p_pass`` the probability mass on the passing labels. In generate mode the parser reads the text.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from judgeaudit.backends.base import Request, Result
from judgeaudit.contracts.judgments import Verdict
from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import finite_number, read_yaml
from judgeaudit.judges.judge import Judge
from judgeaudit.judges.parsers import parsers
from judgeaudit.judges.spec import _FORMAT_KEYS, FORMATS_DIR, PromptFormat, load_format


@dataclass(frozen=True)
class GraderFormat:
    """A grading prompt: its prompt format, the value of each label, the passing labels and the scale."""

    prompt: PromptFormat
    values: tuple[float, ...]
    passing: tuple[str, ...]
    scale: tuple[float, float]

    @property
    def id(self) -> str:
        return self.prompt.id

    def value(self, label: str) -> float:
        return self.values[self.prompt.labels.index(label)]


def load_grader_format(name_or_path: str) -> GraderFormat:
    """A grader format by id (shipped in ``formats/``) or by the path of its ``.yaml``."""
    prompt = load_format(name_or_path)
    if prompt.mode != "grade":
        raise JudgeAuditError(f"prompt format {name_or_path!r} is a {prompt.mode} format, not a grade format")
    path = Path(prompt.path) if prompt.path else FORMATS_DIR / f"{name_or_path}.yaml"
    doc = read_yaml(path, allowed=_FORMAT_KEYS, required=("values", "scale"))
    values, scale, passing = doc.data["values"], doc.data["scale"], doc.data.get("passing") or []
    if not isinstance(values, list) or len(values) != len(prompt.labels) or not all(finite_number(v) for v in values):
        raise doc.error(("values",), f"must give one number per label ({len(prompt.labels)} labels)")
    if not isinstance(scale, list) or len(scale) != 2 or not all(finite_number(v) for v in scale):
        raise doc.error(("scale",), "must be [lo, hi]")
    if not isinstance(passing, list) or not set(map(str, passing)) <= set(prompt.labels):
        raise doc.error(("passing",), f"must list labels among {', '.join(prompt.labels)}")
    return GraderFormat(prompt, tuple(float(v) for v in values), tuple(map(str, passing)), (scale[0], scale[1]))


def grade_request(
    judge: Judge,
    fmt: GraderFormat,
    slots: dict[str, str | None],
    meta: dict[str, Any],
    *,
    temperature: float = 0.0,
    seed: int = 0,
) -> Request:
    """One grading request, rendered as the judge renders every prompt (its chat template, its mode).

    ``meta`` (never seen by the model) tells the simulated grader what was planted; the labels, values and
    passing labels are added so it can answer in the format's own vocabulary.
    """
    if judge.mode == "likelihood":
        raise JudgeAuditError(
            f"judge {judge.name!r} is a likelihood judge: it has no grading prompt to answer "
            "(run the grader probes in logprob or generate mode)"
        )
    if judge.mode not in fmt.prompt.modes:
        raise JudgeAuditError(f"grader format {fmt.id!r} supports {'/'.join(fmt.prompt.modes)} mode only")
    full = {
        **meta,
        "request": "grade",
        "labels": list(fmt.prompt.labels),
        "values": list(fmt.values),
        "passing": list(fmt.passing),
    }
    req = judge.request(fmt.prompt, slots, full)
    if req.kind == "generate" and temperature > 0:
        req = replace(req, temperature=float(temperature), seed=int(seed))
    return req


def read_grade(fmt: GraderFormat, results: list[Result]) -> Verdict:
    """The verdict fields of a grade row: ``grade``, ``score``, ``passed``, and in logprob mode
    ``score_expected`` and ``p_pass``; ``raw`` always. An unreadable answer leaves them null."""
    result = results[0]
    labels = fmt.prompt.labels
    out: Verdict = {"grade": None, "score": None, "passed": None, "raw": result.text or ""}
    if result.error:
        out["raw"] = f"[backend error] {result.error}"
        return out
    label: str | None = None
    if result.choice_logprobs is not None:
        lps = [result.choice_logprobs[lab] for lab in labels]
        top = max(lps)
        ps = [math.exp(v - top) for v in lps]
        z = sum(ps)
        label = labels[lps.index(top)]
        out["score_expected"] = sum(v * p / z for v, p in zip(fmt.values, ps))
        if fmt.passing:
            out["p_pass"] = sum(p / z for lab, p in zip(labels, ps) if lab in fmt.passing)
        out["raw"] = json.dumps({"logprobs": result.choice_logprobs, **result.extra}, sort_keys=True)
    elif result.text is not None:
        parsed = parsers.get(fmt.prompt.parser)(result.text, labels)
        label = next((lab for lab in labels if parsed is not None and lab.lower() == parsed.lower()), None)
    if label is not None:
        out["grade"] = label
        out["score"] = fmt.value(label)
        out["passed"] = label in fmt.passing if fmt.passing else None
    return out
