"""Grading tasks: one answer (``Answer``) graded alone by a grader format, the row every grader probe writes.

A grade row (``mode: grade``) names its arm (``grade_arm``: ``original``, ``override``, ``neutral``,
``negated``, ``padded``) and its grader format (``format``); its ``variant`` is ``arm:format`` (plus the
padding ratio), so one answer graded the same way by two probes is judged once and read by both.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Literal

from judgeaudit.backends.base import Result
from judgeaudit.contracts.answers import Answer
from judgeaudit.contracts.judgments import Verdict
from judgeaudit.errors import JudgeAuditError
from judgeaudit.judges.grader import GraderFormat, grade_request, load_grader_format, read_grade
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.base import ProbeFn, Task, probe

ANSWER_PROBES: set[str] = set()  # probes that read single answers (the grader probes); the others read pairs


def answer_probe(name: str) -> Callable[[ProbeFn], ProbeFn]:
    """Register a probe that grades single answers (``@probe`` that also marks it as reading answers)."""
    ANSWER_PROBES.add(name)
    return probe(name)


def answers_only(probe_name: str, items: Sequence[Any]) -> list[Answer]:
    """The items as answers; a pair file given to a grader probe is an error that says so."""
    if not all(isinstance(it, Answer) for it in items):
        raise JudgeAuditError(
            f"probe {probe_name!r} grades single answers (rows with 'response'), but its data holds pairs "
            "(docs/contracts.md, 'Single answers')"
        )
    return list(items)


def gold_of(answer: Answer) -> float:
    """+1 for a known-good answer, −1 for a known-wrong one, a gold score mapped onto [−1, 1], else 0."""
    if answer.label is not None:
        return 1.0 if answer.label == "pass" else -1.0
    if answer.gold_score is not None and answer.scale is not None:
        lo, hi = answer.scale
        return 2.0 * (answer.gold_score - lo) / (hi - lo) - 1.0
    return 0.0


def grade_task(
    judge: Judge,
    answer: Answer,
    fmt: GraderFormat,
    *,
    probe_name: str,
    suite: str,
    arm: str = "original",
    response: str | None = None,
    criterion: str | None = None,
    polarity: int = 1,
    planted: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    variant: str | None = None,
    repeat: int | None = None,
    temperature: float = 0.0,
    reference: str | None | Literal["answer"] = "answer",
) -> Task:
    """One grade of ``answer`` (its response optionally replaced: an override, padding) by ``fmt``.

    ``planted`` goes into the request's meta only (what the simulated grader plants on: ``override``,
    ``pad_ratio``, ``reference``); ``extra`` into the row. ``reference`` replaces the answer's own reference
    (None shows none). The meta's ``repeat`` (the simulated grader's noise seed) is the sampling seed only at
    temperature > 0: a greedy or logprob repeat is the same call, as it is for a real model.
    """
    shown = answer.response if response is None else response
    crit = answer.criterion if criterion is None else criterion
    ref = answer.reference if reference == "answer" else reference
    seed = (repeat or 0) if temperature > 0 else 0
    shown_ref = {"reference": "none"} if ref is None else {}  # a prompt without a reference, whichever probe
    meta = {
        "gold": gold_of(answer),
        "polarity": polarity,
        "repeat": seed,
        "format": fmt.id,
        "length": len(shown),
        "family": answer.family,
        **shown_ref,
        **(planted or {}),
    }
    slots = {
        "instruction": answer.instruction,
        "response": shown,
        "reference": ref,
        "criterion": crit,
        "rubric": answer.rubric,
    }
    row: dict[str, Any] = {
        "judge": judge.name,
        "judge_family": judge.family,
        "probe": probe_name,
        "suite": suite,
        "item_id": answer.id,
        "variant": variant or f"{arm}:{fmt.id}",
        "mode": "grade",
        "grade_arm": arm,
        "format": fmt.id,
        "label": answer.label,
        "gold_score": answer.gold_score,
        "score_scale": list(fmt.scale),
        "model": answer.model,
        "family": answer.family,
        "polarity": polarity,
        "instruction": answer.instruction,
        "answer": shown,
        "len_answer": len(shown),
        **({"criterion": crit} if crit is not None else {}),
        **({"reference": ref} if ref is not None else {}),
        **({"group": answer.meta["group"]} if "group" in answer.meta else {}),
        **({"repeat": repeat} if repeat is not None else {}),
        **(extra or {}),
    }
    req = grade_request(judge, fmt, slots, meta, temperature=temperature, seed=repeat or 0)
    return Task(row=row, requests=(req,), reads="grade", read=partial(_read, fmt))


def _read(fmt: GraderFormat, results: list[Result]) -> Verdict:
    return read_grade(fmt, results)


def grader_format(format_id: str) -> GraderFormat:
    """The probe option ``format``: a shipped grader format id or the path of a ``.yaml``."""
    return load_grader_format(format_id)
