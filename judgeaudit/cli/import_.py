"""``judgeaudit import``: recorded judgments (MT-Bench, AlpacaEval, LLMBar, ...) into a run directory."""

from __future__ import annotations

from pathlib import Path

import click

from judgeaudit.cli.echo import echo_duplicates, echo_skipped
from judgeaudit.cli.import_options import format_flags
from judgeaudit.cli.options import family_flags, jury_option
from judgeaudit.cli.summary import print_summary
from judgeaudit.datasets.families import family_options


@click.command("import")
@click.argument("fmt", metavar="FORMAT")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Run directory to write.")
@format_flags
@click.option(
    "--judge",
    "judge_names",
    multiple=True,
    metavar="NAME",
    help="A source of several judges: analyze only these (repeatable; every judge is imported). A source "
    "of one judge: its name, when the source does not record it or you want another.",
)
@family_flags
@jury_option
@click.option("--no-analyze", is_flag=True, help="Only convert; do not compute metrics and report.")
def import_cmd(
    fmt: str,
    paths: tuple[Path, ...],
    out: Path,
    options: dict[str, object],
    judge_names: tuple[str, ...],
    family_values: tuple[str, ...],
    family_files: tuple[str, ...],
    no_analyze: bool,
    juries: dict[str, list[str]] | None,
) -> None:
    """Convert recorded judgments in FORMAT to the judgments contract, then analyze them."""
    from judgeaudit import import_  # deferred: `judgeaudit --help` loads no verb

    fam = family_options(family_values, family_files)
    outcome = import_(
        fmt,
        list(paths),
        out,
        options,
        judge=judge_names,
        family=fam.judge_family,
        analyze=not no_analyze,
        family_rules=fam.rules,
        juries=juries,
    )
    for problem in outcome.skipped[:20]:
        click.echo(f"skipped: {problem}", err=True)
    n = len(outcome.rows)
    click.echo(
        f"imported {n} judgments from {len(paths)} path(s) into {out / 'judgments.jsonl'} ({len(outcome.skipped)} rows skipped)"
    )
    echo_duplicates(outcome.n_duplicates, n)
    if outcome.metrics is not None:
        echo_skipped(outcome.problems)
        print_summary(outcome.manifest.to_json(), outcome.metrics, outcome.run_dir)


COMMANDS = [import_cmd]
