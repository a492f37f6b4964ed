"""Refinement awareness: a note that the gold-worse answer was refined from an earlier draft, against a same-length note that it is shown as given.

Texts: ``biases.yaml`` (inserts with ``bias: refinement_aware``); rows and statistics: ``judgeaudit.probes.arms``.
"""

from __future__ import annotations

from judgeaudit.items import Item
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.base import Task, probe
from judgeaudit.probes.bias_texts import BIASES_FILE
from judgeaudit.probes.inserts import insert_tasks
from judgeaudit.probes.texts import declare_texts

declare_texts("refinement_aware", BIASES_FILE)


@probe("refinement_aware")
def refinement_aware(
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
        bias="refinement_aware",
        suite=suite,
        conditions=conditions,
        texts=texts,
        texts_mode=texts_mode,
        include_original=include_original,
    )
