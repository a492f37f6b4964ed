"""Answers: the single-answer items contract, what a grader audit judges (one response, no pair).

A grader scores one answer at a time: pass/fail against a criterion, or a score on a rubric, often with a
reference answer. One row is one answer: ``id``, ``instruction``, ``response``, optional ``reference``,
``criterion`` (what a pass means) or ``rubric`` (what each score means), ``label`` (``pass``/``fail``, or a
gold score with its ``scale`` ``[lo, hi]``), ``model`` and ``family`` (who wrote it), and ``variant_of`` with
``perturbation`` for a perturbed copy of another answer, as for pairs. docs/contracts.md describes it.

A data file holds one kind of row: a first row with ``response`` (and no ``response_a``) makes it an
answers file (:func:`is_answers_file`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from judgeaudit.contracts.items import Item, check_required_text, load_items, read_records
from judgeaudit.errors import InputError
from judgeaudit.io.files import finite_number, iter_json_records

PASS_FAIL = ("pass", "fail")
_REQUIRED = ("id", "instruction", "response")
_OPTIONAL_TEXT = ("reference", "criterion", "rubric", "model", "family", "perturbation")
_KNOWN = {*_REQUIRED, *_OPTIONAL_TEXT, "label", "scale", "variant_of"}


@dataclass(frozen=True)
class Answer:
    """One answer to grade; ``label`` is ``pass``/``fail``, ``gold_score`` a gold score on ``scale``."""

    id: str
    instruction: str
    response: str
    label: str | None = None
    gold_score: float | None = None
    scale: tuple[float, float] | None = None
    reference: str | None = None
    criterion: str | None = None
    rubric: str | None = None
    model: str | None = None
    family: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        meta, gold, scale = d.pop("meta"), d.pop("gold_score"), d.pop("scale")
        out = {k: v for k, v in d.items() if v is not None}
        if gold is not None:
            out["label"], out["scale"] = gold, list(scale)
        return {**out, **meta}


def answer_from_dict(row: Any, path: str | Path = "<dict>", line: int | None = None) -> Answer:
    """Validate one row of the answers contract; raise :class:`InputError` naming the field."""
    if not isinstance(row, dict):
        raise InputError(path, line, None, f"expected a JSON object, got {type(row).__name__}")
    check_required_text(row, _REQUIRED, path, line)
    for key in _OPTIONAL_TEXT:
        value = row.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(path, line, key, f"must be a string or null, got {type(value).__name__}")
    if row.get("criterion") is not None and row.get("rubric") is not None:
        raise InputError(path, line, "rubric", "give a criterion (pass/fail) or a rubric (scores), not both")
    label, gold, scale = _gold(row, path, line)
    _check_variant(row, path, line)
    return Answer(
        id=str(row["id"]),
        instruction=row["instruction"],
        response=row["response"],
        label=label,
        gold_score=gold,
        scale=scale,
        **{k: row.get(k) for k in ("reference", "criterion", "rubric", "model", "family")},
        meta={k: v for k, v in row.items() if k not in _KNOWN - {"variant_of", "perturbation"}},
    )


def _gold(row: dict[str, Any], path: str | Path, line: int | None) -> tuple[str | None, float | None, Any]:
    """``label``: pass/fail, or a number with ``scale: [lo, hi]`` around it."""
    label, scale = row.get("label"), row.get("scale")
    if label is None:
        if scale is not None:
            raise InputError(path, line, "scale", "a scale belongs to a gold score: give 'label' as a number")
        return None, None, None
    if isinstance(label, str):
        if label.lower() not in PASS_FAIL:
            raise InputError(
                path, line, "label", f"must be pass, fail, a number on 'scale', or null, got {label!r:.40}"
            )
        if scale is not None:
            raise InputError(path, line, "scale", "a pass/fail label has no scale")
        return label.lower(), None, None
    if not finite_number(label):
        raise InputError(path, line, "label", f"must be pass, fail, a number on 'scale', or null, got {label!r:.40}")
    if (
        not isinstance(scale, list)
        or len(scale) != 2
        or not all(finite_number(x) for x in scale)
        or not scale[0] < scale[1]
    ):
        raise InputError(
            path, line, "scale", f"a gold score needs its scale as [lo, hi] with lo < hi, got {scale!r:.40}"
        )
    if not scale[0] <= label <= scale[1]:
        raise InputError(path, line, "label", f"gold score {label} is outside its scale {scale}")
    return None, float(label), (float(scale[0]), float(scale[1]))


def _check_variant(row: dict[str, Any], path: str | Path, line: int | None) -> None:
    """``variant_of`` and ``perturbation`` together, as for pairs (an answer has no side to name)."""
    of, name = row.get("variant_of"), row.get("perturbation")
    if of is None and name is not None:
        raise InputError(path, line, "variant_of", "'perturbation' needs 'variant_of' (the id of the original answer)")
    if of is None:
        return
    if not isinstance(of, (str, int)) or isinstance(of, bool) or str(of) == str(row.get("id")):
        raise InputError(path, line, "variant_of", f"must be the id of another answer, got {of!r:.60}")
    if not isinstance(name, str) or not name.strip() or ":" in name or "@" in name:
        raise InputError(path, line, "perturbation", "a variant needs a perturbation name (no ':' or '@')")


def is_answers_file(path: str | Path) -> bool:
    """Does the file hold single answers? Its first record has ``response`` and no ``response_a``."""
    errors: list[InputError] = []
    for _, row in iter_json_records(Path(path), errors):
        return isinstance(row, dict) and "response" in row and "response_a" not in row
    return False


def load_answers(path: str | Path) -> list[Answer]:
    """Read an answers JSONL file, reporting every bad row (file, line, field) at once.

    Raises:
        InputErrors: when any row is malformed; nothing is half-loaded.
    """
    return read_records(path, answer_from_dict, "answer")


def load_data(path: str | Path) -> list[Item] | list[Answer]:
    """Pairs or single answers, whichever the file holds (:func:`is_answers_file`)."""
    return load_answers(path) if is_answers_file(path) else load_items(path)


def answers_from_pairs(items: Sequence[Item]) -> list[Answer]:
    """A single-answer view of gold pairs: the preferred response a known-good answer, the other known-wrong.

    Each pair with a gold ``label`` (``a``/``b``) gives two answers, ``<id>:a`` and ``<id>:b``, with the pair's
    instruction, reference and rubric, and ``meta["pair"]`` the pair's id; a tie or an unlabelled pair gives none.
    A preference is relative: an answer that is preferred in one pair and dispreferred in another (the same
    instruction and text) has no known verdict and is left out; one that recurs with one verdict is kept once.
    """
    seen: dict[tuple[str, str], Answer] = {}
    conflicting: set[tuple[str, str]] = set()
    for item in items:
        if item.label not in ("a", "b"):
            continue
        for side in ("a", "b"):
            answer = Answer(
                id=f"{item.id}:{side}",
                instruction=item.instruction,
                response=item.response_a if side == "a" else item.response_b,
                label="pass" if side == item.label else "fail",
                reference=item.reference,
                rubric=item.rubric,
                model=item.model_a if side == "a" else item.model_b,
                family=item.family_a if side == "a" else item.family_b,
                meta={**item.meta, "pair": item.id},
            )
            key = (answer.instruction, answer.response)
            first = seen.setdefault(key, answer)
            if first.label != answer.label:
                conflicting.add(key)
    return [a for key, a in seen.items() if key not in conflicting]


def write_answers(answers: Sequence[Answer], path: str | Path) -> None:
    with Path(path).open("w", encoding="utf-8") as fh:
        for answer in answers:
            fh.write(json.dumps(answer.to_dict(), ensure_ascii=False) + "\n")
