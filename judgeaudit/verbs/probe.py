"""``judgeaudit probe``: run probe suites on a judge and write the run directory.

:func:`probe` is the verb; :func:`run_audit` runs suites already loaded (tests and benchmarks build their
own :class:`~judgeaudit.runner.plan.SuiteWork`).
"""

from __future__ import annotations

import re
import shlex
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import cast

from judgeaudit.contracts.answers import Answer
from judgeaudit.contracts.items import Item
from judgeaudit.contracts.judgments import Judgment, frame_from_rows, is_read, judgment_line
from judgeaudit.contracts.manifest import Counters, Manifest, SuiteRecord, host, utc_now, versions
from judgeaudit.contracts.outcomes import PROBE_MAX_ERROR_SHARE, check_share, tally, without_errors
from judgeaudit.contracts.rundir import DERIVED, JUDGMENTS, MANIFEST, METRICS
from judgeaudit.contracts.rundir_writer import RunDirWriter
from judgeaudit.datasets.hub import remote_data
from judgeaudit.io.files import JSONObject, JSONValue
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


def analyze_rows(
    rows: list[Judgment], judge_family: str | None, seed: int, juries: Mapping[str, Sequence[str]] | None = None
) -> JSONObject | None:
    """metrics.json of these rows (the statistics load on first use)."""
    from judgeaudit.stats import compute_metrics

    return compute_metrics(frame_from_rows(rows), judge_family=judge_family, seed=seed, juries=juries or None)


def _judge_all(
    panel: Sequence[Judge],
    work: Sequence[tuple[Suite, Sequence[Item | Answer], Sequence[ProbeSpec]]],
    cache: JudgmentCache | None,
    progress: ProgressFactory | None,
    executor: Executor | None,
) -> tuple[list[Judgment], Counters, list[SuiteRecord]]:
    """Every judge's rows on the same work, one judge after the other; counters summed over the judges."""
    rows: list[Judgment] = []
    total: Counter[str] = Counter()
    suites: list[SuiteRecord] = []
    for judge in panel:
        the_plan = plan(judge, work)
        got, counters = execute(judge, the_plan, cache, progress, executor)
        rows.extend(got)
        total.update(counters)
        suites = suites or the_plan.suites
    if len(panel) == 1:
        return rows, counters, suites
    return rows, cast(Counters, {k: total[k] for k in counters}), suites


def _identity(panel: Sequence[Judge]) -> Manifest:
    """The manifest's judge fields: the judge's identity, or for several the names and each one's identity."""
    if len(panel) == 1:
        return Manifest.from_dict(panel[0].identity())
    modes = {j.mode for j in panel}
    return Manifest(
        judge=", ".join(j.name for j in panel),
        mode=modes.pop() if len(modes) == 1 else None,
        extra={"judges": [cast(JSONValue, j.identity()) for j in panel]},
    )


def run_audit(
    judge: Judge | Sequence[Judge],
    work: Sequence[tuple[Suite, Sequence[Item | Answer], Sequence[ProbeSpec]]],
    out_dir: Path,
    *,
    cache: JudgmentCache | None,
    seed: int = 0,
    progress: ProgressFactory | None = None,
    executor: Executor | None = None,
    max_error_share: float = PROBE_MAX_ERROR_SHARE,
    juries: Mapping[str, Sequence[str]] | None = None,
) -> RunOutcome:
    """The whole audit: plan, judge (through the cache), write judgments/manifest/metrics/report.

    The run directory is locked from the start (a second writer fails at once, not after hours of
    judging) and left untouched when more than ``max_error_share`` of the judgments failed
    (:class:`~judgeaudit.contracts.outcomes.BackendFailure`, exit 2); failed calls are left out of the metrics.
    Several judges (a jury's members) are judged one after the other into the one run, and each jury in
    ``juries`` is audited beside them as a virtual judge.
    """
    panel = [judge] if isinstance(judge, Judge) else list(judge)
    started, t0 = utc_now(), time.perf_counter()
    command = redact_text(" ".join(shlex.quote(a) for a in sys.argv))
    with RunDirWriter(out_dir, command=command) as writer:
        rows, counters, suites = _judge_all(panel, work, cache, progress, executor)
        errors = tally((r.get("error") for r in rows), len(rows))
        check_share(errors, max_error_share)
        writer.clear(JUDGMENTS, *DERIVED)  # from here on, no old metrics can stand beside new judgments
        with writer.open_text(JUDGMENTS) as fh:
            fh.writelines(judgment_line(row) for row in rows)
        judge_wall = time.perf_counter() - t0
        answered = without_errors(rows)
        metrics = analyze_rows(answered, panel[0].family, seed, juries) if answered else None
        if metrics is not None:
            writer.write_json(METRICS, metrics)
        manifest = replace(
            _identity(panel),
            seed=seed,
            suites=suites,
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
            juries={k: list(v) for k, v in juries.items()} if juries else None,
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
    juries: Mapping[str, Sequence[str]] | None = None,
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
        juries: ``{name: [member judges]}`` (``--jury NAME=J1,J2``): every member is judged too, after ``judge``
            (each built with ``judge``'s options but its own name and family), and each jury is audited as one more judge
            (majority verdict, mean score), its report saying how it compares with its members.
    """
    say = echo or (lambda _: None)
    selection = SuiteSelection.of(suites)
    work = selection.load()  # before the model loads: a bad suite costs nothing
    options = JudgeOptions(judge) if isinstance(judge, str) else judge if isinstance(judge, JudgeOptions) else None
    template = options or JudgeOptions()
    if isinstance(judge, Judge):
        loaded = judge
    else:
        say(f"judge {redact_text(template.name)}: loading ...")
        loaded = load_judge(template)
    panel = {template.name: loaded, loaded.name: loaded}
    for member in dict.fromkeys(m for ms in (juries or {}).values() for m in ms):
        if member not in panel:
            say(f"judge {redact_text(member)}: loading ...")
            panel[member] = load_judge(replace(template, name=member, family=None))
    judges = list({id(j): j for j in panel.values()}.values())
    named = {k: [panel[m].name for m in ms] for k, ms in juries.items()} if juries else None
    run_dir = Path(out) if out else default_run_dir(named and next(iter(named)) or loaded.name)
    for one in judges:
        say(
            f"judge {one.name} ({one.family}, {one.mode} mode) on {sum(len(w.items) for w in work)} items "
            f"from {', '.join(w.suite.name for w in work)}"
        )
    store, opened = open_cache(cache)
    try:
        return run_audit(
            judges,
            work,
            run_dir,
            cache=store,
            seed=selection.seed,
            progress=progress,
            executor=executor,
            max_error_share=max_error_share,
            juries=named,
        )
    finally:
        if opened and store is not None:
            store.close()
