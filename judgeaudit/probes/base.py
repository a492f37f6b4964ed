"""The probe contract: a probe expands items into judge tasks (a request + the row it fills).

Probes never call the model: they return every task up front, so the runner can send the whole
audit to the backend as one deduplicated, batch-first list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from judgeaudit.backends.base import Request, Result
from judgeaudit.contracts.items import Item
from judgeaudit.contracts.judgments.row import Verdict
from judgeaudit.judges.judge import Judge
from judgeaudit.registry import Registry


@dataclass
class Task:
    """The judge calls for one judgments row (all fields but the verdict).

    Usually one request; a likelihood judge scores each response separately, so its pairwise row
    needs two (which the runner shares between both orders of the pair).
    """

    row: dict[str, Any]
    requests: tuple[Request, ...]
    reads: str  # "pairwise", "score" or "listwise"
    # how to read the verdict when the judge's own pairwise/score reading does not apply (a prompt in
    # another format, a listwise pick); returns the verdict fields of the row
    read: Callable[[list[Result]], Verdict] | None = None


ProbeFn = Callable[..., list[Task]]
probes: Registry[ProbeFn] = Registry("probe")
probe = probes.register

_FLIP = {"a": 1, "b": -1}


def pair_tasks(
    judge: Judge,
    item: Item,
    *,
    probe_name: str,
    suite: str,
    variant: str = "original",
    response_a: str | None = None,
    response_b: str | None = None,
    extra: dict[str, Any] | None = None,
    orders: tuple[str, ...] = ("ab", "ba"),
    repeat: int | None = None,
    instruction: str | None = None,
    format_id: str | None = None,
    temperature: float = 0.0,
    seed: int = 0,
    meta: dict[str, Any] | None = None,
) -> list[Task]:
    """Both presentation orders of one pair, with responses optionally replaced (padded, cued).

    The row records what was shown (lengths of the shown texts), who wrote each response, and the
    gold label, so every metric can be computed from judgments.jsonl alone.

    ``instruction`` replaces the item's instruction as shown (a cue inserted into it); ``format_id``
    renders another pairwise prompt format than the judge's own (and reads the verdict with it);
    ``temperature``/``seed`` make a sampled repeat a distinct request (else the runner, which judges
    each distinct request once, would return one verdict for every repeat); ``meta`` is added to the
    request's description (never part of what the model sees).
    """
    ra = item.response_a if response_a is None else response_a
    rb = item.response_b if response_b is None else response_b
    shown = item.instruction if instruction is None else instruction
    tasks = []
    for order in orders:
        first_is_a = order == "ab"
        gold = _FLIP.get(item.label or "", 0)
        req_meta = {
            "request": "pairwise",
            "order": order,
            "len_first": len(ra if first_is_a else rb),
            "len_second": len(rb if first_is_a else ra),
            "family_first": item.family_a if first_is_a else item.family_b,
            "family_second": item.family_b if first_is_a else item.family_a,
            "gold_first": gold if first_is_a else -gold,
            "repeat": repeat or 0,
            **(meta or {}),
        }
        row = {
            "judge": judge.name,
            "judge_family": judge.family,
            "probe": probe_name,
            "suite": suite,
            "item_id": item.id,
            "variant": variant,
            "mode": "pairwise",
            "order": order,
            "label": item.label,
            "len_a": len(ra),
            "len_b": len(rb),
            "model_a": item.model_a,
            "model_b": item.model_b,
            "family_a": item.family_a,
            "family_b": item.family_b,
            "instruction": shown,
            "response_a": ra,
            "response_b": rb,
            **({"group": item.meta["group"]} if "group" in item.meta else {}),
            **({"repeat": repeat} if repeat is not None else {}),
            **(extra or {}),
        }
        # temperature/seed by name: the judge samples only when temperature > 0, as the defaults say
        reqs = judge.pairwise_requests(
            shown,
            ra,
            rb,
            order,
            reference=item.reference,
            rubric=item.rubric,
            meta=req_meta,
            format_id=format_id or None,
            temperature=temperature,
            seed=seed,
        )
        read = None if format_id is None else partial(_read_with_format, judge, order, format_id)
        tasks.append(Task(row=row, requests=reqs, reads="pairwise", read=read))
    return tasks


def _read_with_format(judge: Judge, order: str, format_id: str, results: list[Result]) -> Verdict:
    return judge.read_pairwise(results, order, format_id=format_id)


def score_tasks(judge: Judge, item: Item, *, probe_name: str, suite: str) -> list[Task]:
    """An absolute score for each response of the pair, by the same judge."""
    tasks = []
    for which, text in (("a", item.response_a), ("b", item.response_b)):
        quality = 0 if item.label in (None, "tie") else (1 if item.label == which else -1)
        meta = {"request": "score", "quality": quality, "length": len(text)}
        row = {
            "judge": judge.name,
            "judge_family": judge.family,
            "probe": probe_name,
            "suite": suite,
            "item_id": item.id,
            "variant": "original",
            "mode": "score",
            "response": which,
            "label": item.label,
            "len_a": len(item.response_a),
            "len_b": len(item.response_b),
            "model_a": item.model_a,
            "model_b": item.model_b,
            "family_a": item.family_a,
            "family_b": item.family_b,
            "instruction": item.instruction,
            "response_a": item.response_a,
            "response_b": item.response_b,
            **({"group": item.meta["group"]} if "group" in item.meta else {}),
        }
        reqs = judge.score_requests(item.instruction, text, reference=item.reference, rubric=item.rubric, meta=meta)
        tasks.append(Task(row=row, requests=reqs, reads="score"))
    return tasks
