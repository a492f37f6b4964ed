"""Judging items with probes in a test: plan and execute, no run directory written."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from judgeaudit.contracts.items import Item
from judgeaudit.contracts.judgments import Judgment
from judgeaudit.contracts.manifest import Counters
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.suites import ProbeSpec, Suite
from judgeaudit.runner.cache import JudgmentCache
from judgeaudit.runner.execute import execute
from judgeaudit.runner.executors import Executor
from judgeaudit.runner.plan import SuiteWork, plan


def judge_items(
    judge: Judge,
    items: list[Item],
    *probes: str | ProbeSpec,
    cache: JudgmentCache | None = None,
    executor: Executor | None = None,
    max_tokens: int | None = None,
    suite: str = "t",
) -> tuple[list[Judgment], Counters]:
    """The rows and runner counters of ``probes`` (default: position) run by ``judge`` on ``items``.

    ``max_tokens`` caps every request's generation (a few tokens check the bookkeeping of a slow judge).
    """
    specs = [p if isinstance(p, ProbeSpec) else ProbeSpec(p) for p in probes or ("position",)]
    work = SuiteWork(
        Suite(suite, 1, Path(f"{suite}.yaml"), data={"file": f"{suite}.jsonl"}, probes=tuple(specs)), items, specs
    )
    the_plan = plan(judge, [work])
    if max_tokens is not None:
        for task in the_plan.tasks:
            task.requests = tuple(dataclasses.replace(r, max_tokens=max_tokens) for r in task.requests)
    return execute(judge, the_plan, cache, executor=executor)
