"""``judgeaudit probe``: run probe suites on a judge and write a run directory."""

from __future__ import annotations

from typing import Any

import click

from judgeaudit.cli.executor_options import ScaleOptions, scale_options
from judgeaudit.cli.options import judge_options
from judgeaudit.cli.summary import print_summary
from judgeaudit.judges.options import JudgeOptions
from judgeaudit.outcomes import PROBE_MAX_ERROR_SHARE


def _progress(quiet: bool) -> Any:
    if quiet:
        return None
    from tqdm import tqdm

    return lambda total: tqdm(total=total, unit="judgment", desc="judging", dynamic_ncols=True)


def echo_err(text: str) -> None:
    click.echo(text, err=True)


@click.command("probe")
@judge_options
@click.option("--suite", "suite_names", multiple=True, help="Suite name or .yaml (repeatable). Default: starter.")
@click.option(
    "--data",
    "data_file",
    type=click.Path(dir_okay=False),
    default=None,
    help="Your own pairs (items contract JSONL); run with the suites' probes or --probe.",
)
@click.option("--probe", "probe_names", multiple=True, help="Probes to run on --data (default: position).")
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Seeded, label-balanced sample of N items per suite."
)
@click.option(
    "--out", type=click.Path(file_okay=False), default=None, help="Run directory (default reports/<judge>-<UTC>)."
)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--data-dir", default=None, help="Where the public datasets are (env JUDGEAUDIT_DATA; default ../shared/data)."
)
@click.option("--cache", "cache_path", default=None, help="Judgment cache file (env JUDGEAUDIT_CACHE).")
@click.option("--no-cache", is_flag=True, help="Recompute everything; read and write no cache.")
@click.option(
    "--max-error-share",
    type=click.FloatRange(0, 1),
    default=PROBE_MAX_ERROR_SHARE,
    show_default=True,
    help="Exit 2, writing nothing, when more than this share of judge calls fail (server down, prompt "
    "over the context).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@scale_options
def probe_cmd(
    judge: JudgeOptions,
    family_rules: dict[str, str],
    suite_names: tuple[str, ...],
    data_file: str | None,
    probe_names: tuple[str, ...],
    limit: int | None,
    out: str | None,
    seed: int,
    data_dir: str | None,
    cache_path: str | None,
    no_cache: bool,
    max_error_share: float,
    quiet: bool,
    scale: ScaleOptions,
) -> None:
    """Run probe suites on a judge; write judgments, manifest, metrics and report.html."""
    from judgeaudit.run import probe_run

    judge = scale.judge_options(judge)
    outcome = probe_run(
        judge,
        suite_names,
        data=data_file,
        probes=probe_names,
        limit=limit,
        out=out,
        seed=seed,
        data_dir=data_dir,
        cache=False if no_cache else (cache_path or True),
        progress=_progress(quiet),
        echo=echo_err,
        executor=scale.make(judge),
        family_rules=family_rules,
        max_error_share=max_error_share,
    )
    print_summary(outcome.manifest.to_json(), outcome.metrics, outcome.run_dir)


COMMANDS = [probe_cmd]
