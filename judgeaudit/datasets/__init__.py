"""Public datasets as items: one adapter per dataset, a family table, and where the data lives.

    >>> from judgeaudit.datasets import load_dataset
    >>> items = load_dataset("llmbar", "Natural", limit=50, seed=0)

Adapters register themselves on import (``@dataset("name", ...)``). :func:`load_dataset` resolves
the data folder (:func:`data_dir`), calls the adapter, and returns a seeded sample when ``limit`` is
set: balanced over labels, whole instruction groups kept (see :mod:`judgeaudit.datasets.sampling`).
"""

from __future__ import annotations

from pathlib import Path

from judgeaudit.contracts.items import Item

# importing the adapters registers them
from judgeaudit.datasets import (  # noqa: F401
    alpaca_eval,
    autoj,
    llmbar,
    mt_bench,
    pandalm,
    prometheus_absolute,
)
from judgeaudit.datasets.base import DatasetSpec, dataset, datasets, info
from judgeaudit.datasets.families import family_of
from judgeaudit.datasets.hub import load_hf
from judgeaudit.datasets.location import data_dir
from judgeaudit.datasets.mt_bench import load_questions
from judgeaudit.datasets.sampling import sample
from judgeaudit.errors import JudgeAuditError

__all__ = [
    "DatasetSpec",
    "available",
    "data_dir",
    "dataset",
    "dataset_names",
    "datasets",
    "family_of",
    "get_spec",
    "load_dataset",
    "load_hf",
    "load_questions",
    "pairs_with",
    "sample",
]

# Names a suite or user may also use: the data folder names.
ALIASES = {
    "autoj_pairwise": "autoj",
    "prometheus_eval_absolute": "prometheus_absolute",
    "prometheus": "prometheus_absolute",
    "alpacaeval": "alpaca_eval",
    "mt-bench": "mt_bench",
}

pairs_with = alpaca_eval.pairs_with


def dataset_names() -> list[str]:
    """Names of the registered datasets, sorted."""
    return datasets.names()


def get_spec(name: str) -> DatasetSpec:
    """The registered adapter for ``name`` (or a folder-name alias); unknown names list the known ones."""
    return info(ALIASES.get(name, name))


def available(name: str, data_dir: str | Path | None = None) -> bool:
    """Whether the dataset's files are on this machine (a hub fallback does not count: it needs a network)."""
    from judgeaudit.datasets.location import data_dir as resolve

    return get_spec(name).local_dir(resolve(data_dir)) is not None


def load_dataset(
    name: str, subset: str | None = None, *, data_dir: str | Path | None = None, limit: int | None = None, seed: int = 0
) -> list[Item]:
    """Items of a registered dataset.

    Args:
        name: a registered dataset (see :func:`dataset_names`).
        subset: the adapter's subset; ``None`` means its default.
        data_dir: the data folder; default: ``JUDGEAUDIT_DATA``, then ``../shared/data``.
        limit: at most this many items, sampled by ``seed`` (balanced over labels, whole groups kept).
        seed: drives sampling and any seeded pairing or a/b orientation inside the adapter.

    Raises:
        JudgeAuditError: unknown dataset or subset, or data not found (the message says where it
            looked and how to get the data).
    """
    from judgeaudit.datasets.location import data_dir as resolve

    spec = get_spec(name)
    items = spec.load(subset, resolve(data_dir), limit, seed)
    seen: set[str] = set()
    for item in items:
        if item.id in seen:  # an adapter bug, not a user error: ids must be unique for the cache and stats
            raise JudgeAuditError(f"dataset {spec.name!r} produced the item id {item.id!r} twice")
        seen.add(item.id)
    return items
