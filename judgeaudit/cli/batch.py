"""``judgeaudit batch export|ingest``: run a judge's missing requests through a provider's batch endpoint.

judgeaudit batch export --judge openai:https://api.openai.com/v1#gpt-4o --suite default --out requests.jsonl
# submit requests.jsonl to the OpenAI Batch API, or: vllm run-batch -i requests.jsonl -o results.jsonl --model M
judgeaudit batch ingest results.jsonl
judgeaudit probe --judge openai:https://api.openai.com/v1#gpt-4o --suite default   # completes from the cache
"""

from __future__ import annotations

from pathlib import Path

import click

from judgeaudit.cli.options import judge_options
from judgeaudit.judges.options import JudgeOptions


@click.group("batch")
def batch_group() -> None:
    """Provider batch files: export the requests the cache lacks, ingest the provider's results."""


@batch_group.command("export")
@judge_options
@click.option("--suite", "suite_names", multiple=True, help="As for probe (repeatable). Default: starter.")
@click.option("--data", "data_file", type=click.Path(dir_okay=False), default=None, help="As for probe.")
@click.option("--probe", "probe_names", multiple=True, help="As for probe.")
@click.option("--limit", type=int, default=None, help="As for probe.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--data-dir", default=None, help="As for probe.")
@click.option("--cache", "cache_path", default=None, help="Judgment cache file (env JUDGEAUDIT_CACHE).")
@click.option("--model", default=None, help="The model name each request names (default: the judge's).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The OpenAI Batch input file to write.")
def export_cmd(
    judge: JudgeOptions,
    family_rules: dict[str, str],
    suite_names: tuple[str, ...],
    data_file: str | None,
    probe_names: tuple[str, ...],
    limit: int | None,
    seed: int,
    data_dir: str | None,
    cache_path: str | None,
    model: str | None,
    out: str,
) -> None:
    """Write the requests that `probe` with the same options would compute, in the OpenAI Batch format."""
    from judgeaudit.batchfiles import export
    from judgeaudit.cache import JudgmentCache
    from judgeaudit.judges import load_judge
    from judgeaudit.run import _work, plan

    work = _work(list(suite_names), data_file, probe_names, limit, seed, data_dir, family_rules)  # as probe's
    loaded = load_judge(judge)
    cache = JudgmentCache(cache_path)
    try:
        n = export(loaded, plan(loaded, work).tasks, cache, Path(out), model)
    finally:
        cache.close()
    click.echo(
        f"{n} requests the cache lacks written to {out} (custom_id = cache key); "
        f"after the batch runs: judgeaudit batch ingest RESULTS.jsonl"
    )


@batch_group.command("ingest")
@click.argument("results", type=click.Path(exists=True, dir_okay=False))
@click.option("--cache", "cache_path", default=None, help="Judgment cache file the export used (env JUDGEAUDIT_CACHE).")
def ingest_cmd(results: str, cache_path: str | None) -> None:
    """Load a batch output file (OpenAI Batch API, vllm run-batch) into the judgment cache."""
    from judgeaudit.batchfiles import ingest, pending
    from judgeaudit.cache import JudgmentCache

    cache = JudgmentCache(cache_path)
    try:
        report = ingest(Path(results), cache)
        left = pending(cache)
    finally:
        cache.close()
    click.echo(
        f"{report.stored} results stored in {cache.path}; {report.failed} failed (not stored: the next "
        f"probe or batch retries them); {report.unknown} not from an export into this cache; "
        f"{left} exported requests still without a result"
    )
    for line in (report.errors or [])[:10]:
        click.echo(f"  {line}", err=True)


COMMANDS = [batch_group]
