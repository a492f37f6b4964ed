"""Listwise probe: the best of k > 2 responses, each response shown once in every slot.

Items sharing ``meta["group"]`` (AlpacaEval triads: three pairs among three models' answers to one
instruction) are pooled into their k distinct responses. Each group is judged in k orders, the k
cyclic rotations of a seeded base order: a Latin square, so every response sits in every slot exactly
once (k judgments instead of k!) and a content preference spreads evenly over the slots. What is
left is the position effect: the share of picks per slot against 1/k.

Rows (``mode`` ``listwise``, one per group and rotation): ``item_id`` ``group-<group>``,
``variant`` ``listwise:r<rotation>``, ``order`` the response keys in slot order (``cab``: response c
first), ``k``, ``slot_order`` (models in slot order), ``winner`` (the chosen response key, or null
when the output could not be read), ``chosen_slot`` (1-based), ``chosen_model``, ``models``,
``families`` and ``lens`` (by response key a, b, c, ...), ``p_slots`` (logprob mode: the probability
of each slot), ``raw``.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
import string
from dataclasses import replace
from functools import partial
from typing import Any

from judgeaudit.backends.base import Result
from judgeaudit.contracts.items import Item
from judgeaudit.contracts.judgments.row import Verdict
from judgeaudit.errors import JudgeAuditError
from judgeaudit.judges.judge import Judge
from judgeaudit.judges.parsers import parsers
from judgeaudit.judges.spec import PromptFormat, load_format
from judgeaudit.probes.base import Task, probe

FORMAT_ID = "generic-listwise"


def group_responses(items: list[Item]) -> dict[str, list[dict[str, Any]]]:
    """Group id → its distinct responses ``{model, family, text, instruction, quality}``, sorted by model.

    Only items with ``meta["group"]`` count; a response is identified by its model and text, so the
    three pairs of a triad give three responses. ``quality`` is the response's gold record within the
    group, (wins − losses) / (k − 1) over the gold-labelled pairs (0 without gold).
    """
    groups: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    for item in items:
        if "group" not in item.meta:
            continue
        members = groups.setdefault(str(item.meta["group"]), {})
        sides = {}
        for side, model, family, text in (
            ("a", item.model_a, item.family_a, item.response_a),
            ("b", item.model_b, item.family_b, item.response_b),
        ):
            sides[side] = members.setdefault(
                (model or "", text),
                {
                    "model": model,
                    "family": family,
                    "text": text,
                    "instruction": item.instruction,
                    "record": 0,
                },
            )
        if item.label in ("a", "b"):
            sides[item.label]["record"] += 1
            sides["b" if item.label == "a" else "a"]["record"] -= 1
    out = {}
    for gid, members in groups.items():
        resps = [members[key] for key in sorted(members)]
        for r in resps:
            r["quality"] = r.pop("record") / max(1, len(resps) - 1)
        out[gid] = resps
    return out


def rotations(k: int, seed_key: str) -> list[list[int]]:
    """The k cyclic rotations of a seeded base order of range(k): a k × k Latin square."""
    base = list(range(k))
    random.Random(int(hashlib.sha256(f"listwise|{seed_key}".encode()).hexdigest()[:16], 16)).shuffle(base)
    return [base[r:] + base[:r] for r in range(k)]


def listwise_format(judge: Judge, k: int) -> PromptFormat:
    """The listwise prompt, with its first k labels."""
    fmt = load_format(FORMAT_ID)
    if k > len(fmt.labels):
        raise JudgeAuditError(f"{fmt.path}: {k} responses but only {len(fmt.labels)} slot labels")
    if judge.mode not in fmt.modes:
        raise JudgeAuditError(f"prompt format {FORMAT_ID!r} supports {'/'.join(fmt.modes)} mode only")
    return replace(fmt, labels=fmt.labels[:k])


def _label_list(labels: tuple[str, ...]) -> str:
    return ", ".join(labels[:-1]) + f" or {labels[-1]}"


@probe("listwise")
def listwise(judge: Judge, items: list[Item], *, suite: str, min_k: int = 3, max_k: int = 8) -> list[Task]:
    """k rotations of each group with ``min_k`` ≤ k ≤ ``max_k`` distinct responses.

    Args:
        judge: a prompted judge (logprob or generate mode).
        items: pairs carrying ``meta["group"]``; groups are judged whole.
        suite: the suite name recorded in each row.
        min_k: smallest group judged (3: two responses are the position probe's job).
        max_k: largest group judged (the prompt has 8 slot labels).
    """
    if judge.mode == "likelihood":
        raise JudgeAuditError(
            "the listwise probe asks the judge to pick among labelled slots; a likelihood "
            "judge scores each response alone (run it on a logprob or generate judge)"
        )
    groups = group_responses(items)
    if not groups:
        raise JudgeAuditError(
            "the listwise probe needs items sharing meta['group'] (e.g. the alpaca_eval 'families' subset)"
        )
    tasks: list[Task] = []
    for gid, resps in groups.items():
        k = len(resps)
        if not min_k <= k <= max_k:
            continue
        fmt = listwise_format(judge, k)
        keys = string.ascii_lowercase[:k]
        for rot, perm in enumerate(rotations(k, gid)):
            order = "".join(keys[i] for i in perm)
            blocks = "\n\n".join(f"### Response {lab}\n{resps[i]['text']}" for lab, i in zip(fmt.labels, perm))
            slots = {
                "instruction": resps[0]["instruction"],
                "responses": blocks,
                "k": str(k),
                "label_list": _label_list(fmt.labels),
            }
            meta = {
                "request": "listwise",
                "order": order,
                "k": k,
                "labels": list(fmt.labels),
                "quality_slots": [resps[i]["quality"] for i in perm],
                "len_slots": [len(resps[i]["text"]) for i in perm],
            }
            request = judge.request(fmt, slots, meta)  # the judge's own rendering (chat template, system)
            row = {
                "judge": judge.name,
                "judge_family": judge.family,
                "probe": "listwise",
                "suite": suite,
                "item_id": f"group-{gid}",
                "group": gid,
                "variant": f"listwise:r{rot}",
                "mode": "listwise",
                "order": order,
                "k": k,
                "label": None,
                "slot_order": [resps[i]["model"] for i in perm],
                "models": [r["model"] for r in resps],
                "families": [r["family"] for r in resps],
                "lens": [len(r["text"]) for r in resps],
                "instruction": resps[0]["instruction"],
            }
            tasks.append(
                Task(
                    row=row,
                    requests=(request,),
                    reads="listwise",
                    read=partial(read_listwise, fmt, order, [r["model"] for r in resps]),
                )
            )
    return tasks


def read_listwise(fmt: PromptFormat, order: str, models: list[str | None], results: list[Result]) -> Verdict:
    """Verdict fields of a listwise row: the chosen slot, response key and model (None when unreadable).

    Logprob mode: the likeliest label among the k (``p_slots`` their normalised probabilities); generate
    mode: the format's parser over the k labels. Like the pairwise reading, a failure is counted, never
    guessed.
    """
    result = results[0]
    labels = fmt.labels
    out: Verdict = {
        "winner": None,
        "chosen_slot": None,
        "chosen_model": None,
        "p_slots": None,
        "raw": result.text or "",
    }
    if result.error:
        out["raw"] = f"[backend error] {result.error}"
        return out
    slot: int | None = None
    if result.choice_logprobs is not None:
        lps = [result.choice_logprobs[lab] for lab in labels]
        top = max(lps)
        weights = [math.exp(v - top) for v in lps]
        out["p_slots"] = [w / sum(weights) for w in weights]
        slot = lps.index(top) if lps.count(top) == 1 else None  # an exact tie between slots names no slot
        out["raw"] = json.dumps({"logprobs": result.choice_logprobs, **result.extra}, sort_keys=True)
    elif result.text is not None:
        parsed = parsers.get(fmt.parser)(result.text, labels)
        slot = labels.index(parsed) if parsed in labels else None
    if slot is not None:
        key = order[slot]
        out.update({"winner": key, "chosen_slot": slot + 1, "chosen_model": models[ord(key) - ord("a")]})
    return out
