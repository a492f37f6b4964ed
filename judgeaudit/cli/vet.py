"""``judgeaudit vet``: a pass/fail gate on a policy's thresholds (exit 0 pass, 1 fail, 2 input error)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from click.core import ParameterSource

from judgeaudit.cli.echo import echo_err, echo_vet
from judgeaudit.cli.options import judge_options, suite_options
from judgeaudit.cli.summary import print_summary
from judgeaudit.contracts.outcomes import VET_MAX_ERROR_SHARE
from judgeaudit.judges.options import JudgeOptions

if TYPE_CHECKING:
    from judgeaudit.runner.plan import SuiteSelection


@click.command("vet")
@click.argument("run_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@judge_options
@suite_options
@click.option(
    "--policy",
    "policy_path",
    default="default",
    show_default=True,
    help="Policy .yaml, or a shipped policy name (default, strict).",
)
@click.option(
    "--max-error-share",
    type=click.FloatRange(0, 1),
    default=VET_MAX_ERROR_SHARE,
    show_default=True,
    help="With --judge: exit 2 when more than this share of judge calls fail (default: any).",
)
@click.option("--strict", is_flag=True, help="Inconclusive or skipped checks fail too.")
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
def vet_cmd(
    run_dir: Path | None,
    judge: JudgeOptions,
    selection: SuiteSelection,
    policy_path: str,
    max_error_share: float,
    strict: bool,
    as_json: bool,
) -> None:
    """Gate RUN_DIR (or a fresh audit of --judge) on a policy."""
    from judgeaudit import vet  # deferred: `judgeaudit --help` loads no verb

    named = click.get_current_context().get_parameter_source("judge_name") == ParameterSource.COMMANDLINE
    outcome = vet(
        run_dir,
        policy=policy_path,
        judges=[judge.name] if named and run_dir is not None else [],
        strict=strict,
        audit=judge if run_dir is None else None,
        suites=selection,
        max_error_share=max_error_share,
        echo=echo_err,
    )
    if outcome.audit is not None:
        print_summary(outcome.audit.manifest.to_json(), outcome.audit.metrics, outcome.run_dir)
    echo_vet(outcome, as_json)
    sys.exit(outcome.exit_code)


COMMANDS = [vet_cmd]
