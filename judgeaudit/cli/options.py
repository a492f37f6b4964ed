"""Options shared by several verbs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click


def judge_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for opt in reversed([
        click.option("--judge", "judge_name", default="smollm2-135m", show_default=True,
                     help="Registered judge, a judge .yaml, hf:PATH_OR_ID, gguf:FILE or openai:BASE_URL#MODEL."),
        click.option("--family", default=None, help="Declare the judge's model family (ad-hoc judges)."),
        click.option("--mode", type=click.Choice(["logprob", "generate", "likelihood"]), default=None,
                     help="logprob: one forward pass, verdict-token probabilities; generate: the judge's own output, parsed; likelihood: score each response by its log-probability."),
        click.option("--normalize", type=click.Choice(["mean", "sum", "pmi"]), default=None,
                     help="Likelihood mode: score a response by its mean token log-probability (leans long), the sum (leans short), or pmi (sum given the instruction minus sum without it). Default: the judge's own."),
        click.option("--backend", default=None, help="Override the judge's backend (transformers, llamacpp, vllm, openai, simulated)."),
        click.option("--dtype", default=None, help="Model dtype (float32 default: reproducible; bfloat16: faster)."),
    ]):
        f = opt(f)
    return f


def backend_options(dtype: str | None) -> dict[str, Any]:
    return {"dtype": dtype} if dtype else {}
