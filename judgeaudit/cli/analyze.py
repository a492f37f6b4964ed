"""``judgeaudit analyze``: metrics and report from judgments alone, no model."""

from __future__ import annotations

from pathlib import Path

import click

from judgeaudit.cli.echo import echo_duplicates, echo_skipped
from judgeaudit.cli.options import family_flags, jury_option
from judgeaudit.cli.summary import print_summary
from judgeaudit.datasets.families import family_options


@click.command("analyze")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write metrics.json and report.html (default: the run directory, or beside the file).",
)
@click.option("--judge-family", default=None, help="Family of the judge (for self-preference), if not in the rows.")
@family_flags
@jury_option
@click.option(
    "--judge",
    "judge_names",
    multiple=True,
    metavar="NAME",
    help="With several judges in the judgments: audit only this one (repeatable). The others' verdicts "
    "still serve as third-party judges for self-preference.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Bootstrap seed.")
@click.option("--mde", type=float, default=None, help="Also say how many pairs detect this effect at 80% power.")
def analyze_cmd(
    path: Path,
    out: Path | None,
    judge_family: str | None,
    seed: int,
    mde: float | None,
    family_values: tuple[str, ...],
    family_files: tuple[str, ...],
    judge_names: tuple[str, ...],
    juries: dict[str, list[str]] | None,
) -> None:
    """Recompute metrics.json and report.html from a judgments.jsonl or a run directory."""
    from judgeaudit import analyze  # deferred: `judgeaudit --help` loads no verb

    fam = family_options(family_values, family_files)
    outcome = analyze(
        path,
        out,
        judge_family=judge_family or fam.judge_family,
        seed=seed,
        mde=mde,
        family_rules=fam.rules,
        judges=list(judge_names) or None,
        juries=juries,
    )
    echo_skipped(outcome.problems)
    echo_duplicates(outcome.n_duplicates, len(outcome.rows))
    print_summary(outcome.manifest.to_json(), outcome.metrics, outcome.run_dir)


COMMANDS = [analyze_cmd]
