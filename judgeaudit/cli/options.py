"""Options shared by several verbs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from judgeaudit.judges.options import DEFAULT_JUDGE, JudgeOptions

_JUDGE_PARAMS = ("judge_name", "family", "mode", "normalize", "backend", "dtype")


Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def family_option(dest: str) -> Decorator:
    """``--family [NAME=]FAMILY`` (repeatable), read by ``datasets.families.family_options``."""
    return click.option(
        "--family",
        dest,
        multiple=True,
        metavar="[NAME=]FAMILY",
        help="FAMILY: the judge's family; NAME=FAMILY: the family of any model or judge whose name contains "
        "NAME (repeatable), before the built-in table.",
    )


FAMILIES_OPTION: Decorator = click.option(
    "--families",
    "family_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A families file (the built-in table's format: rules of pattern and family), read before the table.",
)


def family_flags(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--family`` and ``--families``, handed to the command as ``family_values`` and ``family_files``."""
    return family_option("family_values")(FAMILIES_OPTION(f))


def judge_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """The judge options (``--judge``, ``--family``, ``--mode``, ...), handed to the command as ``judge: JudgeOptions``
    and ``family_rules`` (the ``--family NAME=FAMILY`` and ``--families`` rules for answers' models)."""

    @functools.wraps(f)
    def command(*args: Any, **kwargs: Any) -> Any:
        from judgeaudit.datasets.families import family_options

        name, family, mode, normalize, backend, dtype = (kwargs.pop(p) for p in _JUDGE_PARAMS)
        fam = family_options(family, kwargs.pop("family_files"))
        return f(
            *args,
            judge=JudgeOptions(name, fam.judge_family, mode, normalize, backend, dtype),
            family_rules=fam.rules,
            **kwargs,
        )

    options: list[Decorator] = [
        click.option(
            "--judge",
            "judge_name",
            default=DEFAULT_JUDGE,
            show_default=True,
            help="Registered judge, a judge .yaml, hf:PATH_OR_ID, gguf:FILE or openai:BASE_URL#MODEL.",
        ),
        family_option("family"),
        FAMILIES_OPTION,
        click.option(
            "--mode",
            type=click.Choice(["logprob", "generate", "likelihood"]),
            default=None,
            help="logprob: one forward pass, verdict-token probabilities; generate: the judge's own output, parsed; likelihood: score each response by its log-probability.",
        ),
        click.option(
            "--normalize",
            type=click.Choice(["mean", "sum", "pmi"]),
            default=None,
            help="Likelihood mode: score a response by its mean token log-probability (leans long), the sum (leans short), or pmi (sum given the instruction minus sum without it). Default: the judge's own.",
        ),
        click.option(
            "--backend",
            default=None,
            help="Override the judge's backend (transformers, llamacpp, vllm, openai, simulated).",
        ),
        click.option("--dtype", default=None, help="Model dtype (float32 default: reproducible; bfloat16: faster)."),
    ]
    decorated: Callable[..., Any] = command
    for opt in reversed(options):
        decorated = opt(decorated)
    return decorated


_SUITE_PARAMS = ("suite_names", "data_file", "probe_names", "limit", "seed", "data_dir")


def suite_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--suite``, ``--data``, ``--probe``, ``--limit``, ``--seed`` and ``--data-dir``, handed to the command
    as ``selection: SuiteSelection`` (with the ``family_rules`` of :func:`judge_options`, applied above it)."""

    @functools.wraps(f)
    def command(*args: Any, **kwargs: Any) -> Any:
        from judgeaudit.runner.plan import SuiteSelection

        suites, data, probes, limit, seed, data_dir = (kwargs.pop(p) for p in _SUITE_PARAMS)
        selection = SuiteSelection(
            tuple(suites), data, tuple(probes), limit, seed, data_dir, dict(kwargs.pop("family_rules", None) or {})
        )
        return f(*args, selection=selection, **kwargs)

    options: list[Decorator] = [
        click.option(
            "--suite", "suite_names", multiple=True, help="Suite name or .yaml (repeatable). Default: starter."
        ),
        click.option(
            "--data",
            "data_file",
            type=click.Path(dir_okay=False),
            default=None,
            help="Your own pairs (items contract JSONL); run with the suites' probes or --probe.",
        ),
        click.option(
            "--probe",
            "probe_names",
            multiple=True,
            help="Probes to run on --data (default: position; grader_known for single answers).",
        ),
        click.option(
            "--limit",
            type=click.IntRange(min=1),
            default=None,
            help="Seeded, label-balanced sample of N items per suite.",
        ),
        click.option("--seed", type=int, default=0, show_default=True),
        click.option(
            "--data-dir",
            default=None,
            help="Where the public datasets are (env JUDGEAUDIT_DATA; default ../shared/data).",
        ),
    ]
    decorated: Callable[..., Any] = command
    for opt in reversed(options):
        decorated = opt(decorated)
    return decorated


CACHE_OPTION: Decorator = click.option(
    "--cache", "cache_path", default=None, help="Judgment cache file (env JUDGEAUDIT_CACHE)."
)


def _juries(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict[str, list[str]] | None:
    from judgeaudit.stats.jury import parse_jury  # deferred: `--help` loads no statistics

    out: dict[str, list[str]] = {}
    for text in values:
        try:
            name, members = parse_jury(text)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
        out[name] = members
    return out or None


jury_option = click.option(
    "--jury",
    "juries",
    multiple=True,
    metavar="NAME=J1,J2,...",
    callback=_juries,
    help="Also audit a jury of these judges as one virtual judge: the majority verdict (a declared tie when "
    "split evenly), the mean score (repeatable).",
)
