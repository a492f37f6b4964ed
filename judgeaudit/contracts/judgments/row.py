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
  the metrics (judgeaudit/contracts/outcomes.py).
Unknown fields are kept, so recorded judgments from elsewhere can carry their own metadata.

Grade rows (``mode`` ``grade``, the grader probes; docs/graders.md) grade one answer, no pair: ``label``
is ``pass``/``fail`` (or null), ``gold_score`` a gold score on ``score_scale``, ``grade`` the label the grader
gave (``yes``, ``B``, ``4``), ``score`` its value on the format's scale, ``score_expected`` (logprob mode) the
probability-weighted score, ``passed`` whether the grade is a pass, ``model``/``family`` who wrote the answer.

Listwise rows (``mode`` ``listwise``, the listwise probe; docs/beyond.md) judge k > 2 responses keyed
a, b, c, …: ``order`` is the keys in slot order (``cab``: response c in slot 1), ``winner`` the chosen
key or null, ``chosen_slot`` its 1-based slot, ``k`` the number of responses, ``p_slots`` (logprob
mode) the probability of each slot, ``models``/``families``/``lens`` one entry per key. A row recorded
elsewhere may give only ``order`` and ``winner``: ``k`` and ``chosen_slot`` are then derived from them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple, TypedDict

import pandas as pd

from judgeaudit.contracts import vocab
from judgeaudit.contracts.vocab import ROW_MODES, Arm, ResponseSlot, RowMode, Winner

MODES = ROW_MODES
WINNERS = vocab.WINNERS
REQUIRED = ("judge", "probe", "item_id", "variant", "mode")
SCORED = ("score", "grade")  # modes whose verdict is a score; grade: one answer graded alone (no pair)
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
    grade: str | None  # grade mode: the label the grader gave (Yes, B, 4); None when unreadable
    passed: bool | None  # grade mode: the grade is one of the format's passing labels
    p_pass: float  # grade mode, logprob mode: the probability on the passing labels


class _JudgmentRequired(TypedDict):
    judge: str
    probe: str
    item_id: str | int
    variant: str
    mode: RowMode


class Judgment(_JudgmentRequired, Verdict, total=False):
    """One judgments.jsonl row (docs/contracts.md). Unknown fields are allowed and kept."""

    judge_family: str | None
    suite: str | None
    order: str  # pairwise: ab or ba; listwise: the response keys in slot order
    response: ResponseSlot  # score mode: the response scored
    label: Winner | None  # gold or human preference
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
    pad_target: ResponseSlot
    pad_ratio: float
    pad_style: str
    pad_role: str
    template: str
    template_set: str
    cue: str
    cue_target: ResponseSlot
    perturbation: str
    bias: str
    arm: Arm  # the treatment or its placebo
    perturb_target: ResponseSlot | None
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
    return key_columns(frame).astype(str)


def repeated_judgments(frame: pd.DataFrame) -> pd.Series:
    """``judgment_keys(frame).duplicated()``: the rows repeating an earlier row's judgment, found on each key
    column's codes (the distinct values are made texts, not a million rows)."""
    codes = {}
    for name, col in key_columns(frame).items():
        first, uniques = pd.factorize(col, use_na_sentinel=False)
        texts = pd.Series(uniques, dtype=object).astype(str)  # as judgment_keys makes them
        codes[name] = pd.factorize(texts, use_na_sentinel=False)[0][first]
    return pd.DataFrame(codes, index=frame.index).duplicated(keep="first")


def key_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The fields of :func:`judgment_key` as columns, as they are read: null as None, no suite and repeat 0 as
    :func:`judgment_key` makes them."""
    keys = pd.DataFrame(index=frame.index)
    for name in JudgmentKey._fields:
        col = frame[name] if name in frame.columns else pd.Series(None, index=frame.index, dtype=object)
        keys[name] = col.astype(object).where(col.notna(), None)
    keys["suite"] = keys["suite"].where(keys["suite"] != "", None)
    keys["repeat"] = pd.to_numeric(keys["repeat"], errors="coerce").fillna(0).astype(int)
    return keys


def is_read(row: Mapping[str, Any]) -> bool:
    """Could the judge's verdict be read? A score in score and grade mode, a pick (pairwise, listwise) otherwise."""
    return row.get("score" if row.get("mode") in SCORED else "winner") is not None


def read_mask(frame: pd.DataFrame) -> pd.Series:
    """:func:`is_read` of every row of a frame."""
    score_mode = frame["mode"].isin(SCORED)
    return frame["score"].notna().where(score_mode, frame["winner"].notna()).astype(bool)


def frame_from_rows(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """A DataFrame with every contract column present (missing ones as null)."""
    df = pd.DataFrame(rows)
    for col in COLUMNS:
        if col not in df.columns:
            df[col] = None
    df["item_id"] = df["item_id"].astype(str)
    return df
