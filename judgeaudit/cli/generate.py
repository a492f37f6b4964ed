"""``judgeaudit generate``: responses of a local model for a suite's instructions, with model and family."""

from __future__ import annotations

import json
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
@click.option("--limit", type=int, default=None)
@click.option("--max-tokens", type=int, default=256, show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Responses JSONL to write.")
@click.option("--data-dir", default=None)
def generate_cmd(
    model_name: str, suite_name: str, limit: int | None, max_tokens: int, out: Path, data_dir: str | None
) -> None:
    """Write one response per instruction: {id, instruction, output, generator, family}."""
    from tqdm import tqdm

    from judgeaudit.backends.base import Request
    from judgeaudit.judges import load_judge
    from judgeaudit.suites import get_suite, load_suite_items

    if suite_name in ("mt_bench", "vicuna_bench"):  # questions only: nothing to pair until answers exist
        from judgeaudit.datasets.mt_bench import load_questions

        questions = load_questions(data_dir, bench=suite_name)
        instructions = [q["instruction"] for q in questions][:limit]
        name = suite_name
    else:
        suite = get_suite(suite_name)
        items = load_suite_items(suite, data_dir=data_dir, limit=limit)
        instructions = list(dict.fromkeys(it.instruction for it in items))
        name = suite.name
    judge = load_judge(model_name)
    chat = judge.spec.chat_template != "none"
    reqs = [
        Request(
            kind="generate",
            max_tokens=max_tokens,
            **({"messages": (("user", q),)} if chat else {"prompt": f"Question: {q}\nAnswer:"}),
        )
        for q in instructions
    ]
    bar = tqdm(total=len(reqs), unit="response")
    results = judge.backend.run(reqs, on_result=lambda i, r: bar.update(1))
    bar.close()
    with out.open("w", encoding="utf-8") as fh:
        for i, (q, res) in enumerate(zip(instructions, results)):
            fh.write(
                json.dumps(
                    {
                        "id": f"{name}-{i}",
                        "instruction": q,
                        "output": (res.text or "").strip(),
                        "generator": judge.name,
                        "family": judge.family,
                        "error": res.error,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    click.echo(f"wrote {len(results)} responses of {judge.name} ({judge.family}) to {out}")


COMMANDS = [generate_cmd]
