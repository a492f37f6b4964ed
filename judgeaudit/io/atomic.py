"""Atomic file writes: a temporary file beside the target, flushed to disk, then renamed over it.

A reader sees the old file or the new one, never half of either. The rename replaces a symlink planted
where the file goes instead of writing through it, and temporary files are opened with
``O_EXCL | O_NOFOLLOW``. Run directories add a lock on top (:mod:`judgeaudit.contracts.rundir_writer`);
pages with no run directory (compare, leaderboard) use :func:`replace_file` directly.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PARTIAL = ".partial-"  # temporary files are named .<name>.partial-<pid>
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def commit(tmp: Path, target: Path) -> None:
    """Move a finished temporary file into place: one rename, atomic on POSIX and Windows."""
    os.replace(tmp, target)


@contextlib.contextmanager
def atomic(path: Path, binary: bool = False) -> Iterator[Any]:
    """Write to a fresh temporary file beside ``path``, flush it to disk, then rename it over ``path``."""
    tmp = path.with_name(f".{path.name}{PARTIAL}{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC, 0o644)
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        commit(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def replace_file(path: Path, text: str) -> None:
    """Write one file atomically without a run lock (compare pages, which have no run directory)."""
    with atomic(Path(path)) as fh:
        fh.write(text)
