"""The dataset registry and what every adapter shares: finding files, reading JSON, clear errors.

An adapter is one function registered with ``@dataset(name, folder=..., marker=...)``::

    @dataset("llmbar", folder="llmbar", marker="LLMBar/Natural/dataset.json", hf_id="princeton-nlp/LLMBar")
    def load(subset: str | None, data_dir: Path | None, limit: int | None, seed: int) -> list[Item]: ...

``folder`` is the dataset's directory under the data directory and ``marker`` a file whose presence
means the data is there (for ``judgeaudit suites``). Each adapter owns its label mapping: the
public datasets encode preferences differently (see each ``SOURCE.md``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgeaudit.contracts.items import Item
from judgeaudit.datasets.location import ENV_VAR, searched_places
from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import read_json_lines
from judgeaudit.registry import Registry

Loader = Callable[[str | None, Path | None, int | None, int], list[Item]]


@dataclass(frozen=True)
class DatasetSpec:
    """A registered dataset: its loader, where its files live, and where else they can come from."""

    name: str
    load: Loader
    folder: str
    marker: str
    hf_id: str | None = None
    subsets: tuple[str, ...] = ()
    upstream: str | None = None

    def local_dir(self, data_dir: Path | None) -> Path | None:
        """The dataset's folder under ``data_dir`` when its marker file is there, else ``None``."""
        if data_dir is None:
            return None
        folder = Path(data_dir) / self.folder
        return folder if (folder / self.marker).is_file() else None


datasets: Registry[DatasetSpec] = Registry("dataset")


def dataset(
    name: str,
    *,
    folder: str,
    marker: str,
    hf_id: str | None = None,
    subsets: tuple[str, ...] = (),
    upstream: str | None = None,
) -> Callable[[Loader], Loader]:
    """Register ``load(subset, data_dir, limit, seed) -> list[Item]`` as the adapter for ``name``.

    Args:
        folder: the dataset's directory under the data directory.
        marker: a file inside ``folder`` whose presence means the dataset is there.
        hf_id: the Hugging Face copy used when the local folder is missing, where one is wired.
        subsets: the subset names the adapter accepts (the first is the default).
        upstream: where the files come from, for error messages.
    """

    def deco(load: Loader) -> Loader:
        datasets.register(name)(
            DatasetSpec(
                name=name, load=load, folder=folder, marker=marker, hf_id=hf_id, subsets=subsets, upstream=upstream
            )
        )
        return load

    return deco


def info(name: str) -> DatasetSpec:
    """The registered spec; an unknown name is a :class:`JudgeAuditError` listing the known ones."""
    try:
        return datasets.get(name)
    except KeyError as exc:
        raise JudgeAuditError(str(exc.args[0])) from None


def local_dir(name: str, data_dir: Path | None) -> Path | None:
    """``<data_dir>/<folder>`` for a dataset (whether or not it exists), or ``None`` without a data dir."""
    return None if data_dir is None else Path(data_dir) / info(name).folder


def missing_data(
    name: str, looked_at: Path | None, *, hf_note: str | None = None, note: str | None = None
) -> JudgeAuditError:
    """The error for absent data: every place looked at and every way to fix it.

    ``note`` replaces the line about a Hugging Face copy (the remote fetch says why it failed instead).
    """
    spec = info(name)
    where = (
        f"looked for {looked_at}"
        if looked_at is not None
        else "no data directory found; looked at: " + "; ".join(searched_places())
    )
    lines = [
        f"dataset {name!r} is not available: {where}.",
        f"Point judgeaudit at the folder holding '{spec.folder}/' with --data-dir DIR or env {ENV_VAR}=DIR.",
    ]
    if note is not None:
        lines.append(note)
    elif spec.hf_id:
        lines.append(
            hf_note or (f"Or install the Hugging Face fallback ({spec.hf_id}) with: pip install 'judgeaudit[hub]'")
        )
    else:
        lines.append("There is no Hugging Face copy wired for this dataset; the local files are needed.")
    if spec.upstream:
        lines.append(f"Upstream files: {spec.upstream}")
    return JudgeAuditError("\n".join(lines))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The objects of a JSON Lines file; every bad row is reported at once (:class:`InputErrors`)."""
    return [row for _, row in read_json_lines(path)]


def text(value: Any) -> str:
    """Upstream JSON sometimes holds ``true`` where a response said "True"; keep it as text."""
    if isinstance(value, bool):
        return "True" if value else "False"
    return "" if value is None else str(value)


def blank(*values: str) -> bool:
    """An empty response breaks the items contract (responses must be non-empty)."""
    return any(not v.strip() for v in values)


def slug(value: str) -> str:
    """A lower-case id fragment: ``Adversarial/Neighbor`` → ``adversarial-neighbor``."""
    return re.sub(r"[^a-z0-9.]+", "-", value.lower()).strip("-")


def coin(seed: int, key: str) -> int:
    """A stable pseudo-random integer from a seed and a key (independent of list order and Python)."""
    return int(hashlib.sha256(f"{seed}|{key}".encode()).hexdigest()[:16], 16)


def balanced_flags(keys: list[str], seed: int) -> dict[str, bool]:
    """A seeded True/False per key, exactly half True, so a/b orientation stays balanced."""
    ranked = sorted(keys, key=lambda k: coin(seed, k))
    return {k: i % 2 == 0 for i, k in enumerate(ranked)}
