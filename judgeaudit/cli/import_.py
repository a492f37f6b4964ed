"""``judgeaudit import``: recorded judgments (MT-Bench, AlpacaEval, LLMBar, ...) into a run directory."""

from __future__ import annotations

import json
from pathlib import Path

import click

from judgeaudit.cli.analyze import echo_duplicates, echo_skipped
from judgeaudit.cli.options import family_flags
from judgeaudit.cli.summary import print_summary


def format_options(mapping: tuple[str, ...], values: tuple[str, ...], extra: tuple[str, ...]) -> dict[str, object]:
    """``--map``, ``--value`` and ``--option`` as the importer's options."""
    options: dict[str, object] = {}
    if mapping:
        options["map"] = dict(_assignment("--map", m, "FIELD=COLUMN") for m in mapping)
    if values:
        vm: dict[str, dict[str, str]] = {}
        for v in values:
            field, sep, rest = v.partition(":")
            raw, eq, val = rest.partition("=")
            if not (sep and eq and field):
                raise click.UsageError(f"--value {v!r}: expected FIELD:RAW=VALUE, e.g. winner:1=a")
            vm.setdefault(field, {})[raw] = val
        options["values"] = vm
    for opt in extra:
        key, raw = _assignment("--option", opt, "KEY=VALUE")
        try:
            options[key] = json.loads(raw)
        except json.JSONDecodeError:
            options[key] = raw
    return options


def _assignment(option: str, text: str, form: str) -> tuple[str, str]:
    """``KEY=VALUE`` split at the first ``=``; anything else is a usage error naming the option (exit 2)."""
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise click.UsageError(f"{option} {text!r}: expected {form}")
    return key, value


@click.command("import")
@click.argument("fmt", metavar="FORMAT")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Run directory to write.")
@click.option("--map", "mapping", multiple=True, help="generic format: FIELD=COLUMN (repeatable).")
@click.option("--value", "values", multiple=True, help="generic format: FIELD:RAW=VALUE, e.g. winner:1=a.")
@click.option(
    "--option",
    "extra",
    multiple=True,
    help='Format-specific option KEY=VALUE (VALUE as JSON where it parses), e.g. round="last" for llmbar.',
)
@click.option(
    "--judge",
    "judge_names",
    multiple=True,
    metavar="NAME",
    help="A source of several judges: analyze only these (repeatable; every judge is imported). A source "
    "of one judge: its name, when the source does not record it or you want another.",
)
@family_flags
@click.option("--no-analyze", is_flag=True, help="Only convert; do not compute metrics and report.")
def import_cmd(
    fmt: str,
    paths: tuple[Path, ...],
    out: Path,
    mapping: tuple[str, ...],
    values: tuple[str, ...],
    extra: tuple[str, ...],
    judge_names: tuple[str, ...],
    family_values: tuple[str, ...],
    family_files: tuple[str, ...],
    no_analyze: bool,
) -> None:
    """Convert recorded judgments in FORMAT to the judgments contract, then analyze them."""
    from judgeaudit.analysis import import_run
    from judgeaudit.datasets.families import family_options

    fam = family_options(family_values, family_files)
    outcome = import_run(
        fmt,
        list(paths),
        out,
        format_options(mapping, values, extra),
        judge=judge_names,
        family=fam.judge_family,
        analyze=not no_analyze,
        family_rules=fam.rules,
    )
    for problem in outcome.skipped[:20]:
        click.echo(f"skipped: {problem}", err=True)
    click.echo(
        f"imported {len(outcome.rows)} judgments from {len(paths)} path(s) into {out / 'judgments.jsonl'}"
        f" ({len(outcome.skipped)} rows skipped)"
    )
    echo_duplicates(outcome.n_duplicates, len(outcome.rows))
    if outcome.metrics is not None:
        echo_skipped(outcome.problems)
        print_summary(outcome.manifest.to_json(), outcome.metrics, outcome.run_dir)


COMMANDS = [import_cmd]
