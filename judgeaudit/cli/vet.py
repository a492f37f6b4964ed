"""``judgeaudit vet``: a pass/fail gate on a policy's thresholds (exit 0 pass, 1 fail, 2 input error)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from judgeaudit.cli.options import judge_options


@click.command("vet")
@click.argument("run_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@judge_options
@click.option("--policy", "policy_path", default="default", show_default=True,
              help="Policy .yaml, or a shipped policy name (default, strict).")
@click.option("--suite", "suite_names", multiple=True, help="With --judge: suites to run (default: starter).")
@click.option("--limit", type=int, default=None)
@click.option("--strict", is_flag=True, help="Inconclusive or skipped checks fail too.")
@click.option("--json", "as_json", is_flag=True, help="Print the checks as JSON.")
@click.pass_context
def vet_cmd(ctx: click.Context, run_dir: Path | None, judge_name: str, family: str | None, mode: str | None,
            normalize: str | None, backend: str | None, dtype: str | None, policy_path: str,
            suite_names: tuple[str, ...], limit: int | None, strict: bool, as_json: bool) -> None:
    """Gate RUN_DIR (or a fresh audit of --judge) on a policy."""
    from judgeaudit.vet import evaluate, exit_code, load_policy, overall

    policy = load_policy(policy_path)
    if run_dir is None:
        from judgeaudit.cli.probe import probe_cmd

        out = Path("reports") / f"vet-{judge_name.replace('/', '_').replace(':', '_')}"
        ctx.invoke(probe_cmd, judge_name=judge_name, family=family, mode=mode, normalize=normalize, backend=backend, dtype=dtype,
                   suite_names=suite_names, data_file=None, probe_names=(), limit=limit, out=str(out), seed=0,
                   data_dir=None, cache_path=None, no_cache=False, quiet=True)
        run_dir = out
    metrics_file = run_dir / "metrics.json"
    if not metrics_file.exists():
        click.echo(f"error: {metrics_file} not found (run judgeaudit analyze first)", err=True)
        sys.exit(2)
    try:
        metrics = json.loads(metrics_file.read_text())
    except json.JSONDecodeError as exc:
        click.echo(f"error: {metrics_file}:{exc.lineno}: not valid JSON ({exc.msg})", err=True)
        sys.exit(2)
    results = evaluate(metrics, policy)
    code = exit_code(results, strict=strict)
    if as_json:
        click.echo(json.dumps({"policy": str(policy_path), "strict": strict, "exit_code": code,
                               "overall": overall(results, strict),
                               "checks": [r.to_dict() for r in results]}, indent=2))
    else:
        for r in results:
            click.echo(r.describe())
        click.echo(f"\n{overall(results, strict)}: {sum(r.status == 'PASS' for r in results)}/{len(results)} checks pass")
    sys.exit(code)


COMMANDS = [vet_cmd]
