"""``judgeaudit batch export|ingest``: run a judge's missing requests through a provider's batch endpoint.

judgeaudit batch export --judge openai:https://api.openai.com/v1#gpt-4o --suite default --out requests.jsonl
# submit requests.jsonl to the OpenAI Batch API, or: vllm run-batch -i requests.jsonl -o results.jsonl --model M
judgeaudit batch ingest results.jsonl
judgeaudit probe --judge openai:https://api.openai.com/v1#gpt-4o --suite default   # completes from the cache
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from judgeaudit.cli.options import CACHE_OPTION, judge_options, suite_options
from judgeaudit.judges.options import JudgeOptions

if TYPE_CHECKING:
    from judgeaudit.runner.plan import SuiteSelection


@click.group("batch")
def batch_group() -> None:
    """Provider batch files: export the requests the cache lacks, ingest the provider's results."""


@batch_group.command("export")
@judge_options
@suite_options
@CACHE_OPTION
@click.option("--model", default=None, help="The model name each request names (default: the judge's).")
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The OpenAI Batch input file to write.")
def export_cmd(
    judge: JudgeOptions, selection: SuiteSelection, cache_path: str | None, model: str | None, out: str
) -> None:
    """Write the requests that `probe` with the same options would compute, in the OpenAI Batch format."""
    from judgeaudit import batch_export  # deferred: `judgeaudit --help` loads no verb

    n = batch_export(judge, selection, out, cache=cache_path, model=model)
    click.echo(
        f"{n} requests the cache lacks written to {out} (custom_id = cache key); "
        f"after the batch runs: judgeaudit batch ingest RESULTS.jsonl"
    )


@batch_group.command("ingest")
@click.argument("results", type=click.Path(exists=True, dir_okay=False))
@click.option("--cache", "cache_path", default=None, help="Judgment cache file the export used (env JUDGEAUDIT_CACHE).")
def ingest_cmd(results: str, cache_path: str | None) -> None:
    """Load a batch output file (OpenAI Batch API, vllm run-batch) into the judgment cache."""
    from judgeaudit import batch_ingest  # deferred: `judgeaudit --help` loads no verb

    done = batch_ingest(results, cache=cache_path)
    got = done.ingested
    click.echo(
        f"{got.stored} results stored in {done.cache}; {got.failed} failed (not stored: the next "
        f"probe or batch retries them); {got.unknown} not from an export into this cache; "
        f"{done.pending} exported requests still without a result"
    )
    for line in (got.errors or [])[:10]:
        click.echo(f"  {line}", err=True)


COMMANDS = [batch_group]
