"""Position probe: every pair judged in both orders (response a first, then b first)."""

from __future__ import annotations

from typing import Any

from judgeaudit.items import Item
from judgeaudit.probes.base import Task, pair_tasks, probe


@probe("position")
def position(judge: Any, items: list[Item], *, suite: str, repeats: int = 1, **_: Any) -> list[Task]:
    """Both orders of each item; with ``repeats`` > 1 (sampling judges) each order k times."""
    tasks: list[Task] = []
    for item in items:
        if repeats == 1:
            tasks += pair_tasks(judge, item, probe_name="position", suite=suite)
        else:
            for k in range(repeats):
                tasks += pair_tasks(judge, item, probe_name="position", suite=suite, repeat=k)
    return tasks
