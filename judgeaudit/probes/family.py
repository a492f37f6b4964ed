"""Family-mix probe: pairs whose responses come from different model families, both orders.

Run it with two or more judges on the same pairs and ``judgeaudit.stats`` sets each judge's
preference for its own family against the other judges' preference for the same responses.
"""

from __future__ import annotations

from judgeaudit.contracts.items import Item
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.base import Task, pair_tasks, probe


@probe("family")
def family(judge: Judge, items: list[Item], *, suite: str) -> list[Task]:
    tasks: list[Task] = []
    for item in items:
        if item.family_a and item.family_b and item.family_a != item.family_b:
            tasks += pair_tasks(judge, item, probe_name="family", suite=suite)
    return tasks
