"""``judgeaudit probe``: run probe suites on a judge and write a run directory."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from judgeaudit.cli.echo import echo_err, progress
from judgeaudit.cli.executor_options import ScaleOptions, scale_options
from judgeaudit.cli.options import CACHE_OPTION, judge_options, jury_option, suite_options
from judgeaudit.cli.summary import print_summary
from judgeaudit.contracts.outcomes import PROBE_MAX_ERROR_SHARE
from judgeaudit.judges.options import JudgeOptions

if TYPE_CHECKING:
    from judgeaudit.runner.plan import SuiteSelection


@click.command("probe")
@judge_options
@suite_options
@click.option(
    "--out", type=click.Path(file_okay=False), default=None, help="Run directory (default reports/<judge>-<UTC>)."
)
@CACHE_OPTION
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
@jury_option
@scale_options
def probe_cmd(
    judge: JudgeOptions,
    selection: SuiteSelection,
    out: str | None,
    cache_path: str | None,
    no_cache: bool,
    max_error_share: float,
    quiet: bool,
    juries: dict[str, list[str]] | None,
    scale: ScaleOptions,
) -> None:
    """Run probe suites on a judge; write judgments, manifest, metrics and report.html."""
    from judgeaudit import probe  # deferred: `judgeaudit --help` loads no verb

    judge = scale.judge_options(judge)
    if juries and click.get_current_context().get_parameter_source("judge_name") is ParameterSource.DEFAULT:
        judge = replace(judge, name=next(iter(juries.values()))[0])  # --jury alone: judge only its members
    outcome = probe(
        judge,
        selection,
        out=out,
        cache=False if no_cache else (cache_path or True),
        progress=progress(quiet),
        echo=echo_err,
        executor=scale.make(judge),
        max_error_share=max_error_share,
        juries=juries,
    )
    print_summary(outcome.manifest.to_json(), outcome.metrics, outcome.run_dir)


COMMANDS = [probe_cmd]
