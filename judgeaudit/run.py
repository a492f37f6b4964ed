"""Run an audit: expand probes into tasks, send one deduplicated list to the backend through the
judgment cache, write the run directory (judgments, manifest, metrics, report)."""

from __future__ import annotations

import json
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgeaudit.backends.base import Result
from judgeaudit.cache import JudgmentCache
from judgeaudit.items import Item
from judgeaudit.judges.judge import Judge
from judgeaudit.judgments import frame_from_rows, write_judgments
from judgeaudit.manifest import host, utc_now, versions
from judgeaudit.probes import Task, probes
from judgeaudit.suites import Suite, items_digest

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
            for task in probes.get(spec.name)(judge, items, suite=suite.name, **spec.options):
                r = task.row
                key = (r["item_id"], r["variant"], r["mode"], r.get("order"), r.get("response"), r.get("repeat"))
                if key in seen:  # e.g. the verbosity probe's unpadded pair is the position probe's pair
                    continue
                seen.add(key)
                out.tasks.append(task)
        out.suites.append({"name": suite.name, "version": suite.version, "file": str(suite.path),
                           "sha256": suite.sha256, "data": suite.data_source(), "n_items": len(items),
                           "items_sha256": items_digest(items), "probes": [s.name for s in probe_specs]})
    return out


@dataclass
class RunOutcome:
    run_dir: Path
    rows: list[dict[str, Any]]
    manifest: dict[str, Any]
    metrics: dict[str, Any] | None


def execute(judge: Judge, the_plan: Plan, cache: JudgmentCache | None,
            progress: ProgressFactory | None = None) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Ask the backend for every missing result (unique requests only) and fill the rows."""
    identity = {k: v for k, v in judge.backend.describe().items()
                if k in ("backend", "model_sha256", "dtype", "params", "chat_template")}
    identity["judge"] = judge.name
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
        judge.backend.run([unique[k] for k in todo], on_result=on_result)
    if bar is not None:
        bar.close()
    rows = []
    for task, keys in zip(the_plan.tasks, task_keys):
        got = [results.get(k) or Result(error="no result returned") for k in keys]
        if task.read is not None:  # a probe's own reading: another prompt format, a listwise pick
            verdict = task.read(got)
        elif task.reads == "pairwise":
            verdict = judge.read_pairwise(got, task.row["order"])
        else:
            verdict = judge.read_score(got)
        rows.append({**task.row, **verdict, "prompt_hash": task.requests[0].digest()[:16]})
    counters = {"requests": len(the_plan.tasks), "unique_requests": len(unique), "cache_hits": hits,
                "cache_misses": len(todo), "backend_errors": sum(1 for r in results.values() if r.error)}
    return rows, counters


def analyze_rows(rows: list[dict[str, Any]], judge_family: str | None, seed: int) -> dict[str, Any] | None:
    from judgeaudit.stats import compute_metrics

    return compute_metrics(frame_from_rows(rows), judge_family=judge_family, seed=seed)


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n",
                    encoding="utf-8")


def run_audit(judge: Judge, work: list[tuple[Suite, list[Item], list[Any]]], out_dir: Path, *,
              cache: JudgmentCache | None, seed: int = 0, progress: ProgressFactory | None = None,
              extra_manifest: dict[str, Any] | None = None) -> RunOutcome:
    """The whole audit: plan, judge (through the cache), write judgments/manifest/metrics/report."""
    started, t0 = utc_now(), time.perf_counter()
    the_plan = plan(judge, work)
    rows, counters = execute(judge, the_plan, cache, progress)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_judgments(rows, out_dir / "judgments.jsonl")
    judge_wall = time.perf_counter() - t0
    metrics = analyze_rows(rows, judge.family, seed)
    if metrics is not None:
        write_json(out_dir / "metrics.json", metrics)
    n_unparsed = sum(1 for r in rows if (r["mode"] in ("pairwise", "listwise") and r.get("winner") is None)
                     or (r["mode"] == "score" and r.get("score") is None))
    manifest = {
        **judge.identity(), "seed": seed, "suites": the_plan.suites, "counters": counters,
        "n_judgments": len(rows), "n_unparsed": n_unparsed, "started": started, "finished": utc_now(),
        "wall_s": round(time.perf_counter() - t0, 2), "judge_wall_s": round(judge_wall, 2),
        "judgments_per_s": round(counters["cache_misses"] / judge_wall, 3) if judge_wall > 0 else None,
        "versions": versions(), "host": host(), "command": " ".join(shlex.quote(a) for a in sys.argv),
        "cache": str(cache.path) if cache else None, "problems": [], **(extra_manifest or {}),
    }
    write_json(out_dir / "manifest.json", manifest)
    render(out_dir)
    return RunOutcome(out_dir, rows, manifest, metrics)


def render(run_dir: Path) -> Path | None:
    from judgeaudit.report.html import render_report

    return render_report(run_dir)
