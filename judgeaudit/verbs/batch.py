"""``judgeaudit batch export|ingest``: a judge's missing requests through a provider's batch endpoint.

``batch_export`` writes the requests a probe with the same options would compute and the cache lacks
(OpenAI Batch format, ``custom_id`` = the cache key); ``batch_ingest`` stores the provider's results in
the cache, after which the same ``probe`` completes from it. The file formats: :mod:`judgeaudit.runner.batchfiles`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from judgeaudit.judges.judge import Judge, load_judge
from judgeaudit.judges.options import JudgeOptions
from judgeaudit.runner.batchfiles import Ingested, export, ingest, pending
from judgeaudit.runner.cache import JudgmentCache
from judgeaudit.runner.plan import SuiteSelection, plan


def batch_export(
    judge: JudgeOptions | Judge,
    suites: SuiteSelection | str | Sequence[str],
    out: str | Path,
    *,
    cache: str | Path | None = None,
    model: str | None = None,
) -> int:
    """Write the requests ``probe`` with these options would compute and the cache lacks; returns how many.

    Args:
        cache: the judgment cache file (default: env JUDGEAUDIT_CACHE).
        model: the model name each request names (default: the judge's).
    """
    work = SuiteSelection.of(suites).load()  # checked before the model loads, as probe does
    loaded = judge if isinstance(judge, Judge) else load_judge(judge)
    store = JudgmentCache(cache)
    try:
        return export(loaded, plan(loaded, work).tasks, store, Path(out), model)
    finally:
        store.close()


@dataclass
class IngestOutcome:
    """What ``batch_ingest`` stored, and how many exported requests still have no result."""

    ingested: Ingested
    pending: int
    cache: Path


def batch_ingest(results: str | Path, *, cache: str | Path | None = None) -> IngestOutcome:
    """Store a batch output file's results (OpenAI Batch API, ``vllm run-batch``) in the judgment cache."""
    store = JudgmentCache(cache)
    try:
        report = ingest(Path(results), store)
        left = pending(store)
    finally:
        store.close()
    return IngestOutcome(report, left, store.path)
