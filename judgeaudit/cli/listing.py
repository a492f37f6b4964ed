"""``judgeaudit judges`` and ``judgeaudit suites``: what is registered and whether it runs here."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from judgeaudit.judges.spec import JudgeSpec


def judge_availability(spec: JudgeSpec) -> tuple[bool, str]:
    from judgeaudit.errors import JudgeAuditError
    from judgeaudit.judges.models import resolve

    backend = spec.backend
    if backend == "simulated":
        return True, "built in"
    need = {"transformers": "torch", "llamacpp": "llama_cpp", "vllm": "vllm", "openai": "httpx"}.get(backend)
    if need and importlib.util.find_spec(need) is None:
        return False, f"backend {backend} needs pip install 'judgeaudit[{backend}]'"
    if backend == "openai":
        return True, f"server {spec.model.get('base_url')}"
    try:
        ref = resolve(spec.model, spec.name)
    except JudgeAuditError as exc:
        return False, str(exc).splitlines()[-1]
    return True, ref.origin


@click.command("judges")
def judges_cmd() -> None:
    """List registered judges, their family and backend, and whether they run on this machine."""
    from judgeaudit.judges.spec import judge_files, load_judge_file

    specs = [load_judge_file(path) for path in dict.fromkeys(judge_files().values())]
    w = max([len("judge"), *(len(spec.name) for spec in specs)]) + 2
    click.echo(f"{'judge':<{w}}{'family':<13}{'backend':<14}{'here?':<7}notes")
    for spec in specs:
        ok, note = judge_availability(spec)
        aliases = f" (alias: {', '.join(spec.aliases)})" if spec.aliases else ""
        template = "" if spec.chat_template == "model" else "; no chat template: completion-style prompt"
        click.echo(
            f"{spec.name:<{w}}{spec.family:<13}{spec.backend:<14}{'yes' if ok else 'no':<7}{note}{template}{aliases}"
        )
    click.echo("\nAd hoc: --judge hf:PATH_OR_ID | gguf:FILE | openai:BASE_URL#MODEL [--family F] | my_judge.yaml")


@click.command("suites")
@click.option("--data-dir", default=None, help="Where the public datasets are (env JUDGEAUDIT_DATA).")
def suites_cmd(data_dir: str | None) -> None:
    """List probe suites, their data source and where that data comes from.

    ``data``: ``here`` (on this machine), ``online`` (fetched from its pinned upstream on first use; needs
    a network), or ``missing`` (neither).
    """
    from judgeaudit.suites import load_suite_file, suite_files

    rows = []
    for name, path in suite_files().items():
        suite = load_suite_file(path)
        if suite.battery:
            rows.append((name, "battery: " + ", ".join(suite.battery), "", ""))
            continue
        names = [p.name for p in suite.probes]
        probes = ", ".join(names) if len(names) <= 3 else f"{', '.join(names[:2])} and {len(names) - 2} more"
        if "file" in suite.data:
            where = "here" if (path.parent / suite.data["file"]).exists() else "missing"
        else:
            where = _dataset_origin(suite.data["dataset"], data_dir)
        rows.append((name, probes, suite.data_source(), where))
    listed = [("suite", "probes", "source", "data"), *(r for r in rows if r[2])]
    widths = [max(len(r[i]) for r in listed) + 2 for i in range(3)]
    click.echo(f"{'suite':<{widths[0]}}{'probes':<{widths[1]}}{'source':<{widths[2]}}data")
    for name, probes, source, where in rows:
        if not source:  # a battery: its suites say where their data come from
            click.echo(f"{name:<{widths[0]}}{probes}")
        else:
            click.echo(f"{name:<{widths[0]}}{probes:<{widths[1]}}{source:<{widths[2]}}{where}")


def _dataset_origin(dataset: str, data_dir: str | None) -> str:
    from judgeaudit.datasets import available
    from judgeaudit.datasets.hub import remotes

    folder = dataset.split("/")[0]
    if available(folder, data_dir=data_dir):
        return "here"
    return "online" if folder in remotes() else "missing"


COMMANDS = [judges_cmd, suites_cmd]
