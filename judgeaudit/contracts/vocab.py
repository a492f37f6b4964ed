"""The closed vocabularies of the contracts, defined once: a value outside one is a bug mypy can see.

Each is a ``Literal``; the tuple beside it holds the same words for run-time checks of input files, so the
two can never drift (``get_args``). With ``strict_equality`` on, comparing a typed value with a word outside
its vocabulary (``status == "FAILED"``) is a type error.
"""

from __future__ import annotations

from typing import Literal, get_args

RowMode = Literal[
    "pairwise", "score", "listwise", "grade"
]  # judgments.jsonl ``mode``: what one judge call judged (grade: one answer alone)
JudgeMode = Literal["logprob", "generate", "likelihood"]  # how a judge's verdict is read
Winner = Literal["a", "b", "tie"]  # a pairwise verdict, and an item's gold label
ResponseSlot = Literal["a", "b"]  # one of a pair's responses (score mode's ``response``, pad/cue/perturb targets)
PairOrder = Literal["ab", "ba"]  # which response a pairwise row showed first
Arm = Literal["treated", "control"]  # a bias probe's treatment or its placebo
VetStatus = Literal["PASS", "FAIL", "INCONCLUSIVE", "SKIPPED"]  # a vetting check's outcome
Better = Literal["higher", "lower"]  # a metric's good direction (or an ideal value instead)
RequestKind = Literal["choice", "generate", "loglik"]  # what a backend is asked for

ROW_MODES: tuple[RowMode, ...] = get_args(RowMode)
JUDGE_MODES: tuple[JudgeMode, ...] = get_args(JudgeMode)
WINNERS: tuple[Winner, ...] = get_args(Winner)
RESPONSE_SLOTS: tuple[ResponseSlot, ...] = get_args(ResponseSlot)
PAIR_ORDERS: tuple[PairOrder, ...] = get_args(PairOrder)
VET_STATUSES: tuple[VetStatus, ...] = get_args(VetStatus)
