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
    """List probe suites, their data source and whether that data is present."""
    from judgeaudit.suites import load_suite_file, suite_files

    click.echo(f"{'suite':<26}{'probes':<40}{'data':<36}present?")
    for name, path in suite_files().items():
        suite = load_suite_file(path)
        if suite.battery:
            click.echo(f"{name:<26}{'battery: ' + ', '.join(suite.battery)}")
            continue
        probes = ", ".join(p.name for p in suite.probes)
        if "file" in suite.data:
            present = (path.parent / suite.data["file"]).exists()
        else:
            try:
                from judgeaudit.datasets import available

                present = available(suite.data["dataset"], data_dir=data_dir)
            except ImportError:
                present = False
        click.echo(f"{name:<26}{probes:<40}{suite.data_source():<36}{'yes' if present else 'no'}")


COMMANDS = [judges_cmd, suites_cmd]
