"""``judgeaudit probe``: run probe suites on a judge and write the run directory.

:func:`probe` is the verb; :func:`run_audit` runs suites already loaded (tests and benchmarks build their
own :class:`~judgeaudit.runner.plan.SuiteWork`).
"""

from __future__ import annotations

import re
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from judgeaudit.contracts.answers import Answer
from judgeaudit.contracts.items import Item
from judgeaudit.contracts.judgments import Judgment, frame_from_rows, is_read, judgment_line
from judgeaudit.contracts.manifest import Manifest, host, utc_now, versions
from judgeaudit.contracts.outcomes import PROBE_MAX_ERROR_SHARE, check_share, tally, without_errors
from judgeaudit.contracts.rundir import DERIVED, JUDGMENTS, MANIFEST, METRICS
from judgeaudit.contracts.rundir_writer import RunDirWriter
from judgeaudit.datasets.hub import remote_data
from judgeaudit.io.files import JSONObject
from judgeaudit.io.redact import redact_text
from judgeaudit.judges.judge import Judge, load_judge
from judgeaudit.judges.options import JudgeOptions
from judgeaudit.probes.suites import ProbeSpec, Suite
from judgeaudit.runner.cache import JudgmentCache
from judgeaudit.runner.execute import ProgressFactory, execute
from judgeaudit.runner.executors import Executor, LocalExecutor
from judgeaudit.runner.plan import SuiteSelection, plan
from judgeaudit.verbs.report import report
from judgeaudit.verbs.run_outcome import RunOutcome


def analyze_rows(rows: list[Judgment], judge_family: str | None, seed: int) -> JSONObject | None:
    """metrics.json of these rows (the statistics load on first use)."""
    from judgeaudit.stats import compute_metrics

    return compute_metrics(frame_from_rows(rows), judge_family=judge_family, seed=seed)


def run_audit(
    judge: Judge,
    work: Sequence[tuple[Suite, Sequence[Item | Answer], Sequence[ProbeSpec]]],
    out_dir: Path,
    *,
    cache: JudgmentCache | None,
    seed: int = 0,
    progress: ProgressFactory | None = None,
    executor: Executor | None = None,
    max_error_share: float = PROBE_MAX_ERROR_SHARE,
) -> RunOutcome:
    """The whole audit: plan, judge (through the cache), write judgments/manifest/metrics/report.

    The run directory is locked from the start (a second writer fails at once, not after hours of
    judging) and left untouched when more than ``max_error_share`` of the judgments failed
    (:class:`~judgeaudit.contracts.outcomes.BackendFailure`, exit 2); failed calls are left out of the metrics.
    """
    started, t0 = utc_now(), time.perf_counter()
    command = redact_text(" ".join(shlex.quote(a) for a in sys.argv))
    with RunDirWriter(out_dir, command=command) as writer:
        the_plan = plan(judge, work)
        rows, counters = execute(judge, the_plan, cache, progress, executor)
        errors = tally((r.get("error") for r in rows), len(rows))
        check_share(errors, max_error_share)
        writer.clear(JUDGMENTS, *DERIVED)  # from here on, no old metrics can stand beside new judgments
        with writer.open_text(JUDGMENTS) as fh:
            fh.writelines(judgment_line(row) for row in rows)
        judge_wall = time.perf_counter() - t0
        answered = without_errors(rows)
        metrics = analyze_rows(answered, judge.family, seed) if answered else None
        if metrics is not None:
            writer.write_json(METRICS, metrics)
        manifest = replace(
            Manifest.from_dict(judge.identity()),
            seed=seed,
            suites=the_plan.suites,
            counters=counters,
            n_judgments=len(rows),
            n_unparsed=sum(1 for r in answered if not is_read(r)),
            started=started,
            finished=utc_now(),
            wall_s=round(time.perf_counter() - t0, 2),
            judge_wall_s=round(judge_wall, 2),
            judgments_per_s=round(counters["cache_misses"] / judge_wall, 3) if judge_wall > 0 else None,
            versions=versions(),
            host=host(),
            command=command,
            cache=str(cache.path) if cache else None,
            problems=[],
            n_backend_errors=errors.n_errors or None,
            backend_errors=errors.to_dict() if errors.n_errors else None,
            executor=(executor or LocalExecutor()).describe(),
            remote_data=remote_data() or None,
        )
        writer.write_json(MANIFEST, manifest.to_json())
        report(out_dir, writer=writer)
    return RunOutcome(out_dir, rows, manifest, metrics)


def default_run_dir(judge: str) -> Path:
    """``reports/<judge>-<UTC timestamp>``: a new directory per run, so no run overwrites another."""
    stamp = utc_now().replace("-", "").replace(":", "")
    return Path("reports") / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', judge)}-{stamp}"


def open_cache(cache: JudgmentCache | str | Path | bool) -> tuple[JudgmentCache | None, bool]:
    """The cache to use, and whether the caller opened it (and must close it)."""
    if isinstance(cache, JudgmentCache):
        return cache, False
    if cache is False:
        return None, False
    return JudgmentCache(None if cache is True else cache), True


def probe(
    judge: JudgeOptions | Judge | str | None = None,
    suites: SuiteSelection | str | Sequence[str] = (),
    *,
    out: str | Path | None = None,
    cache: JudgmentCache | str | Path | bool = True,
    progress: ProgressFactory | None = None,
    echo: Callable[[str], None] | None = None,
    executor: Executor | None = None,
    max_error_share: float = PROBE_MAX_ERROR_SHARE,
) -> RunOutcome:
    """Run probe suites on a judge and write the run directory (``judgeaudit probe``).

    Args:
        judge: the judge (default: the embedded one): a judge name, options, or a judge already loaded.
        suites: what to judge: a :class:`SuiteSelection` (suites, your own ``data``, probes, limit, seed,
            data directory, family rules), or suite names (default ``starter``).
        out: the run directory; default ``reports/<judge>-<UTC timestamp>``.
        cache: True for the judgment cache (env JUDGEAUDIT_CACHE), a cache or its file, False for none.
        progress: makes a progress bar from the number of model calls to make.
        echo: receives what is loaded and run, as lines for a person.
        executor: where the uncached requests run (:mod:`judgeaudit.runner.executors`); default: this process.
        max_error_share: the share of judgments whose call may fail (server down, prompt over the
            context) before the run stops with :class:`~judgeaudit.contracts.outcomes.BackendFailure`,
            writing nothing.
    """
    say = echo or (lambda _: None)
    selection = SuiteSelection.of(suites)
    work = selection.load()  # before the model loads: a bad suite costs nothing
    if isinstance(judge, Judge):
        loaded = judge
    else:
        options = JudgeOptions(judge) if isinstance(judge, str) else judge or JudgeOptions()
        say(f"judge {redact_text(options.name)}: loading ...")
        loaded = load_judge(options)
    run_dir = Path(out) if out else default_run_dir(loaded.name)
    say(
        f"judge {loaded.name} ({loaded.family}, {loaded.mode} mode) on {sum(len(w.items) for w in work)} items "
        f"from {', '.join(w.suite.name for w in work)}"
    )
    store, opened = open_cache(cache)
    try:
        return run_audit(
            loaded,
            work,
            run_dir,
            cache=store,
            seed=selection.seed,
            progress=progress,
            executor=executor,
            max_error_share=max_error_share,
        )
    finally:
        if opened and store is not None:
            store.close()
