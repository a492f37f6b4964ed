"""``judgeaudit import``: recorded judgments (MT-Bench, AlpacaEval, LLMBar, ...) into a run directory."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("import")
@click.argument("fmt", metavar="FORMAT")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Run directory to write.")
@click.option("--map", "mapping", multiple=True, help="generic format: FIELD=COLUMN (repeatable).")
@click.option("--value", "values", multiple=True, help="generic format: FIELD:RAW=VALUE, e.g. winner:1=a.")
@click.option("--option", "extra", multiple=True,
              help="Format-specific option KEY=VALUE (VALUE as JSON where it parses), e.g. round=\"last\" for llmbar.")
@click.option("--judge", "judge_name", default=None, help="Judge name when the source does not record it.")
@click.option("--family", default=None, help="Judge family override.")
@click.option("--no-analyze", is_flag=True, help="Only convert; do not compute metrics and report.")
@click.pass_context
def import_cmd(ctx: click.Context, fmt: str, paths: tuple[Path, ...], out: Path, mapping: tuple[str, ...],
               values: tuple[str, ...], extra: tuple[str, ...], judge_name: str | None, family: str | None,
               no_analyze: bool) -> None:
    """Convert recorded judgments in FORMAT to the judgments contract, then analyze them."""
    from judgeaudit.importers import import_judgments
    from judgeaudit.judgments import write_judgments
    from judgeaudit.manifest import utc_now, versions
    from judgeaudit.run import write_json

    options: dict[str, object] = {}
    if mapping:
        options["map"] = dict(m.split("=", 1) for m in mapping)
    if values:
        vm: dict[str, dict[str, str]] = {}
        for v in values:
            field, _, rest = v.partition(":")
            raw, _, val = rest.partition("=")
            vm.setdefault(field, {})[raw] = val
        options["values"] = vm
    for opt in extra:
        key, sep, raw = opt.partition("=")
        if not sep:
            raise click.UsageError(f"--option {opt!r}: expected KEY=VALUE")
        try:
            options[key] = json.loads(raw)
        except json.JSONDecodeError:
            options[key] = raw
    if judge_name:
        options["judge"] = judge_name
    if family:
        options["judge_family"] = family
    result = import_judgments(fmt, list(paths), options)
    for problem in result.skipped[:20]:
        click.echo(f"skipped: {problem}", err=True)
    out.mkdir(parents=True, exist_ok=True)
    write_judgments(result.rows, out / "judgments.jsonl")
    judges = result.judges
    write_json(out / "manifest.json", {
        "judge": ", ".join(sorted(judges)) or judge_name, "judge_family": (family or (
            next(iter(judges.values())) if len(judges) == 1 else None)),
        "mode": "recorded", "backend": {"backend": f"import:{fmt}"}, "sources": result.sources,
        "n_judgments": len(result.rows), "n_skipped": len(result.skipped),
        "problems": [str(p) for p in result.skipped], "imported": utc_now(), "versions": versions()})
    click.echo(f"imported {len(result.rows)} judgments from {len(paths)} path(s) into {out / 'judgments.jsonl'}"
               f" ({len(result.skipped)} rows skipped)")
    if not no_analyze and result.rows:
        from judgeaudit.cli.analyze import analyze_cmd

        ctx.invoke(analyze_cmd, path=out, out=None, judge_family=family, seed=0, mde=None)


COMMANDS = [import_cmd]
