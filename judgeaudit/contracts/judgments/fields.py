"""The JSON type of each judgment field: a wrong type is a located error, never a silently dropped row.

JSON has one number type and Python reads ``true`` as the integer 1 and ``Infinity``/``NaN`` as
floats, so without these checks ``p_a: true`` was read as a probability of 1, ``score: Infinity``
as a perfect score, ``score: NaN`` as an unparsed verdict, and ``variant: 1`` or ``item_id: [3]``
dropped a pair from every statistic without a word.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from judgeaudit.errors import InputError
from judgeaudit.io.files import finite_number

IDS = ("item_id",)  # a string, or a whole number (read as its decimal string)
TEXT = ("judge", "probe", "variant", "mode")  # required, checked for presence by validate_row
OPTIONAL_TEXT = (
    "judge_family",
    "suite",
    "model_a",
    "model_b",
    "family_a",
    "family_b",
    "pad_target",
    "cue_target",
    "cue",
    "template",
    "pad_style",
    "prompt_hash",
    "error",
    "grade",
    "model",
    "family",
)
NUMBERS = ("p_a", "score", "score_expected", "pad_ratio", "gold_score")  # finite, not a boolean
COUNTS = ("len_a", "len_b", "repeat")  # whole numbers >= 0, not booleans


def _json(v: Any) -> str:
    """``v`` as the file spells it (``true``, ``Infinity``, ``"x"``), shortened."""
    text = json.dumps(v, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def check_field_types(row: dict[str, Any], path: str | Path, line: int | None) -> None:
    """Raise :class:`InputError` (file, line, field) for the first field of the wrong JSON type."""
    for key in IDS:
        v = row.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, (str, int))):
            raise InputError(path, line, key, f"must be a string (or a whole number), got {_json(v)}")
    for key in TEXT + OPTIONAL_TEXT:
        v = row.get(key)
        if v is not None and not isinstance(v, str):
            null = " or null" if key in OPTIONAL_TEXT else ""
            raise InputError(path, line, key, f"must be a string{null}, got {_json(v)}")
    for key in NUMBERS:
        v = row.get(key)
        if v is not None and not finite_number(v):
            raise InputError(path, line, key, f"must be a finite number or null, got {_json(v)}")
    for key in COUNTS:
        v = row.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, int) or v < 0):
            raise InputError(path, line, key, f"must be a non-negative integer or null, got {_json(v)}")
