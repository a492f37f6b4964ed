"""From a plan to judgment rows: the one place that asks a backend, through the judgment cache.

Each unique request is computed once (position and verbosity probes share their unpadded pair), looked
up in the cache first, sent to the executor otherwise; a call that returned nothing is kept as its own
outcome (``error``), never read as a verdict; so is a result whose log-probabilities are not finite
numbers (:func:`judgeaudit.backends.base.checked`), whichever backend or batch file it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, cast

from judgeaudit.backends.base import Request, Result, checked
from judgeaudit.contracts.judgments import Judgment
from judgeaudit.contracts.manifest import Counters
from judgeaudit.judges.judge import Judge
from judgeaudit.runner.cache import JudgmentCache
from judgeaudit.runner.cache_identity import cache_identity
from judgeaudit.runner.executors import Executor, LocalExecutor
from judgeaudit.runner.plan import Plan


class ProgressBar(Protocol):
    """What a progress bar must do (tqdm's interface)."""

    def update(self, n: int = 1) -> object: ...

    def close(self) -> None: ...


ProgressFactory = Callable[[int], ProgressBar]


def execute(
    judge: Judge,
    the_plan: Plan,
    cache: JudgmentCache | None,
    progress: ProgressFactory | None = None,
    executor: Executor | None = None,
) -> tuple[list[Judgment], Counters]:
    """Ask the backend for every missing result (unique requests only) and fill the rows."""
    identity = cache_identity(judge)
    task_keys = [[JudgmentCache.key(identity, r) for r in t.requests] for t in the_plan.tasks]
    unique: dict[str, Request] = {}
    for task, keys in zip(the_plan.tasks, task_keys):
        for key, req in zip(keys, task.requests):
            unique.setdefault(key, req)
    # a cached result that holds no finite number (written by an older version) is computed again
    cached = cache.get_many(list(unique)) if cache else {}
    results: dict[str, Result] = {k: r for k, r in cached.items() if checked(r) is r}
    hits = len(results)
    todo = [k for k in unique if k not in results]
    bar = progress(len(todo)) if progress and todo else None

    def on_result(j: int, res: Result) -> None:
        res = checked(res)  # a non-finite log-probability is a failed call, never a verdict (nor cached)
        results[todo[j]] = res
        if cache:
            cache.put(todo[j], res)
        if bar is not None:
            bar.update(1)

    if todo:
        (executor or LocalExecutor()).run(judge, [unique[k] for k in todo], on_result)
    if bar is not None:
        bar.close()
    rows: list[Judgment] = []
    for task, keys in zip(the_plan.tasks, task_keys):
        got = [results.get(k) or Result(error="no result returned") for k in keys]
        if task.read is not None:  # a probe's own reading: another prompt format, a listwise pick
            verdict = task.read(got)
        elif task.reads == "pairwise":
            verdict = judge.read_pairwise(got, task.row["order"])
        else:
            verdict = judge.read_score(got)
        row = cast(Judgment, {**task.row, **verdict, "prompt_hash": task.requests[0].digest()[:16]})
        error = next((r.error for r in got if r.error), None)
        if error is not None:  # no answer at all: its own outcome, not an unreadable verdict
            row["error"] = error
        rows.append(row)
    failed = [results[k].error if k in results else "no result returned" for k in unique]
    counters: Counters = {
        "requests": len(the_plan.tasks),
        "unique_requests": len(unique),
        "cache_hits": hits,
        "cache_misses": len(todo),
        "backend_errors": sum(1 for e in failed if e),
    }
    return rows, counters
