"""Recorded single-answer grades (one answer scored or passed/failed alone) as ``mode: grade`` rows.

Every grade importer (``generic`` with ``--option mode=grade``, ``mtbench_single``, ``prometheus_absolute``)
builds its rows here, so they carry the fields the grader sections read (docs/graders.md): ``grade_arm``
(``original``, or ``repeat`` for recorded repeats of one answer), ``format`` (the grading prompt), ``score``
on ``score_scale``, ``passed``, ``grade`` (the score as text), ``raw`` (the grader's text), ``label``
(``pass``/``fail`` when the answer is known good or known wrong) and ``model``/``family`` (who wrote it).
A grade that could not be read keeps ``score`` null and its raw text: it is counted, never dropped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from judgeaudit.errors import JudgeAuditError
from judgeaudit.importers.base import Collector, family_for
from judgeaudit.io.files import JSONObject, JSONValue


@dataclass(frozen=True)
class Grade:
    """One recorded grade of one answer, before it becomes a row."""

    item_id: str
    score: float | None
    scale: tuple[float, float]
    passed: bool | None = None
    raw: str | None = None
    label: str | None = None
    model: str | None = None
    instruction: str | None = None
    answer: str | None = None
    reference: str | None = None
    repeat: int | None = None
    arm: str = "original"
    fmt: str = "recorded"
    extra: JSONObject = field(default_factory=dict)


def pass_of(score: float | None, passed: bool | None, pass_at: float | None) -> bool | None:
    """The recorded pass/fail; else ``score >= pass_at`` when a threshold is given; else unknown."""
    if passed is not None:
        return passed
    if score is None or pass_at is None:
        return None
    return score >= pass_at


def threshold(fmt: str, options: Mapping[str, object], default: float) -> float:
    """The ``pass_at`` option (the lowest passing score), refused when it is not a number."""
    value = options.get("pass_at", default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise JudgeAuditError(f"{fmt} option pass_at must be a number, got {value!r}")
    return float(value)


def grade_row(col: Collector, judge: str, grade: Grade, *, suite: str | None, probe: str = "recorded") -> JSONObject:
    """The ``mode: grade`` row of ``grade`` by ``judge`` (the user's ``judge`` option renames it)."""
    name, family = col.judge(judge)
    score = grade.score
    scale: list[JSONValue] = [float(grade.scale[0]), float(grade.scale[1])]
    row: JSONObject = {
        "judge": name,
        "judge_family": family,
        "probe": probe,
        "suite": suite,
        "item_id": grade.item_id,
        "variant": f"{grade.arm}:{grade.fmt}",
        "mode": "grade",
        "grade_arm": grade.arm,
        "format": grade.fmt,
        "score": score,
        "score_scale": scale,
        "grade": None if score is None else f"{score:g}",
        "passed": None if score is None else grade.passed,
        "label": grade.label,
        "model": grade.model,
        "family": family_for(grade.model, col.options),
        "raw": grade.raw,
    }
    if grade.repeat is not None:
        row["repeat"] = grade.repeat
    if grade.instruction is not None:
        row["instruction"] = grade.instruction
    if grade.answer is not None:
        row["answer"] = grade.answer
        row["len_answer"] = len(grade.answer)
    if grade.reference is not None:
        row["reference"] = grade.reference
    for key, value in grade.extra.items():  # source metadata never overwrites a field the row defines
        row.setdefault(key, value)
    return row
