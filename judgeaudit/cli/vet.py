"""``judgeaudit vet``: a pass/fail gate on a policy's thresholds (exit 0 pass, 1 fail, 2 input error)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from judgeaudit.cli.options import judge_options
from judgeaudit.errors import JudgeAuditError
from judgeaudit.judges.options import JudgeOptions
from judgeaudit.outcomes import VET_MAX_ERROR_SHARE


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
@click.option("--limit", type=click.IntRange(min=1), default=None, help="With --judge: items per suite.")
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
    family_rules: dict[str, str],
    policy_path: str,
    suite_names: tuple[str, ...],
    limit: int | None,
    max_error_share: float,
    strict: bool,
    as_json: bool,
) -> None:
    """Gate RUN_DIR (or a fresh audit of --judge) on a policy."""
    from judgeaudit.panel import is_multi, judges_of, select
    from judgeaudit.rundir import RunDir
    from judgeaudit.vet import load_policy

    policy = load_policy(policy_path)
    if run_dir is None:
        from judgeaudit.cli.probe import echo_err
        from judgeaudit.cli.summary import print_summary
        from judgeaudit.run import probe_run

        out = Path("reports") / f"vet-{judge.name.replace('/', '_').replace(':', '_')}"
        outcome = probe_run(
            judge,
            suite_names,
            limit=limit,
            out=out,
            echo=echo_err,
            family_rules=family_rules,
            max_error_share=max_error_share,
        )
        print_summary(outcome.manifest.to_json(), outcome.metrics, out)
        run_dir = out
    metrics = RunDir(run_dir).metrics()
    if is_multi(metrics):
        named = click.get_current_context().get_parameter_source("judge_name") == ParameterSource.COMMANDLINE
        judges = select(judges_of(metrics), [judge.name] if named else [], str(run_dir))
        sys.exit(_vet_judges(judges, policy, str(policy_path), strict, as_json, run_dir))
    results, code, verdict, no_evidence = _gate(metrics, policy, strict)
    if no_evidence and not strict:
        raise JudgeAuditError(f"{run_dir}: no evidence to vet: {no_evidence}")
    if as_json:
        click.echo(
            json.dumps(
                {
                    "policy": str(policy_path),
                    "strict": strict,
                    "exit_code": code,
                    "overall": verdict,
                    "no_evidence": no_evidence,
                    "checks": [r.to_dict() for r in results],
                },
                indent=2,
            )
        )
    else:
        for r in results:
            click.echo(r.describe())
        click.echo(
            f"\n{verdict}: {sum(r.status == 'PASS' for r in results)}/{len(results)} checks pass"
            + (f" ({no_evidence})" if no_evidence else "")
        )
    sys.exit(code)


def _gate(metrics: dict[str, Any], policy: Any, strict: bool) -> tuple[list[Any], int, str, str | None]:
    """One judge's checks, exit code, overall verdict and, when the run is no evidence, why.

    A run with no evidence never passes (see vet_evidence.py): under ``--strict`` it is
    INCONCLUSIVE and fails; without it the caller exits 2.
    """
    from judgeaudit.vet import evaluate, exit_code, overall
    from judgeaudit.vet_evidence import missing_evidence

    results = evaluate(metrics, policy)
    no_evidence = missing_evidence(metrics, [r.status for r in results])
    if no_evidence:
        return results, 1, "INCONCLUSIVE", no_evidence
    return results, exit_code(results, strict=strict), overall(results, strict), None


def _vet_judges(
    judges: dict[str, Any], policy: Any, policy_name: str, strict: bool, as_json: bool, run_dir: Path
) -> int:
    """Gate every judge of a multi-judge run; the exit code is the worst judge's, and failing judges are named."""
    report: dict[str, Any] = {}
    for name, metrics in judges.items():
        results, code, verdict, no_evidence = _gate(metrics, policy, strict)
        report[name] = {"results": results, "exit_code": code, "overall": verdict, "no_evidence": no_evidence}
    empty = {j: r["no_evidence"] for j, r in report.items() if r["no_evidence"]}
    if empty and not strict:
        raise JudgeAuditError(
            f"{run_dir}: no evidence to vet for judge {', '.join(empty)}: {next(iter(empty.values()))}"
        )
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
                            "no_evidence": r["no_evidence"],
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
