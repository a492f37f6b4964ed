"""Public datasets from their published copies when the local files are absent.

Each dataset's upstream repository and pinned revision are data (``remotes.yaml``). A file missing
under the data directory is fetched through the ``datasets`` library's download manager (its cache,
its offline mode, its retries) and laid out under ``~/.cache/judgeaudit/remote-data`` in the same
folders as a local copy, so the adapters read it with the same code and produce the same items.
Every fetched file is recorded with its URL, revision and sha256 for the run's manifest.

``JUDGEAUDIT_DATA_MIRROR`` replaces the download host with another base (a folder or URL laid out
as ``<base>/<repo>/<revision>/<path>``): an internal mirror, or local files in tests.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import quote

from judgeaudit.datasets.base import datasets
from judgeaudit.datasets.location import ENV_VAR
from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import read_yaml

MIRROR_ENV = "JUDGEAUDIT_DATA_MIRROR"
CACHE_ENV = "JUDGEAUDIT_REMOTE_DATA"
_HOSTS = {
    "github": "https://raw.githubusercontent.com/{repo}/{revision}/{path}",
    "huggingface": "hf://datasets/{repo}@{revision}/{path}",
}
_FETCHED: dict[str, dict[str, Any]] = {}
REMOTES_FILE = Path(__file__).with_name("remotes.yaml")
_REMOTE_KEYS = {"repo", "host", "revision", "prefix", "rename"}


@dataclass(frozen=True)
class Remote:
    """Where one dataset's files are published, at a pinned revision."""

    dataset: str
    repo: str
    host: str
    revision: str
    prefix: str = ""
    rename: dict[str, str] = field(default_factory=dict)

    def path(self, relpath: str) -> str:
        """The file's path in the repository, for its path under the local dataset folder."""
        return self.prefix + self.rename.get(relpath, relpath)

    def url(self, relpath: str) -> str:
        path = self.path(relpath)
        if mirror := os.environ.get(MIRROR_ENV):
            return f"{mirror.rstrip('/')}/{self.repo}/{self.revision}/{path}"
        return _HOSTS[self.host].format(repo=self.repo, revision=self.revision, path=quote(path))


@lru_cache(maxsize=1)
def remotes() -> dict[str, Remote]:
    """The published copies of the registered datasets, from ``remotes.yaml``, every key checked."""
    # the registry is complete here: whoever asks for a remote has imported judgeaudit.datasets, whose
    # __init__ imports every adapter
    doc = read_yaml(REMOTES_FILE, allowed=datasets.names())
    for name, spec in doc.data.items():
        doc.check_keys(spec, _REMOTE_KEYS, name, required=("repo", "host", "revision"))
        if spec["host"] not in _HOSTS:
            raise doc.error((name, "host"), f"must be one of {', '.join(_HOSTS)}, got {spec['host']!r}")
    return {name: Remote(dataset=name, **spec) for name, spec in doc.data.items()}


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


def remote_cache() -> Path:
    return Path(os.environ.get(CACHE_ENV, Path.home() / ".cache" / "judgeaudit" / "remote-data"))


def remote_file(name: str, relpath: str, *, looked_at: Path | None) -> Path:
    """A dataset file fetched from its published copy, laid out as ``<folder>/<relpath>``.

    Args:
        name: the registered dataset (``remotes.yaml`` key).
        relpath: the file's path under the dataset's local folder.
        looked_at: the local path that was missing, named in the error.

    Raises:
        JudgeAuditError: no published copy, ``datasets`` missing, or the fetch failed (offline and not
            cached, or unreachable); the message says every way to get the file.
    """
    remote = remotes().get(name)
    if remote is None:
        raise _missing(name, looked_at, "There is no published copy wired for this dataset.")
    url = remote.url(relpath)
    target = remote_cache() / f"{name}-{remote.revision[:12]}" / relpath
    if not target.is_file():
        hf = _hf_datasets()
        if hf is None:
            raise _missing(
                name,
                looked_at,
                f"Online it comes from {url} through the 'datasets' library, "
                "which is not installed: pip install datasets",
            )
        try:
            manager = hf.DownloadManager(download_config=hf.DownloadConfig(disable_tqdm=True, max_retries=3))
            fetched = Path(manager.download(url))
        except Exception as exc:  # noqa: BLE001 - offline, unreachable, renamed: all mean "not here"
            offline = " (HF_HUB_OFFLINE is set and it is not in the datasets cache)" if _offline() else ""
            raise _missing(name, looked_at, f"Fetching {url} failed{offline}: {type(exc).__name__}: {exc}") from None
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.write_bytes(fetched.read_bytes())
        partial.replace(target)
    _FETCHED[str(target)] = {
        "dataset": name,
        "file": relpath,
        "url": url,
        "repo": remote.repo,
        "revision": remote.revision,
        "sha256": _sha256(target),
    }
    return target


def remote_data() -> list[dict[str, Any]]:
    """The manifest's ``remote_data``: the dataset files this process fetched (empty when all were local)."""
    return sorted(_FETCHED.values(), key=lambda r: r["url"])


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _offline() -> bool:
    return any(
        os.environ.get(v, "").lower() in ("1", "true", "yes", "on") for v in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE")
    )


def _missing(name: str, looked_at: Path | None, note: str) -> JudgeAuditError:
    from judgeaudit.datasets.base import missing_data

    return missing_data(name, looked_at, note=note)


def load_hf(
    dataset_id: str,
    config: str | None = None,
    split: str | None = None,
    *,
    name: str | None = None,
    looked_at: Path | None = None,
) -> list[dict[str, Any]]:
    """Rows of a Hugging Face hub dataset's split, as plain dicts (for datasets published on the hub).

    Raises:
        JudgeAuditError: when ``datasets`` is not installed or the hub load fails; the message names
            the local path, ``--data-dir`` / ``JUDGEAUDIT_DATA`` and the hub id.
    """
    hf = _hf_datasets()
    if hf is None:
        raise _hub_error(name, looked_at, f"Loading {dataset_id} needs the 'datasets' library: pip install datasets")
    try:
        rows = hf.load_dataset(dataset_id, config, split=split)
    except Exception as exc:  # noqa: BLE001 - the hub raises many types; all mean "not loadable here"
        raise _hub_error(
            name,
            looked_at,
            f"The Hugging Face dataset {dataset_id} (config {config!r}, split "
            f"{split!r}) failed to load: {type(exc).__name__}: {exc}",
        ) from exc
    if not isinstance(rows, hf.Dataset):
        raise JudgeAuditError(f"{dataset_id}: expected one split, got {type(rows).__name__}")
    return [dict(row) for row in rows]


def _hub_error(name: str | None, looked_at: Path | None, note: str) -> JudgeAuditError:
    if name is not None:
        return _missing(name, looked_at, note)
    where = f"{looked_at} is missing. " if looked_at is not None else ""
    return JudgeAuditError(f"{where}Use --data-dir DIR or env {ENV_VAR}=DIR for a local copy.\n{note}")
