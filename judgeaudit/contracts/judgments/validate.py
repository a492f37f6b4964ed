"""Checking one judgments.jsonl row against the contract (docs/contracts.md): the error names the field."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any, cast

from judgeaudit.contracts.judgments.fields import check_field_types
from judgeaudit.contracts.judgments.row import MODES, REQUIRED, WINNERS, Judgment
from judgeaudit.errors import InputError

GRADE_LABELS = ("pass", "fail")


def validate_row(row: object, path: str | Path, line: int | None) -> Judgment:
    """Check one judgment row against the contract and return it typed; raise :class:`InputError` naming the field."""
    if not isinstance(row, dict):
        raise InputError(path, line, None, f"expected a JSON object, got {type(row).__name__}")
    check_field_types(row, path, line)
    for key in REQUIRED:
        if row.get(key) in (None, ""):
            raise InputError(path, line, key, "required field is missing")
    mode = row["mode"]
    if mode not in MODES:
        raise InputError(path, line, "mode", f"must be 'pairwise', 'score', 'listwise' or 'grade', got {mode!r}")
    if mode == "listwise":
        row = _validate_listwise(row, path, line)
    elif mode == "pairwise":
        if row.get("order") not in ("ab", "ba"):
            raise InputError(path, line, "order", f"must be 'ab' or 'ba', got {row.get('order')!r}")
        if row.get("winner") not in (*WINNERS, None):
            raise InputError(path, line, "winner", f"must be a, b, tie or null, got {row.get('winner')!r}")
        p_a = row.get("p_a")
        if p_a is not None and (not isinstance(p_a, (int, float)) or not 0.0 <= p_a <= 1.0):
            raise InputError(path, line, "p_a", f"must be a probability in [0, 1], got {p_a!r}")
    elif mode == "grade":
        _validate_grade(row, path, line)
        return cast(Judgment, row)  # a single answer: none of the pair fields below apply
    else:
        if row.get("response") not in ("a", "b"):
            raise InputError(path, line, "response", f"must be 'a' or 'b', got {row.get('response')!r}")
        score = row.get("score")
        if score is not None and not isinstance(score, (int, float)):
            raise InputError(path, line, "score", f"must be a number or null, got {score!r}")
    if row.get("label") not in (*WINNERS, None):
        raise InputError(path, line, "label", f"must be a, b, tie or null, got {row.get('label')!r}")
    for key in ("len_a", "len_b"):
        v = row.get(key)
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
            raise InputError(path, line, key, f"must be a non-negative integer, got {v!r}")
    return cast(Judgment, row)  # every field the contract constrains was checked above


def _validate_grade(row: dict[str, Any], path: str | Path, line: int | None) -> None:
    """A grade row: one answer, a pass/fail label (or null), a numeric score, ``passed`` true/false/null."""
    if row.get("label") not in (*GRADE_LABELS, None):
        raise InputError(
            path, line, "label", f"must be pass, fail or null for a graded answer, got {row.get('label')!r}"
        )
    passed = row.get("passed")
    if passed is not None and not isinstance(passed, bool):
        raise InputError(path, line, "passed", f"must be true, false or null, got {passed!r}")
    scale = row.get("score_scale")
    if scale is not None and (not isinstance(scale, list) or len(scale) != 2):
        raise InputError(path, line, "score_scale", f"must be [lo, hi], got {scale!r}")


def _probability(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and 0.0 <= v <= 1.0


def _validate_listwise(row: dict[str, Any], path: str | Path, line: int | None) -> dict[str, Any]:
    """A listwise row: ``order`` a permutation of the first k keys, the pick one of them (or null)."""
    order = row.get("order")
    if not isinstance(order, str) or len(order) < 2 or sorted(order) != list(string.ascii_lowercase[: len(order)]):
        raise InputError(
            path,
            line,
            "order",
            f"must be the response keys in slot order, a permutation of a, b, c, … (e.g. 'cab'), got {order!r}",
        )
    k = len(order)
    given_k = row.get("k")
    if given_k is not None and (not isinstance(given_k, int) or isinstance(given_k, bool) or given_k != k):
        raise InputError(path, line, "k", f"must be the number of responses, {k} for order {order!r}, got {given_k!r}")
    winner = row.get("winner")
    if winner is not None and (not isinstance(winner, str) or winner not in order):
        raise InputError(
            path, line, "winner", f"must be one of the shown keys {', '.join(order)} or null, got {winner!r}"
        )
    slot = row.get("chosen_slot")
    if slot is not None:
        if not isinstance(slot, int) or isinstance(slot, bool) or not 1 <= slot <= k:
            raise InputError(path, line, "chosen_slot", f"must be a slot 1..{k} or null, got {slot!r}")
        if order[slot - 1] != winner:
            raise InputError(
                path,
                line,
                "chosen_slot",
                f"slot {slot} of order {order!r} holds response {order[slot - 1]!r}, but winner is {winner!r}",
            )
    elif winner is not None and "chosen_slot" in row:
        raise InputError(path, line, "chosen_slot", f"is null, but winner is {winner!r}")
    p_slots = row.get("p_slots")
    if p_slots is not None and (
        not isinstance(p_slots, list) or len(p_slots) != k or not all(_probability(p) for p in p_slots)
    ):
        raise InputError(
            path, line, "p_slots", f"must be a list of {k} probabilities (one per slot) or null, got {p_slots!r}"
        )
    for key in ("models", "families", "lens"):
        v = row.get(key)
        if v is not None and (not isinstance(v, list) or len(v) != k):
            raise InputError(path, line, key, f"must be a list with one entry per response ({k}), got {v!r}")
    derived = {"k": k, "chosen_slot": None if winner is None else order.index(winner) + 1}
    missing = {key: v for key, v in derived.items() if row.get(key) is None}
    return {**row, **missing} if missing else row
