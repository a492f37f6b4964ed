"""Judgments: one row per judge call, the contract every probe writes and every metric reads.

docs/contracts.md describes every field. :class:`Judgment` types a row, :class:`Verdict` the fields a
judge's reading adds to it; :func:`judgment_key` is a row's identity and :func:`is_read` says whether
its verdict could be read. Optional fields used by particular probes:

- ``pad_target`` (``a``/``b``) and ``pad_ratio`` (added chars / original chars): verbosity padding.
- ``pad_style``: which content-neutral padding was used.
- ``repeat``: repeat index when a judge is sampled several times on one prompt.
- ``template``: prompt template id (prompt-robustness probes).
- ``cue_target`` (``a``/``b``) and ``cue`` (cue id; ``neutral`` for the matched control).
- ``score_scale``: ``[lo, hi]`` of the score in score mode.
- ``prompt_hash``: sha256 of the rendered prompt (ties a row to the cache).
- ``group``: items sharing a group (same instruction, ≥3 responses) form triads.
- ``perturbation``, ``bias``, ``arm`` (``treated``/``control``), ``perturb_target`` (``a``/``b``/None) and
  ``perturb_id``: the bias probes and dataset perturbations (treatment against placebo; docs/biases.md).
- ``error``: the call returned no answer at all (the server was down, the prompt was longer than the
  model's context). Such a row is kept and counted apart from an unreadable answer, and left out of
  the metrics (judgeaudit/outcomes.py).
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
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypedDict, cast

import pandas as pd

from judgeaudit.errors import InputError
from judgeaudit.files import iter_json_records
from judgeaudit.judgment_fields import check_field_types

WINNERS = ("a", "b", "tie")
MODES = ("pairwise", "score", "listwise")
REQUIRED = ("judge", "probe", "item_id", "variant", "mode")
COLUMNS = (
    "judge",
    "judge_family",
    "probe",
    "suite",
    "item_id",
    "variant",
    "mode",
    "order",
    "winner",
    "p_a",
    "response",
    "score",
    "label",
    "len_a",
    "len_b",
    "model_a",
    "model_b",
    "family_a",
    "family_b",
    "raw",
)


class Verdict(TypedDict, total=False):
    """What a judge's reading of its output adds to a row (the rest of the row is known before the call)."""

    winner: str | None  # pairwise: a, b or tie; listwise: the chosen key; None when unreadable
    p_a: float | None  # pairwise, logprob mode: probability that response a is better
    score: float | None  # score mode: the score, None when unreadable
    score_expected: float  # score mode, logprob mode: the probability-weighted score
    chosen_slot: int | None  # listwise: 1-based slot of the pick
    chosen_model: str | None  # listwise: who wrote the pick
    p_slots: list[float] | None  # listwise, logprob mode: probability of each slot
    raw: str  # the judge's output text, or its top log-probabilities as JSON


class _JudgmentRequired(TypedDict):
    judge: str
    probe: str
    item_id: str | int
    variant: str
    mode: str  # pairwise, score or listwise


class Judgment(_JudgmentRequired, Verdict, total=False):
    """One judgments.jsonl row (docs/contracts.md). Unknown fields are allowed and kept."""

    judge_family: str | None
    suite: str | None
    order: str  # pairwise: ab or ba; listwise: the response keys in slot order
    response: str  # score mode: the response scored, a or b
    label: str | None  # gold or human preference: a, b, tie or None
    len_a: int | None
    len_b: int | None
    model_a: str | None
    model_b: str | None
    family_a: str | None
    family_b: str | None
    repeat: int
    group: str | None
    prompt_hash: str
    instruction: str
    response_a: str
    response_b: str
    pad_target: str
    pad_ratio: float
    pad_style: str
    pad_role: str
    template: str
    template_set: str
    cue: str
    cue_target: str
    perturbation: str
    bias: str
    arm: str  # treated or control (the placebo)
    perturb_target: str | None
    perturb_id: str
    score_scale: list[float]
    k: int
    slot_order: list[str | None]
    models: list[str | None]
    families: list[str | None]
    lens: list[int]
    error: str | None  # the call failed: no answer to read (outcomes.py)


class JudgmentKey(NamedTuple):
    """A judgment's identity: two rows with one key are one judgment recorded twice.

    The first four fields name the item as one judge saw it in one repeat (every variant, both
    orders); the rest name the prompt it was shown.
    """

    suite: str | None
    item_id: str
    repeat: Any
    judge: str | None
    variant: str | None
    mode: str | None
    order: str | None
    response: str | None


def judgment_key(row: Mapping[str, Any]) -> JudgmentKey:
    """The identity of one row; a missing suite or repeat counts as none and 0."""
    return JudgmentKey(
        row.get("suite") or None,
        str(row.get("item_id")),
        row.get("repeat") or 0,
        row.get("judge"),
        row.get("variant"),
        row.get("mode"),
        row.get("order"),
        row.get("response"),
    )


def judgment_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`judgment_key` of every row of a frame, as text columns (``duplicated()`` finds repeats)."""
    keys = pd.DataFrame(index=frame.index)
    for name in JudgmentKey._fields:
        col = frame[name] if name in frame.columns else pd.Series(None, index=frame.index, dtype=object)
        keys[name] = col.astype(object).where(col.notna(), None)
    keys["suite"] = keys["suite"].where(keys["suite"] != "", None)
    keys["repeat"] = pd.to_numeric(keys["repeat"], errors="coerce").fillna(0).astype(int)
    return keys.astype(str)


def is_read(row: Mapping[str, Any]) -> bool:
    """Could the judge's verdict be read? A score in score mode, a pick (pairwise, listwise) otherwise."""
    return row.get("score" if row.get("mode") == "score" else "winner") is not None


def read_mask(frame: pd.DataFrame) -> pd.Series:
    """:func:`is_read` of every row of a frame."""
    score_mode = frame["mode"] == "score"
    return frame["score"].notna().where(score_mode, frame["winner"].notna()).astype(bool)


@dataclass
class ReadResult:
    """Judgments that were read (as a frame and as the rows themselves), and the rows left out with why."""

    frame: pd.DataFrame
    problems: list[InputError] = field(default_factory=list)
    rows: list[Judgment] = field(default_factory=list)
    n_duplicates: int = 0  # rows repeating an earlier row's judgment and verdict (the metrics keep one)


def validate_row(row: Any, path: str | Path, line: int | None) -> dict[str, Any]:
    """Check one judgment row against the contract; raise :class:`InputError` naming the field."""
    if not isinstance(row, dict):
        raise InputError(path, line, None, f"expected a JSON object, got {type(row).__name__}")
    check_field_types(row, path, line)
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


def frame_from_rows(rows: list[Judgment] | list[dict[str, Any]]) -> pd.DataFrame:
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
    can say what was left out. Identical duplicate judgments are counted (``n_duplicates``); two rows
    of one judgment with different verdicts are an :class:`InputError` naming both lines.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, None, None, "file not found")
    rows: list[dict[str, Any]] = []
    lines: list[int | None] = []
    problems: list[InputError] = []
    for lineno, row in iter_json_records(path, problems):
        try:
            rows.append(validate_row(row, path, lineno))
            lines.append(lineno)
        except InputError as exc:
            problems.append(exc)
    if not rows:  # located at the first bad row, where a reader starts looking
        first = problems[0] if problems else None
        why = (
            ""
            if first is None
            else f" (the first bad row: {f'field {first.field!r}: ' if first.field else ''}{first.message})"
        )
        raise InputError(path, first.line if first else None, None, f"no valid judgments in the file{why}")
    from judgeaudit.duplicates import count_duplicates  # it reads judgment_key from here

    n_dup = count_duplicates(rows, path, lines)
    return ReadResult(frame_from_rows(rows), problems, cast("list[Judgment]", rows), n_dup)


def judgment_line(row: Mapping[str, Any]) -> str:
    """One row of judgments.jsonl: one JSON object, keys sorted, so the same rows always give the same bytes."""
    return json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n"


def write_judgments(rows: list[Judgment] | list[dict[str, Any]], path: str | Path) -> None:
    """Rows to a judgments file (run directories are written through rundir_writer instead)."""
    with Path(path).open("w", encoding="utf-8") as fh:
        fh.writelines(judgment_line(row) for row in rows)
