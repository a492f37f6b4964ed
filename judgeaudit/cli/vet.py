"""``judgeaudit vet``: a pass/fail gate on a policy's thresholds (exit 0 pass, 1 fail, 2 input error)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from judgeaudit.cli.options import judge_options
from judgeaudit.judges.options import JudgeOptions


@click.command("vet")
@click.argument("run_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@judge_options
@click.option(
    "--policy",
    "policy_path",
    default="default",
    show_default=True,
    help="Policy .yaml, or a shipped policy name (default, strict).",
)
@click.option("--suite", "suite_names", multiple=True, help="With --judge: suites to run (default: starter).")
@click.option("--limit", type=int, default=None)
@click.option("--strict", is_flag=True, help="Inconclusive or skipped checks fail too.")
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
def vet_cmd(
    run_dir: Path | None,
    judge: JudgeOptions,
    family_rules: dict[str, str],
    policy_path: str,
    suite_names: tuple[str, ...],
    limit: int | None,
    strict: bool,
    as_json: bool,
) -> None:
    """Gate RUN_DIR (or a fresh audit of --judge) on a policy."""
    from judgeaudit.panel import is_multi, judges_of, select
    from judgeaudit.rundir import RunDir
    from judgeaudit.vet import evaluate, exit_code, load_policy, overall

    policy = load_policy(policy_path)
    if run_dir is None:
        from judgeaudit.cli.probe import echo_err
        from judgeaudit.cli.summary import print_summary
        from judgeaudit.run import probe_run

        out = Path("reports") / f"vet-{judge.name.replace('/', '_').replace(':', '_')}"
        outcome = probe_run(judge, suite_names, limit=limit, out=out, echo=echo_err, family_rules=family_rules)
        print_summary(outcome.manifest.to_json(), outcome.metrics, out)
        run_dir = out
    metrics = RunDir(run_dir).metrics()
    if is_multi(metrics):
        named = click.get_current_context().get_parameter_source("judge_name") == ParameterSource.COMMANDLINE
        judges = select(judges_of(metrics), [judge.name] if named else [], str(run_dir))
        sys.exit(_vet_judges(judges, policy, str(policy_path), strict, as_json))
    results = evaluate(metrics, policy)
    code = exit_code(results, strict=strict)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "policy": str(policy_path),
                    "strict": strict,
                    "exit_code": code,
                    "overall": overall(results, strict),
                    "checks": [r.to_dict() for r in results],
                },
                indent=2,
            )
        )
    else:
        for r in results:
            click.echo(r.describe())
        click.echo(
            f"\n{overall(results, strict)}: {sum(r.status == 'PASS' for r in results)}/{len(results)} checks pass"
        )
    sys.exit(code)


def _vet_judges(judges: dict[str, Any], policy: Any, policy_name: str, strict: bool, as_json: bool) -> int:
    """Gate every judge of a multi-judge run; the exit code is the worst judge's, and failing judges are named."""
    from judgeaudit.vet import evaluate, exit_code, overall

    report: dict[str, Any] = {}
    for name, metrics in judges.items():
        results = evaluate(metrics, policy)
        report[name] = {
            "results": results,
            "exit_code": exit_code(results, strict=strict),
            "overall": overall(results, strict),
        }
    code = max(r["exit_code"] for r in report.values())
    failing = [j for j, r in report.items() if r["exit_code"]]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "policy": policy_name,
                    "strict": strict,
                    "exit_code": code,
                    "failing_judges": failing,
                    "judges": {
                        j: {
                            "exit_code": r["exit_code"],
                            "overall": r["overall"],
                            "checks": [c.to_dict() for c in r["results"]],
                        }
                        for j, r in report.items()
                    },
                },
                indent=2,
            )
        )
        return code
    for name, r in report.items():
        click.echo(f"== {name}")
        for c in r["results"]:
            click.echo(c.describe())
        passed = sum(c.status == "PASS" for c in r["results"])
        click.echo(f"{name}: {r['overall']}: {passed}/{len(r['results'])} checks pass\n")
    click.echo(f"FAIL: {', '.join(failing)}" if failing else f"no judge fails ({len(report)} gated)")
    return code


COMMANDS = [vet_cmd]
