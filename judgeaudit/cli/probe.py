"""``judgeaudit probe``: run probe suites on a judge and write a run directory."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click

from judgeaudit.cli.options import backend_options, judge_options
from judgeaudit.cli.summary import print_summary
from judgeaudit.manifest import utc_now


def _progress(quiet: bool) -> Any:
    if quiet:
        return None
    from tqdm import tqdm

    return lambda total: tqdm(total=total, unit="judgment", desc="judging", dynamic_ncols=True)


def default_run_dir(judge: str) -> Path:
    stamp = utc_now().replace("-", "").replace(":", "")
    return Path("reports") / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', judge)}-{stamp}"


@click.command("probe")
@judge_options
@click.option("--suite", "suite_names", multiple=True, help="Suite name or .yaml (repeatable). Default: starter.")
@click.option("--data", "data_file", type=click.Path(dir_okay=False), default=None,
              help="Your own pairs (items contract JSONL); run with the suites' probes or --probe.")
@click.option("--probe", "probe_names", multiple=True, help="Probes to run on --data (default: position).")
@click.option("--limit", type=int, default=None, help="Seeded, label-balanced sample of N items per suite.")
@click.option("--out", type=click.Path(file_okay=False), default=None, help="Run directory (default reports/<judge>-<UTC>).")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--data-dir", default=None, help="Where the public datasets are (env JUDGEAUDIT_DATA; default ../shared/data).")
@click.option("--cache", "cache_path", default=None, help="Judgment cache file (env JUDGEAUDIT_CACHE).")
@click.option("--no-cache", is_flag=True, help="Recompute everything; read and write no cache.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def probe_cmd(judge_name: str, family: str | None, mode: str | None, normalize: str | None, backend: str | None,
              dtype: str | None,
              suite_names: tuple[str, ...], data_file: str | None, probe_names: tuple[str, ...], limit: int | None,
              out: str | None, seed: int, data_dir: str | None, cache_path: str | None, no_cache: bool,
              quiet: bool) -> None:
    """Run probe suites on a judge; write judgments, manifest, metrics and report.html."""
    from judgeaudit.cache import JudgmentCache
    from judgeaudit.items import load_items
    from judgeaudit.judges import load_judge
    from judgeaudit.run import run_audit
    from judgeaudit.suites import ProbeSpec, Suite, expand, load_suite_items

    work: list[tuple[Suite, list[Any], list[ProbeSpec]]] = []
    if data_file:
        items = load_items(data_file)
        if limit is not None:
            from judgeaudit.datasets.sampling import sample

            items = sample(items, limit, seed)
        specs = [ProbeSpec(p) for p in (probe_names or ("position",))]
        work.append((Suite(name=Path(data_file).stem, version=1, path=Path(data_file).resolve(),
                           data={"file": str(data_file)}, probes=tuple(specs)), items, specs))
    for suite in expand(list(suite_names) if suite_names else ([] if data_file else ["starter"])):
        items = load_suite_items(suite, data_dir=data_dir, limit=limit, seed=seed)
        work.append((suite, items, list(suite.probes)))
    n_items = sum(len(w[1]) for w in work)
    click.echo(f"judge {judge_name}: loading ...", err=True)
    judge = load_judge(judge_name, family=family, mode=mode, normalize=normalize, backend=backend,
                       options=backend_options(dtype))
    run_dir = Path(out) if out else default_run_dir(judge.name)
    click.echo(f"judge {judge.name} ({judge.family}, {judge.mode} mode) on {n_items} items from "
               f"{', '.join(w[0].name for w in work)}", err=True)
    cache = None if no_cache else JudgmentCache(cache_path)
    outcome = run_audit(judge, work, run_dir, cache=cache, seed=seed, progress=_progress(quiet))
    print_summary(outcome.manifest, outcome.metrics, run_dir)


COMMANDS = [probe_cmd]
