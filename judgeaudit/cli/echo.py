"""What the verbs print besides the summary table: progress, rows left out, duplicates, vet verdicts."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from judgeaudit.errors import InputError

if TYPE_CHECKING:
    from judgeaudit.runner.execute import ProgressFactory
    from judgeaudit.verbs.vet import VetOutcome


def echo_err(text: str) -> None:
    click.echo(text, err=True)


def progress(quiet: bool) -> ProgressFactory | None:
    """A tqdm bar per run (none with ``-q``)."""
    if quiet:
        return None
    from tqdm import tqdm

    return lambda total: tqdm(total=total, unit="judgment", desc="judging", dynamic_ncols=True)


def echo_skipped(problems: list[InputError]) -> None:
    """The rows left out, the first twenty of them, on stderr."""
    for problem in problems[:20]:
        click.echo(f"skipped: {problem}", err=True)
    if len(problems) > 20:
        click.echo(f"skipped: ... and {len(problems) - 20} more", err=True)


def echo_duplicates(n_duplicates: int, n_rows: int) -> None:
    """How many rows were identical copies of an earlier judgment (each judgment counts once)."""
    if n_duplicates:
        click.echo(
            f"duplicates: {n_duplicates} rows repeat an earlier row's judgment with the same verdict; each "
            f"judgment is counted once ({n_rows - n_duplicates} of {n_rows} rows)"
        )


def echo_vet(outcome: VetOutcome, as_json: bool) -> None:
    """Each judge's checks and verdict (or the JSON of :meth:`VetOutcome.to_dict`)."""
    if as_json:
        click.echo(json.dumps(outcome.to_dict(), indent=2))
        return
    if not outcome.multi:
        v = outcome.verdicts[0]
        for r in v.results:
            click.echo(r.describe())
        why = f" ({v.no_evidence})" if v.no_evidence else ""
        click.echo(f"\n{v.overall}: {v.n_pass}/{len(v.results)} checks pass{why}")
        click.echo(f"rule: {outcome.fail_rule}")
        return
    for v in outcome.verdicts:
        click.echo(f"== {v.name}")
        for r in v.results:
            click.echo(r.describe())
        click.echo(f"{v.name}: {v.overall}: {v.n_pass}/{len(v.results)} checks pass\n")
    failing = outcome.failing
    click.echo(f"rule: {outcome.fail_rule}")
    click.echo(f"FAIL: {', '.join(failing)}" if failing else f"no judge fails ({len(outcome.verdicts)} gated)")
