"""Judgments: one row per judge call, the contract every probe writes and every metric reads.

The required fields are those of design.md. Optional fields used by particular probes:

- ``pad_target`` (``a``/``b``) and ``pad_ratio`` (added chars / original chars): verbosity padding.
- ``pad_style``: which content-neutral padding was used.
- ``repeat``: repeat index when a judge is sampled several times on one prompt.
- ``template``: prompt template id (prompt-robustness probes).
- ``cue_target`` (``a``/``b``) and ``cue`` (cue id; ``neutral`` for the matched control).
- ``score_scale``: ``[lo, hi]`` of the score in score mode.
- ``prompt_hash``: sha256 of the rendered prompt (ties a row to the cache).
- ``group``: items sharing a group (same instruction, ≥3 responses) form triads.
Unknown fields are kept, so recorded judgments from elsewhere can carry their own metadata.

Listwise rows (``mode`` ``listwise``, the listwise probe; docs/beyond.md) judge k > 2 responses keyed
a, b, c, …: ``order`` is the keys in slot order (``cab``: response c in slot 1), ``winner`` the chosen
key or null, ``chosen_slot`` its 1-based slot, ``k`` the number of responses, ``p_slots`` (logprob
mode) the probability of each slot, ``models``/``families``/``lens`` one entry per key. A row recorded
elsewhere may give only ``order`` and ``winner``: ``k`` and ``chosen_slot`` are then derived from them.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from judgeaudit.errors import InputError
from judgeaudit.files import iter_json_records

WINNERS = ("a", "b", "tie")
MODES = ("pairwise", "score", "listwise")
REQUIRED = ("judge", "probe", "item_id", "variant", "mode")
COLUMNS = (
    "judge", "judge_family", "probe", "suite", "item_id", "variant", "mode", "order",
    "winner", "p_a", "response", "score", "label", "len_a", "len_b",
    "model_a", "model_b", "family_a", "family_b", "raw",
)


@dataclass
class ReadResult:
    """Judgments that were read, and the rows left out with the reason for each."""

    frame: pd.DataFrame
    problems: list[InputError] = field(default_factory=list)


def validate_row(row: Any, path: str | Path, line: int | None) -> dict[str, Any]:
    """Check one judgment row against the contract; raise :class:`InputError` naming the field."""
    if not isinstance(row, dict):
        raise InputError(path, line, None, f"expected a JSON object, got {type(row).__name__}")
    for key in REQUIRED:
        if row.get(key) in (None, ""):
            raise InputError(path, line, key, "required field is missing")
    mode = row["mode"]
    if mode not in MODES:
        raise InputError(path, line, "mode", f"must be 'pairwise', 'score' or 'listwise', got {mode!r}")
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
    return row


def _probability(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and 0.0 <= v <= 1.0


def _validate_listwise(row: dict[str, Any], path: str | Path, line: int | None) -> dict[str, Any]:
    """A listwise row: ``order`` a permutation of the first k keys, the pick one of them (or null)."""
    order = row.get("order")
    if not isinstance(order, str) or len(order) < 2 or sorted(order) != list(string.ascii_lowercase[: len(order)]):
        raise InputError(path, line, "order", "must be the response keys in slot order, a permutation of a, b, c, … "
                                              f"(e.g. 'cab'), got {order!r}")
    k = len(order)
    given_k = row.get("k")
    if given_k is not None and (not isinstance(given_k, int) or isinstance(given_k, bool) or given_k != k):
        raise InputError(path, line, "k", f"must be the number of responses, {k} for order {order!r}, got {given_k!r}")
    winner = row.get("winner")
    if winner is not None and (not isinstance(winner, str) or winner not in order):
        raise InputError(path, line, "winner", f"must be one of the shown keys {', '.join(order)} or null, "
                                               f"got {winner!r}")
    slot = row.get("chosen_slot")
    if slot is not None:
        if not isinstance(slot, int) or isinstance(slot, bool) or not 1 <= slot <= k:
            raise InputError(path, line, "chosen_slot", f"must be a slot 1..{k} or null, got {slot!r}")
        if order[slot - 1] != winner:
            raise InputError(path, line, "chosen_slot", f"slot {slot} of order {order!r} holds response "
                                                        f"{order[slot - 1]!r}, but winner is {winner!r}")
    elif winner is not None and "chosen_slot" in row:
        raise InputError(path, line, "chosen_slot", f"is null, but winner is {winner!r}")
    p_slots = row.get("p_slots")
    if p_slots is not None and (not isinstance(p_slots, list) or len(p_slots) != k
                                or not all(_probability(p) for p in p_slots)):
        raise InputError(path, line, "p_slots", f"must be a list of {k} probabilities (one per slot) or null, "
                                                f"got {p_slots!r}")
    for key in ("models", "families", "lens"):
        v = row.get(key)
        if v is not None and (not isinstance(v, list) or len(v) != k):
            raise InputError(path, line, key, f"must be a list with one entry per response ({k}), got {v!r}")
    derived = {"k": k, "chosen_slot": None if winner is None else order.index(winner) + 1}
    missing = {key: v for key, v in derived.items() if row.get(key) is None}
    return {**row, **missing} if missing else row


def frame_from_rows(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A DataFrame with every contract column present (missing ones as null)."""
    df = pd.DataFrame(rows)
    for col in COLUMNS:
        if col not in df.columns:
            df[col] = None
    df["item_id"] = df["item_id"].astype(str)
    return df


def read_judgments(path: str | Path) -> ReadResult:
    """Read judgments.jsonl, keeping every valid row and reporting each bad one.

    A bad row never stops the analysis of the others: it is listed in ``problems`` so the report
    can say what was left out.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, None, None, "file not found")
    rows: list[dict[str, Any]] = []
    problems: list[InputError] = []
    for lineno, row in iter_json_records(path, problems):
        try:
            rows.append(validate_row(row, path, lineno))
        except InputError as exc:
            problems.append(exc)
    if not rows:
        raise InputError(path, None, None, "no valid judgments in file")
    return ReadResult(frame_from_rows(rows), problems)


def write_judgments(rows: list[dict[str, Any]], path: str | Path) -> None:
    with Path(path).open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
