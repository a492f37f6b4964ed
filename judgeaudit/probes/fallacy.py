"""Fallacy oversight: the gold-better answer with a fallacious justification, against the same answer with a sound one of the same length. A judge that notices the fallacy moves its verdict away from it; one that overlooks it does not (read ``target_shift``: below 0 is the good direction).

Texts: ``biases.yaml`` (inserts with ``bias: fallacy_oversight``); rows and statistics: ``judgeaudit.probes.arms``.
"""

from __future__ import annotations

from judgeaudit.items import Item
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.base import Task, probe
from judgeaudit.probes.bias_texts import BIASES_FILE
from judgeaudit.probes.inserts import insert_tasks
from judgeaudit.probes.texts import declare_texts

declare_texts("fallacy_oversight", BIASES_FILE)


@probe("fallacy_oversight")
def fallacy_oversight(
    judge: Judge,
    items: list[Item],
    *,
    suite: str,
    conditions: list[str] | None = None,
    texts: str | None = None,
    texts_mode: str = "replace",
    include_original: bool = True,
) -> list[Task]:
    """The original pair, and per condition the treated and the control pair, each in both orders.

    Args:
        judge: any judge.
        items: the pairs.
        suite: the suite name recorded in each row.
        conditions: insert ids to run (default: every insert of this bias).
        texts: a texts file of the shape of ``biases.yaml`` (a suite gives it relative to itself).
        texts_mode: ``replace`` the packaged texts with it, or ``extend`` them.
        include_original: judge the unedited pair too (what robustness and flips are measured against).
    """
    return insert_tasks(
        judge,
        items,
        bias="fallacy_oversight",
        suite=suite,
        conditions=conditions,
        texts=texts,
        texts_mode=texts_mode,
        include_original=include_original,
    )
