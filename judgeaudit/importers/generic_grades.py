"""``import generic --option mode=grade``: a file of recorded single-answer grades through a column mapping.

One source row is one grade of one answer. Contract fields (map a source column to each with
``--map FIELD=COLUMN``; a field with no mapping is read from the column of the same name):

- ``item_id`` (or ``answer_id``): the answer's id, required; two graders of the same answers pair on it.
- ``judge``: the grader (else ``--judge``); ``score``: its score (null or empty: unread, kept with its raw
  text); ``passed``: its pass/fail (true/false, pass/fail, yes/no, 1/0), else ``score >= pass_at``.
- ``scale``: the score's ``[lo, hi]`` (a column, or ``--option scale=[1,10]``; pass/fail only: ``[0, 1]``).
- ``instruction``, ``response`` (the graded answer), ``reference``, ``model`` (who wrote the answer),
  ``raw`` (or ``reason``: the grader's text), ``label`` (gold ``pass``/``fail``), ``repeat``, ``format``,
  ``suite``.

Options: ``scale``, ``pass_at`` (the lowest passing score), ``unread`` (score values meaning "no grade",
e.g. ``[-1]``), ``format`` (the grading prompt's name, default ``recorded``), ``suite``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from judgeaudit.errors import JudgeAuditError
from judgeaudit.importers.base import Collector
from judgeaudit.importers.grades import Grade, grade_row, pass_of

FIELDS = (
    "item_id",
    "judge",
    "score",
    "passed",
    "scale",
    "instruction",
    "response",
    "reference",
    "model",
    "raw",
    "label",
    "repeat",
    "format",
    "suite",
)
ALIASES = {"answer_id": "item_id", "reason": "raw", "pass": "passed"}
OPTIONS = {"scale", "pass_at", "unread", "format", "suite", "mode"}
_NULLS = {"", "null", "none", "nan", "na", "n/a"}
_TRUE = {"true", "pass", "passed", "yes", "y", "1", "1.0"}
_FALSE = {"false", "fail", "failed", "no", "n", "0", "0.0"}


class BadField(Exception):
    """A field of one row that cannot be read (becomes a located skip)."""

    def __init__(self, field: str, why: str) -> None:
        super().__init__(why)
        self.field = field


def check_grade_options(options: Mapping[str, object]) -> None:
    """Refuse a malformed ``scale``/``pass_at``/``unread`` once, before any row is read."""
    scale = options.get("scale")
    if scale is not None and _scale(scale) is None:
        raise JudgeAuditError(f"generic option scale must be [lo, hi] with lo < hi, got {scale!r}")
    pass_at = options.get("pass_at")
    if pass_at is not None and not _finite(pass_at):
        raise JudgeAuditError(f"generic option pass_at must be a number, got {pass_at!r}")
    unread = options.get("unread", [])
    if not isinstance(unread, list) or not all(_finite(u) for u in unread):
        raise JudgeAuditError(f"generic option unread must be a list of numbers, got {unread!r}")


def grade_record(
    col: Collector, path: Path, line: int, rec: Any, mapping: dict[str, str], values: dict[str, dict[str, str]]
) -> None:
    """Read one source row as a grade row, or report why not (file, line, field)."""
    if not isinstance(rec, dict):
        col.skip(path, line, None, f"expected an object, got {type(rec).__name__}")
        return
    fields = {ALIASES.get(k, k): v for k, v in mapping.items()}
    try:
        got = {f: _cell(rec, f, fields, values) for f in FIELDS}
        grade, judge = _grade(got, col.options)
    except BadField as exc:
        col.skip(path, line, exc.field, str(exc))
        return
    used = set(fields.values())
    extra = {k: v for k, v in rec.items() if k not in used and k not in FIELDS and k not in ALIASES}
    grade = Grade(**{**grade.__dict__, "extra": {**extra, **grade.extra}})
    suite = got["suite"] if got["suite"] is not None else col.options.get("suite")
    col.add(grade_row(col, judge, grade, suite=None if suite is None else str(suite)), path, line)


def _cell(rec: Mapping[str, object], field: str, fields: dict[str, str], values: dict[str, dict[str, str]]) -> Any:
    column = fields.get(field, field)
    if field in fields and column not in rec and field in ("item_id", "score", "passed", "judge"):
        raise BadField(field, f"mapped column {column!r} is not in this row")
    value = rec.get(column)
    if field in values and value is not None:
        raw = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip()
        value = values[field].get(raw, value)
    if isinstance(value, str):
        value = value.strip()
        if value.lower() in _NULLS:
            return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _grade(got: dict[str, Any], options: Mapping[str, Any]) -> tuple[Grade, str]:
    item = got["item_id"]
    if item is None or isinstance(item, (bool, list, dict)):
        raise BadField("item_id", f"the answer's id is required (a string or number), got {item!r:.40}")
    judge = got["judge"] if got["judge"] is not None else options.get("judge")
    if judge is None:
        raise BadField("judge", "no judge column; give the grader's name with --judge")
    passed = _passed(got["passed"])
    score = _number("score", got["score"])
    if score is not None and score in [float(u) for u in options.get("unread", [])]:
        score = None
    scale = _scale(got["scale"]) if got["scale"] is not None else _scale(options.get("scale"))
    if got["scale"] is not None and scale is None:
        raise BadField("scale", f"must be [lo, hi] with lo < hi (a list or 'lo-hi'), got {got['scale']!r:.40}")
    if scale is None:
        if got["score"] is not None and passed is None:
            raise BadField("scale", "a score needs its scale: map a scale column or give --option scale=[lo,hi]")
        scale = (0.0, 1.0)
    if score is None and passed is not None and got["score"] is None and scale == (0.0, 1.0):
        score = 1.0 if passed else 0.0  # a pass/fail grader: its verdict is its score
    if score is not None and not scale[0] <= score <= scale[1]:
        raise BadField("score", f"{score:g} is outside the scale [{scale[0]:g}, {scale[1]:g}]")
    label = got["label"]
    if label is not None and str(label).lower() not in ("pass", "fail"):
        raise BadField("label", f"must be pass, fail or null (map it with --value label:RAW=pass), got {label!r:.40}")
    repeat = _number("repeat", got["repeat"])
    if repeat is not None and (not repeat.is_integer() or repeat < 0):
        raise BadField("repeat", f"must be a non-negative integer, got {got['repeat']!r:.40}")
    pass_at = options.get("pass_at")
    for key in ("instruction", "response", "reference", "model", "raw", "format"):
        if got[key] is not None and not isinstance(got[key], str):
            got[key] = json.dumps(got[key], ensure_ascii=False) if key == "raw" else str(got[key])
    grade = Grade(
        item_id=str(int(item)) if isinstance(item, float) and item.is_integer() else str(item),
        score=score,
        scale=scale,
        passed=pass_of(score, passed, None if pass_at is None else float(pass_at)),
        raw=got["raw"],
        label=None if label is None else str(label).lower(),
        model=got["model"],
        instruction=got["instruction"],
        answer=got["response"],
        reference=got["reference"],
        repeat=None if repeat is None else int(repeat),
        arm="repeat" if repeat is not None else "original",
        fmt=got["format"] or str(options.get("format") or "recorded"),
    )
    return grade, str(judge)


def _finite(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _number(field: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            hint = f"; record it as unread with --value {field}:{value}=" if field == "score" else ""
            raise BadField(field, f"must be a number or null, got {value!r:.40}{hint}") from None
    if not _finite(value):
        raise BadField(field, f"must be a finite number or null, got {value!r:.40}")
    return float(value)


def _passed(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise BadField("passed", f"must be true/false, pass/fail, yes/no or 1/0, got {value!r:.40}")


def _scale(value: Any) -> tuple[float, float] | None:
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.startswith("[") else [float(x) for x in value.split("-", 1)]
        except ValueError:
            return None
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(_finite(v) for v in value):
        lo, hi = float(value[0]), float(value[1])
        return (lo, hi) if lo < hi else None
    return None
