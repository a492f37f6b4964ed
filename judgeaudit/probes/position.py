"""Position probe: every pair judged in both orders (response a first, then b first)."""

from __future__ import annotations

from judgeaudit.contracts.items import Item
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.base import Task, pair_tasks, probe

SAMPLING_TEMPERATURE = 0.7  # a common chat sampling setting; a suite may set its own


@probe("position")
def position(
    judge: Judge, items: list[Item], *, suite: str, repeats: int = 1, temperature: float | None = None
) -> list[Task]:
    """Both orders of each item; with ``repeats`` > 1 each order k times, sampled.

    A repeat is sampled at ``temperature`` (default 0.7) with seed = repeat index, so the k requests
    of one prompt differ and the runner judges each (one seed per repeat, not per item, keeps a
    repeat's requests batchable under one seed). Only generated verdicts are sampled: a logprob judge
    reads the same probabilities every time, so its repeats are one judgment, truthfully stable.
    """
    tasks: list[Task] = []
    temp = (SAMPLING_TEMPERATURE if repeats > 1 else 0.0) if temperature is None else float(temperature)
    for item in items:
        if repeats == 1:
            tasks += pair_tasks(judge, item, probe_name="position", suite=suite, temperature=temp)
        else:
            for k in range(repeats):
                tasks += pair_tasks(judge, item, probe_name="position", suite=suite, repeat=k, temperature=temp, seed=k)
    return tasks
