"""The judgeaudit command line: one module per verb, registered on one click group."""

from __future__ import annotations

import sys

import click

from judgeaudit import __version__
from judgeaudit.errors import JudgeAuditError


class Group(click.Group):
    """Shows JudgeAuditError as a plain message with exit code 2 (usage / input error); Ctrl-C exits 130.

    130 (128 + SIGINT) is what a shell reports for an interrupted command, so CI can tell an
    interrupted ``vet`` from one whose check failed (1); what was judged is already in the cache.
    """

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except JudgeAuditError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("\ninterrupted: nothing more was written; judgments already made are in the cache", err=True)
            sys.exit(130)


@click.group(cls=Group, context_settings={"auto_envvar_prefix": "JUDGEAUDIT", "help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="judgeaudit")
def main() -> None:
    """Audit LLM judges for position, verbosity, self-preference and score-vs-rank biases."""


def _register() -> None:
    from judgeaudit.cli import (
        analyze,
        batch,
        compare,
        generate,
        import_,
        leaderboard,
        listing,
        probe,
        report,
        scores,
        vet,
    )

    for module in (probe, analyze, vet, report, compare, leaderboard, scores, listing, import_, generate, batch):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
