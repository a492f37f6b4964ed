"""Probe texts as data: the packaged cue, padding and perturbation files, replaceable per suite.

A probe that inserts words into what the judge reads (a cue, filler, a distracting sentence, a
fallacious justification) takes them from a packaged YAML file. A suite may bring its own file of the
same shape instead (``{name: cues, texts: my_cues.yaml}``, a path relative to the suite file) or add
to the packaged entries (``texts_mode: extend``: entries of the same id are replaced, new ones added).
Whichever files were read, their sha256 goes into the manifest: wording is part of what was measured.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from judgeaudit.errors import JudgeAuditError

TEXTS_MODES = ("replace", "extend")
# probe name → the packaged text files it reads (each probe module declares its own at import)
_PACKAGED: dict[str, tuple[Path, ...]] = {}


def declare_texts(probe_name: str, *files: Path) -> None:
    """Record which packaged text files ``probe_name`` reads, for the manifest."""
    _PACKAGED[probe_name] = tuple(files)


def sha256_of(path: Path) -> str:
    """The file's sha256 (hex); a missing file is an error naming it."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise JudgeAuditError(f"probe texts file {path} cannot be read ({exc.strerror or exc})") from None


def text_files(probe_name: str, options: dict[str, Any]) -> dict[str, str]:
    """{file: sha256} of the text files a probe with these suite options reads (empty for a probe without texts).

    Packaged files are named by file name, a suite's own by the path it gave.
    """
    own = options.get("texts")
    mode = options.get("texts_mode", "replace")
    out: dict[str, str] = {}
    if own is None or mode == "extend":
        out.update({p.name: sha256_of(p) for p in _PACKAGED.get(probe_name, ())})
    if own is not None:
        out[str(own)] = sha256_of(Path(own))
    return out


def check_mode(probe_name: str, texts: str | None, texts_mode: str) -> None:
    """Refuse an unknown ``texts_mode`` or one given without a ``texts`` file."""
    if texts_mode not in TEXTS_MODES:
        raise JudgeAuditError(
            f"{probe_name} probe: texts_mode must be one of {', '.join(TEXTS_MODES)}, got {texts_mode!r}"
        )
    if texts is None and texts_mode != "replace":
        raise JudgeAuditError(f"{probe_name} probe: texts_mode {texts_mode!r} needs a texts file")


def merged(packaged: dict[str, Any], own: dict[str, Any] | None, texts_mode: str) -> dict[str, Any]:
    """The entries a probe runs with: the packaged ones, the suite's own instead, or both (own wins per id)."""
    if own is None:
        return dict(packaged)
    if texts_mode == "replace":
        return dict(own)
    return {**packaged, **own}
