"""Hugging Face fallback: rows of a hub dataset when the local copy is absent.

Only used when ``datasets`` is installed (``pip install 'judgeaudit[hub]'``); imported lazily so the
package never needs it. Adapters map the hub rows through the same code as local rows, so only
datasets whose hub schema matches the local files are wired (see ``docs/datasets.md``).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

from judgeaudit.datasets.base import missing_data
from judgeaudit.datasets.location import ENV_VAR
from judgeaudit.errors import JudgeAuditError


def _hf_datasets() -> ModuleType | None:
    """The ``datasets`` library, or ``None``.

    A bare ``import datasets`` can succeed on a namespace package (a folder named ``datasets`` on
    ``sys.path``, such as ``tests/datasets``), so the module must also offer ``load_dataset``.
    """
    try:
        module = importlib.import_module("datasets")
    except ImportError:
        return None
    return module if hasattr(module, "load_dataset") else None


def hub_available() -> bool:
    return _hf_datasets() is not None


def load_hf(dataset_id: str, config: str | None = None, split: str | None = None, *,
            name: str | None = None, looked_at: Path | None = None) -> list[dict[str, Any]]:
    """Rows of a hub dataset's split, as plain dicts.

    Args:
        dataset_id: the hub id, e.g. ``princeton-nlp/LLMBar``.
        config: the hub configuration, e.g. ``LLMBar`` or ``CaseStudy``.
        split: the split, e.g. ``Natural``.
        name: the registered dataset this stands in for (its folder is named in errors).
        looked_at: the local path that was missing, named in errors.

    Raises:
        JudgeAuditError: when ``datasets`` is not installed or the hub load fails (offline,
            renamed, script-based dataset refused); the message names the local path,
            ``--data-dir`` / ``JUDGEAUDIT_DATA``, the hub id and the pip command.
    """
    hf = _hf_datasets()
    if hf is None:
        note = (f"The Hugging Face fallback ({dataset_id}) needs the 'datasets' library, which is not "
                "installed: pip install 'judgeaudit[hub]'")
        raise _error(name, looked_at, note)
    try:
        rows = hf.load_dataset(dataset_id, config, split=split)
    except Exception as exc:  # the hub raises many types; all mean "not loadable here"
        note = (f"The Hugging Face fallback {dataset_id} (config {config!r}, split {split!r}) failed too: "
                f"{type(exc).__name__}: {exc}")
        raise _error(name, looked_at, note) from exc
    if not isinstance(rows, hf.Dataset):
        raise JudgeAuditError(f"{dataset_id}: expected one split, got {type(rows).__name__}")
    return [dict(row) for row in rows]


def _error(name: str | None, looked_at: Path | None, note: str) -> JudgeAuditError:
    if name is not None:
        return missing_data(name, looked_at, hf_note=note)
    where = f"{looked_at} is missing. " if looked_at is not None else ""
    return JudgeAuditError(f"{where}Use --data-dir DIR or env {ENV_VAR}=DIR for a local copy.\n{note}")
