"""Compassion fade: model names shown beside both answers, against anonymous labels of the same length.

CALM's compassion-fade bias: a judge that is told who wrote an answer may grade the name, not the answer.
Conditions (names: ``biases.yaml``, ``names``):

- ``famous_on_worse``: a well-known model's name on the gold-worse answer, a little-known one's on the
  better (the bias would favour the worse answer);
- ``famous_on_better``: the same names swapped (the bias would favour the better answer);
- ``real``: the items' own ``model_a``/``model_b`` names, where both are recorded and differ (no direction
  is assumed: a name effect shows as verdicts that change, ``change_excess``).

The control of every condition shows an anonymous label in the same place; where a name and the label
differ in length, the shorter is padded with spaces, so both arms show answers of the same length.
"""

from __future__ import annotations

import hashlib
from typing import Any

from judgeaudit.contracts.items import Item
from judgeaudit.errors import JudgeAuditError
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.arms import OTHER, gold_sides, treated_and_control
from judgeaudit.probes.base import Task, pair_tasks, probe
from judgeaudit.probes.bias_texts import BIASES_FILE, SLOT, BiasTexts, bias_texts
from judgeaudit.probes.texts import check_mode, declare_texts

CONDITIONS = ("famous_on_worse", "famous_on_better", "real")
declare_texts("compassion_fade", BIASES_FILE)


def labelled(t: BiasTexts, name: str, text: str, width: int) -> str:
    """The answer shown under a name (padded to ``width``); the name is filled in before the answer."""
    return t.template.replace("{name}", name.ljust(width)).replace(SLOT, text, 1)


def _names(item: Item, condition: str, t: BiasTexts) -> tuple[dict[str, str], dict[str, str], str | None] | None:
    """(name per answer, anonymous label per answer, target) for one condition, or None if it does not apply."""
    if condition == "real":
        if not item.model_a or not item.model_b or item.model_a == item.model_b:
            return None
        return {"a": item.model_a, "b": item.model_b}, {"a": t.anonymous, "b": t.anonymous}, None
    sides = gold_sides(item)
    if sides is None:
        return None
    better, worse = sides
    pair = t.pairs[int(hashlib.sha256(f"names|{item.id}".encode()).hexdigest()[:8], 16) % len(t.pairs)]
    famous = worse if condition == "famous_on_worse" else better
    return {famous: pair.famous, OTHER[famous]: pair.plain}, {"a": pair.anonymous, "b": pair.anonymous}, famous


@probe("compassion_fade")
def compassion_fade(
    judge: Judge,
    items: list[Item],
    *,
    suite: str,
    conditions: list[str] | None = None,
    texts: str | None = None,
    texts_mode: str = "replace",
    include_original: bool = True,
) -> list[Task]:
    """The original pair, and per condition the named and the anonymous pair, each in both orders.

    Args:
        judge: any judge.
        items: the pairs.
        suite: the suite name recorded in each row.
        conditions: of ``famous_on_worse``, ``famous_on_better``, ``real`` (default: all three).
        texts: a texts file of the shape of ``biases.yaml`` with a ``names`` section.
        texts_mode: ``replace`` the packaged texts with it, or ``extend`` them.
        include_original: judge the unlabelled pair too.
    """
    check_mode("compassion_fade", texts, texts_mode)
    chosen = list(conditions or CONDITIONS)
    unknown = [c for c in chosen if c not in CONDITIONS]
    if unknown:
        raise JudgeAuditError(
            f"compassion_fade probe: unknown condition(s) {', '.join(unknown)}; known: {', '.join(CONDITIONS)}"
        )
    t = bias_texts(texts, texts_mode)
    if not t.pairs:
        raise JudgeAuditError("compassion_fade probe: the texts hold no names section")
    tasks: list[Task] = []
    for item in items:
        arms: list[Task] = []
        for condition in chosen:
            got = _names(item, condition, t)
            if got is None:
                continue
            names, anonymous, target = got
            treated: dict[str, Any] = {}
            control: dict[str, Any] = {}
            for side, text in (("a", item.response_a), ("b", item.response_b)):
                width = max(len(names[side]), len(anonymous[side]))
                treated[f"response_{side}"] = labelled(t, names[side], text, width)
                control[f"response_{side}"] = labelled(t, anonymous[side], text, width)
            arms += treated_and_control(
                judge,
                item,
                probe_name="compassion_fade",
                suite=suite,
                bias="compassion_fade",
                perturbation=f"compassion_fade_{condition}",
                target=target,
                treated=treated,
                control=control,
            )
        if arms and include_original:
            tasks += pair_tasks(judge, item, probe_name="compassion_fade", suite=suite)
        tasks += arms
    return tasks
