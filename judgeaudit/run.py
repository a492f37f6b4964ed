"""Run an audit: expand probes into tasks, send one deduplicated list to the backend through the
judgment cache, write the run directory (judgments, manifest, metrics, report).

:func:`probe_run` is ``judgeaudit probe`` as a function; :func:`run_audit` runs suites already loaded.
"""

from __future__ import annotations

import re
import shlex
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from judgeaudit.backends.base import Result
from judgeaudit.cache import JudgmentCache
from judgeaudit.cache_identity import cache_identity
from judgeaudit.datasets.hub import remote_data
from judgeaudit.errors import InputError
from judgeaudit.executors import Executor, LocalExecutor
from judgeaudit.items import Item, load_items
from judgeaudit.jsonfile import write_json  # noqa: F401 - re-exported (public API)
from judgeaudit.judges.judge import Judge, load_judge
from judgeaudit.judges.options import JudgeOptions
from judgeaudit.judgments import Judgment, frame_from_rows, is_read, judgment_key, judgment_line
from judgeaudit.manifest import Manifest, host, utc_now, versions
from judgeaudit.outcomes import PROBE_MAX_ERROR_SHARE, check_share, tally, without_errors
from judgeaudit.probes import Task
from judgeaudit.probes import probes as probe_registry
from judgeaudit.probes.texts import text_files
from judgeaudit.redact import redact_text
from judgeaudit.rundir_writer import DERIVED, JUDGMENTS, MANIFEST, METRICS, REPORT, RunDirWriter
from judgeaudit.suites import ProbeSpec, Suite, expand, items_digest, load_suite_items

__all__ = ["Plan", "RunOutcome", "execute", "plan", "probe_run", "render", "run_audit", "write_json"]

ProgressFactory = Callable[[int], Any]


@dataclass
class Plan:
    """Everything one run will ask the judge, before anything is asked."""

    tasks: list[Task] = field(default_factory=list)
    suites: list[dict[str, Any]] = field(default_factory=list)


def plan(judge: Judge, work: list[tuple[Suite, list[Item], list[Any]]]) -> Plan:
    """Expand (suite, items, probe specs) into tasks; each (item, variant, order) once per suite."""
    out = Plan()
    for suite, items, probe_specs in work:
        seen: set[tuple[Any, ...]] = set()
        for spec in probe_specs:
            for task in probe_registry.get(spec.name)(judge, items, suite=suite.name, **spec.options):
                key = judgment_key(task.row)
                if key in seen:  # e.g. the verbosity probe's unpadded pair is the position probe's pair
                    continue
                seen.add(key)
                out.tasks.append(task)
        entry = {
            "name": suite.name,
            "version": suite.version,
            "file": str(suite.path),
            "sha256": suite.sha256,
            "data": suite.data_source(),
            "n_items": len(items),
            "items_sha256": items_digest(items),
            "probes": [s.name for s in probe_specs],
        }
        # the wording a probe inserted is part of what was measured: its files' hashes, where a probe has any
        texts = {f: h for s in probe_specs for f, h in text_files(s.name, s.options).items()}
        if texts:
            entry["texts"] = texts
        out.suites.append(entry)
    return out


@dataclass
class RunOutcome:
    """What a verb wrote: the run directory, its judgments, manifest and metrics (None when not analyzed).

    ``problems``: judgment rows left out when reading them back; ``skipped``: source rows an import
    could not read. Each names its file, line and field. ``n_duplicates``: identical copies of a judgment.
    """

    run_dir: Path
    rows: list[Judgment]
    manifest: Manifest
    metrics: dict[str, Any] | None
    problems: list[InputError] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)
    n_duplicates: int = 0  # rows repeating an earlier row's judgment with the same verdict (counted once)


def execute(
    judge: Judge,
    the_plan: Plan,
    cache: JudgmentCache | None,
    progress: ProgressFactory | None = None,
    executor: Executor | None = None,
) -> tuple[list[Judgment], dict[str, int]]:
    """Ask the backend for every missing result (unique requests only) and fill the rows."""
    identity = cache_identity(judge)
    task_keys = [[JudgmentCache.key(identity, r) for r in t.requests] for t in the_plan.tasks]
    unique: dict[str, Any] = {}
    for task, keys in zip(the_plan.tasks, task_keys):
        for key, req in zip(keys, task.requests):
            unique.setdefault(key, req)
    results: dict[str, Result] = cache.get_many(list(unique)) if cache else {}
    hits = len(results)
    todo = [k for k in unique if k not in results]
    bar = progress(len(todo)) if progress and todo else None

    def on_result(j: int, res: Result) -> None:
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
    counters = {
        "requests": len(the_plan.tasks),
        "unique_requests": len(unique),
        "cache_hits": hits,
        "cache_misses": len(todo),
        "backend_errors": sum(1 for e in failed if e),
    }
    return rows, counters


def analyze_rows(rows: list[Judgment], judge_family: str | None, seed: int) -> dict[str, Any] | None:
    from judgeaudit.stats import compute_metrics

    return compute_metrics(frame_from_rows(rows), judge_family=judge_family, seed=seed)


def run_audit(
    judge: Judge,
    work: list[tuple[Suite, list[Item], list[Any]]],
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
    (:class:`~judgeaudit.outcomes.BackendFailure`, exit 2); failed calls are left out of the metrics.
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
        render(out_dir, writer)
    return RunOutcome(out_dir, rows, manifest, metrics)


def render(run_dir: Path, writer: RunDirWriter | None = None, policy: Any = None) -> Path:
    """Write report.html of ``run_dir`` (verdict cards on ``policy``), atomically under the run's lock."""
    from judgeaudit.report.html import build_context, render_html

    with writer or RunDirWriter(run_dir) as w:
        return w.write_text(REPORT, render_html(build_context(run_dir, policy)))


def default_run_dir(judge: str) -> Path:
    """``reports/<judge>-<UTC timestamp>``: a new directory per run, so no run overwrites another."""
    stamp = utc_now().replace("-", "").replace(":", "")
    return Path("reports") / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', judge)}-{stamp}"


def probe_run(
    judge: JudgeOptions | Judge | None = None,
    suites: str | Sequence[str] = (),
    *,
    data: str | Path | None = None,
    probes: Sequence[str] = (),
    limit: int | None = None,
    out: str | Path | None = None,
    seed: int = 0,
    data_dir: str | Path | None = None,
    cache: JudgmentCache | str | Path | bool = True,
    progress: ProgressFactory | None = None,
    echo: Callable[[str], None] | None = None,
    executor: Executor | None = None,
    family_rules: Mapping[str, str] | None = None,
    max_error_share: float = PROBE_MAX_ERROR_SHARE,
) -> RunOutcome:
    """Run probe suites on a judge and write the run directory (``judgeaudit probe``).

    Args:
        judge: the judge (default: the embedded one), as options or already loaded.
        suites: suite names or .yaml files; default ``starter``, or none when ``data`` is given.
        data: your own pairs (items contract JSONL), run with ``probes`` (default ``position``).
        limit: a seeded, label-balanced sample of this many items per suite.
        out: the run directory; default ``reports/<judge>-<UTC timestamp>``.
        data_dir: where the public datasets are (default: env JUDGEAUDIT_DATA, else ../shared/data).
        cache: True for the judgment cache (env JUDGEAUDIT_CACHE), a cache or its file, False for none.
        progress: makes a progress bar from the number of model calls to make.
        echo: receives what is loaded and run, as lines for a person.
        executor: where the uncached requests run (:mod:`judgeaudit.executors`); default: this process.
        family_rules: ``{name pattern: family}`` before the built-in table, for the answers' models
            (``--family NAME=FAMILY``, ``--families FILE``).
        max_error_share: the share of judgments whose call may fail (server down, prompt over the
            context) before the run stops with :class:`~judgeaudit.outcomes.BackendFailure`, writing nothing.
    """
    say = echo or (lambda _: None)
    names = [suites] if isinstance(suites, str) else list(suites)
    # before the model loads: a bad suite costs nothing
    work = _work(names, data, probes, limit, seed, data_dir, family_rules)
    if isinstance(judge, Judge):
        loaded = judge
    else:
        options = judge or JudgeOptions()
        say(f"judge {redact_text(options.name)}: loading ...")
        loaded = load_judge(options)
    run_dir = Path(out) if out else default_run_dir(loaded.name)
    say(
        f"judge {loaded.name} ({loaded.family}, {loaded.mode} mode) on {sum(len(w[1]) for w in work)} items from "
        f"{', '.join(w[0].name for w in work)}"
    )
    opened = (
        None if isinstance(cache, JudgmentCache) or cache is False else JudgmentCache(None if cache is True else cache)
    )
    try:
        store = cache if isinstance(cache, JudgmentCache) else opened
        return run_audit(
            loaded,
            work,
            run_dir,
            cache=store,
            seed=seed,
            progress=progress,
            executor=executor,
            max_error_share=max_error_share,
        )
    finally:
        if opened is not None:
            opened.close()


def _work(
    suites: list[str],
    data: str | Path | None,
    probe_names: Sequence[str],
    limit: int | None,
    seed: int,
    data_dir: str | Path | None,
    family_rules: Mapping[str, str] | None = None,
) -> list[tuple[Suite, list[Item], list[ProbeSpec]]]:
    """(suite, its items, its probes) for each suite to run; ``data`` becomes a suite of its own.

    Answers' families come from their models where the items do not give them (``family_rules`` first).
    """
    from judgeaudit.datasets.families import fill_item_families

    work: list[tuple[Suite, list[Item], list[ProbeSpec]]] = []
    if data:
        items = load_items(data)
        if limit is not None:
            from judgeaudit.datasets.sampling import sample

            items = sample(items, limit, seed)
        specs = [ProbeSpec(p) for p in (probe_names or ("position",))]
        work.append(
            (
                Suite(
                    name=Path(data).stem,
                    version=1,
                    path=Path(data).resolve(),
                    data={"file": str(data)},
                    probes=tuple(specs),
                ),
                items,
                specs,
            )
        )
    for suite in expand(suites if suites else ([] if data else ["starter"])):
        items = load_suite_items(suite, data_dir=data_dir, limit=limit, seed=seed)
        work.append((suite, items, list(suite.probes)))
    return [(suite, fill_item_families(items, family_rules), specs) for suite, items, specs in work]
