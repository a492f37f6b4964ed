"""Score-vs-rank probe: the same pair judged pairwise (both orders) and each response scored alone."""

from __future__ import annotations

from judgeaudit.contracts.items import Item
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.base import Task, pair_tasks, probe, score_tasks


@probe("score_vs_rank")
def score_vs_rank(judge: Judge, items: list[Item], *, suite: str) -> list[Task]:
    tasks: list[Task] = []
    for item in items:
        tasks += pair_tasks(judge, item, probe_name="score_vs_rank", suite=suite)
        tasks += score_tasks(judge, item, probe_name="score_vs_rank", suite=suite)
    return tasks
