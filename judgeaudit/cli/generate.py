"""``judgeaudit generate``: responses of a local model for a suite's instructions, with model and family."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("generate")
@click.option(
    "--model", "model_name", required=True, help="A registered judge's model (e.g. smollm2-135m) or hf:/gguf:."
)
@click.option(
    "--suite",
    "suite_name",
    required=True,
    help="Suite whose instructions to answer, or mt_bench / vicuna_bench for their questions.",
)
@click.option("--limit", type=click.IntRange(min=1), default=None)
@click.option("--max-tokens", type=click.IntRange(min=1), default=256, show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Responses JSONL to write.")
@click.option("--data-dir", default=None)
def generate_cmd(
    model_name: str, suite_name: str, limit: int | None, max_tokens: int, out: Path, data_dir: str | None
) -> None:
    """Write one response per instruction: {id, instruction, output, generator, family}."""
    from tqdm import tqdm

    from judgeaudit import generate  # deferred: `judgeaudit --help` loads no verb

    bar = tqdm(unit="response")
    done = generate(
        model_name,
        suite_name,
        out,
        limit=limit,
        max_tokens=max_tokens,
        data_dir=data_dir,
        on_result=lambda i, r: bar.update(1),
    )
    bar.close()
    click.echo(f"wrote {done.n} responses of {done.generator} ({done.family}) to {done.path}")


COMMANDS = [generate_cmd]
