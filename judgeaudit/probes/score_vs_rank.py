"""Score-vs-rank probe: the same pair judged pairwise (both orders) and each response scored alone."""

from __future__ import annotations

from typing import Any

from judgeaudit.items import Item
from judgeaudit.probes.base import Task, pair_tasks, probe, score_tasks


@probe("score_vs_rank")
def score_vs_rank(judge: Any, items: list[Item], *, suite: str, **_: Any) -> list[Task]:
    tasks: list[Task] = []
    for item in items:
        tasks += pair_tasks(judge, item, probe_name="score_vs_rank", suite=suite)
        tasks += score_tasks(judge, item, probe_name="score_vs_rank", suite=suite)
    return tasks
