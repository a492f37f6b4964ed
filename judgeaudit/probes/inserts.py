"""Probes that put a text around one answer, against an equal-length control text in the same place.

Distraction, fallacy oversight, refinement awareness, sentiment and identity markers are all this one
shape, with different texts (``biases.yaml``, ``inserts``): each insert names the bias it belongs to,
which answer carries it (gold-better, gold-worse, or a seeded coin) and which answer the bias would
favour. Items without a gold label are skipped by inserts that need one.
"""

from __future__ import annotations

from judgeaudit.contracts.items import Item
from judgeaudit.errors import JudgeAuditError
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.arms import OTHER, gold_sides, response, seeded_side, treated_and_control, with_response
from judgeaudit.probes.base import Task, pair_tasks
from judgeaudit.probes.bias_texts import SLOT, Insert, bias_texts
from judgeaudit.probes.texts import check_mode


def chosen_inserts(bias: str, conditions: list[str] | None, texts: str | None, texts_mode: str) -> list[Insert]:
    """The inserts of ``bias`` to run (all of them, or the named ``conditions``)."""
    check_mode(bias, texts, texts_mode)
    known = {i: ins for i, ins in bias_texts(texts, texts_mode).inserts.items() if ins.bias == bias}
    if not known:
        raise JudgeAuditError(f"{bias} probe: the texts hold no insert with bias {bias!r}")
    chosen = list(conditions or known)
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise JudgeAuditError(f"{bias} probe: unknown condition(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return [known[c] for c in chosen]


def edited_side(item: Item, insert: Insert) -> str | None:
    """The answer that carries the insert, or None when the insert needs gold and the item has none."""
    if insert.edit == "random":
        return seeded_side(item, insert.id)
    sides = gold_sides(item)
    if sides is None:
        return None
    return sides[0] if insert.edit == "better" else sides[1]


def insert_tasks(
    judge: Judge,
    items: list[Item],
    *,
    bias: str,
    suite: str,
    conditions: list[str] | None,
    texts: str | None,
    texts_mode: str,
    include_original: bool,
) -> list[Task]:
    """Original, treated and control pairs (both orders) for every insert of ``bias`` on every item."""
    inserts = chosen_inserts(bias, conditions, texts, texts_mode)
    tasks: list[Task] = []
    for item in items:
        arms: list[Task] = []
        for ins in inserts:
            side = edited_side(item, ins)
            if side is None:
                continue
            text, control = ins.pick(item.id)
            shown = response(item, side)
            arms += treated_and_control(
                judge,
                item,
                probe_name=bias,
                suite=suite,
                bias=bias,
                perturbation=ins.id,
                target=side if ins.favours == "edited" else OTHER[side],
                treated=with_response(side, text.replace(SLOT, shown, 1)),
                control=with_response(side, control.replace(SLOT, shown, 1)),
            )
        if arms and include_original:
            tasks += pair_tasks(judge, item, probe_name=bias, suite=suite)
        tasks += arms
    return tasks
