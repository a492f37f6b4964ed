"""``judgeaudit judges`` and ``judgeaudit suites``: what is registered, and whether it runs here."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from judgeaudit.backends.weights import resolve
from judgeaudit.datasets import available
from judgeaudit.datasets.hub import remotes
from judgeaudit.errors import JudgeAuditError
from judgeaudit.judges.spec import JudgeSpec, judge_files, load_judge_file
from judgeaudit.probes.suites import load_suite_file, suite_files

BACKEND_LIBRARY = {"transformers": "torch", "llamacpp": "llama_cpp", "vllm": "vllm", "openai": "httpx"}
DataOrigin = Literal["here", "online", "missing"]


@dataclass(frozen=True)
class JudgeListing:
    """One registered judge: who it is, and whether it can run on this machine (``note`` says why not)."""

    spec: JudgeSpec
    runs_here: bool
    note: str


@dataclass(frozen=True)
class SuiteListing:
    """One suite: its probes and data source, and where that data comes from; a battery lists its suites."""

    name: str
    probes: tuple[str, ...]
    battery: tuple[str, ...] = ()
    source: str = ""
    data: DataOrigin | None = None


def judge_availability(spec: JudgeSpec) -> tuple[bool, str]:
    """Can this judge run here, and the model's origin (or what is missing)?"""
    backend = spec.backend
    if backend == "simulated":
        return True, "built in"
    need = BACKEND_LIBRARY.get(backend)
    if need and importlib.util.find_spec(need) is None:
        return False, f"backend {backend} needs pip install 'judgeaudit[{backend}]'"
    if backend == "openai":
        return True, f"server {spec.model.get('base_url')}"
    try:
        ref = resolve(spec.model, spec.name)
    except JudgeAuditError as exc:
        return False, str(exc).splitlines()[-1]
    return True, ref.origin


def list_judges() -> list[JudgeListing]:
    """Every registered judge, once (aliases are listed on their judge)."""
    specs = [load_judge_file(path) for path in dict.fromkeys(judge_files().values())]
    return [JudgeListing(spec, *judge_availability(spec)) for spec in specs]


def data_origin(dataset: str, data_dir: str | Path | None) -> DataOrigin:
    """``here`` (on this machine), ``online`` (fetched from its pinned upstream on first use) or ``missing``."""
    folder = dataset.split("/")[0]
    if available(folder, data_dir=data_dir):
        return "here"
    return "online" if folder in remotes() else "missing"


def list_suites(data_dir: str | Path | None = None) -> list[SuiteListing]:
    """Every suite file, with where its data would come from."""
    out = []
    for name, path in suite_files().items():
        suite = load_suite_file(path)
        if suite.battery:
            out.append(SuiteListing(name, (), tuple(suite.battery)))
            continue
        if "file" in suite.data:
            where: DataOrigin = "here" if (path.parent / suite.data["file"]).exists() else "missing"
        else:
            where = data_origin(suite.data["dataset"], data_dir)
        out.append(SuiteListing(name, tuple(p.name for p in suite.probes), (), suite.data_source(), where))
    return out
