"""Treated and control arms: the shared shape of every probe that perturbs a pair against a placebo.

Each item is judged as it is (``variant`` ``original``), with the treatment (``treated:<id>``) and with
its control, a content-neutral change of the same size in the same place (``control:<id>``), each in
both orders. Rows carry what the statistics (``judgeaudit.stats.perturbations``) pair on:

- ``perturbation``: the treatment's id (``distraction``, ``sentiment_cheerful``, a dataset's own name);
- ``bias``: the probe or bias it belongs to (``sentiment`` for both sentiment treatments);
- ``arm``: ``treated`` or ``control``;
- ``perturb_target``: the answer the bias would favour (``a``/``b``), or null when it has no direction;
- ``perturb_id``: the variant item's id, for dataset-provided perturbations.

The request meta tells the simulated judge where a planted pull points (``perturb_first``: +1 target
shown first, -1 second, 0 in the control arm) and that the pair was edited (``edited``).
"""

from __future__ import annotations

import hashlib
from typing import Any

from judgeaudit.contracts.items import Item
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.base import Task, pair_tasks

ARMS = ("treated", "control")
OTHER = {"a": "b", "b": "a"}


def gold_sides(item: Item) -> tuple[str, str] | None:
    """(better, worse) for a gold-labelled item, None for a tie or no label."""
    if item.label not in ("a", "b"):
        return None
    return item.label, OTHER[item.label]


def seeded_side(item: Item, salt: str) -> str:
    """A balanced, seeded coin per item: ``a`` or ``b``."""
    return "a" if int(hashlib.sha256(f"{salt}|{item.id}".encode()).hexdigest(), 16) % 2 == 0 else "b"


def response(item: Item, side: str) -> str:
    return item.response_a if side == "a" else item.response_b


def with_response(side: str, text: str) -> dict[str, str]:
    """The ``pair_tasks`` keyword that replaces one answer."""
    return {"response_a": text} if side == "a" else {"response_b": text}


def arm_tasks(
    judge: Judge,
    item: Item,
    *,
    probe_name: str,
    suite: str,
    bias: str,
    perturbation: str,
    arm: str,
    target: str | None,
    edit: dict[str, Any],
    format_id: str | None = None,
    perturb_id: str | None = None,
) -> list[Task]:
    """One arm of one perturbation of one item, in both orders.

    Args:
        edit: what the arm shows instead of the item's own text (``response_a``, ``response_b``,
            ``instruction``), as ``pair_tasks`` takes it.
        format_id: another pairwise prompt format for this arm (the chain-of-thought probe).
        perturb_id: the dataset variant's item id (several variants of one item stay apart).
    """
    variant = f"{arm}:{perturbation}" + (f"@{perturb_id}" if perturb_id else "")
    extra: dict[str, Any] = {"bias": bias, "perturbation": perturbation, "arm": arm, "perturb_target": target}
    if perturb_id:
        extra["perturb_id"] = perturb_id
    tasks: list[Task] = []
    for order in ("ab", "ba"):
        first = "a" if order == "ab" else "b"
        pull = 0 if arm == "control" or target is None else (1 if target == first else -1)
        tasks += pair_tasks(
            judge,
            item,
            probe_name=probe_name,
            suite=suite,
            orders=(order,),
            variant=variant,
            extra=extra,
            format_id=format_id,
            meta={"perturb_first": pull, "edited": True},
            **edit,
        )
    return tasks


def treated_and_control(
    judge: Judge,
    item: Item,
    *,
    probe_name: str,
    suite: str,
    bias: str,
    perturbation: str,
    target: str | None,
    treated: dict[str, Any],
    control: dict[str, Any],
    treated_format: str | None = None,
    control_format: str | None = None,
) -> list[Task]:
    """Both arms of one perturbation of one item."""
    common: dict[str, Any] = {
        "probe_name": probe_name,
        "suite": suite,
        "bias": bias,
        "perturbation": perturbation,
        "target": target,
    }
    return [
        *arm_tasks(judge, item, arm="treated", edit=treated, format_id=treated_format, **common),
        *arm_tasks(judge, item, arm="control", edit=control, format_id=control_format, **common),
    ]
