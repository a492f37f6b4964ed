"""Writing a run directory: one writer at a time, every file whole or absent, nothing stale left beside.

- **Locked.** A writer holds an exclusive ``flock`` on ``.judgeaudit.lock`` in the directory for as
  long as it writes; a second writer fails at once with exit 2, naming the first (pid, start, command).
  The kernel drops the lock when its process dies, so the lock file of a killed run (a dead pid) is
  simply taken over.
- **Atomic.** Each file is written to a temporary name in the same directory, flushed to disk, then
  renamed over the old one: a reader sees the old file or the new one, never half of either. A
  rename replaces a symlink planted in the directory instead of writing through it, and temporary
  files are opened with ``O_EXCL | O_NOFOLLOW``.
- **Nothing stale.** Before new judgments are written the old metrics, manifest and report are
  removed, and those are written last (metrics, manifest, report), so a run killed at any moment
  leaves either the old run whole or new judgments without metrics, never old metrics beside new
  judgments for ``vet`` to pass on.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.io.atomic import CLOEXEC, NOFOLLOW, PARTIAL
from judgeaudit.io.atomic import atomic as _atomic
from judgeaudit.io.files import JSONObject
from judgeaudit.io.redact import redact_text

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks; the pid in the lock file decides
    fcntl = None  # type: ignore[assignment]

LOCK = ".judgeaudit.lock"

_held: dict[str, RunDirWriter] = {}  # run directories this process holds, for nested writers (import -> analyze)


class RunDirBusy(JudgeAuditError):
    """Another process is writing the run directory (exit 2)."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


class RunDirWriter:
    """The one way files get into a run directory (a context manager holding the directory's lock).

    Example::

        with RunDirWriter(out, command="judgeaudit probe ...") as w:
            w.clear(JUDGMENTS, *DERIVED)
            with w.open_text(JUDGMENTS) as fh:
                ...
            w.write_text(METRICS, text)
    """

    def __init__(self, path: str | Path, *, command: str = "") -> None:
        self.path = Path(path)
        self.command = redact_text(command)
        self._fd: int | None = None
        self._depth = 0
        self._outer: RunDirWriter | None = None

    # -- the lock ---------------------------------------------------------------------------------
    def __enter__(self) -> RunDirWriter:
        if self.path.exists() and not self.path.is_dir():
            raise InputError(self.path, None, None, "is not a directory; --out names the run directory to write")
        self.path.mkdir(parents=True, exist_ok=True)
        key = os.path.realpath(self.path)
        outer = _held.get(key)
        if outer is not None:  # this process already holds it: a nested step of the same command
            self._outer = outer
            outer._depth += 1
            return self
        self._fd = self._lock()
        self._depth = 1
        _held[key] = self
        self._remove_partials()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._outer is not None:
            self._outer._depth -= 1
            self._outer = None
            return
        _held.pop(os.path.realpath(self.path), None)
        if self._fd is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path / LOCK)
            os.close(self._fd)  # closing drops the flock
            self._fd = None

    def _open_lock(self) -> int:
        lock = self.path / LOCK
        try:
            return os.open(lock, os.O_RDWR | os.O_CREAT | NOFOLLOW | CLOEXEC, 0o644)
        except OSError:
            if not lock.is_symlink():
                raise
            lock.unlink()  # a planted link: removed, never followed
            return os.open(lock, os.O_RDWR | os.O_CREAT | os.O_EXCL | NOFOLLOW | CLOEXEC, 0o644)

    def _lock(self) -> int:
        lock = self.path / LOCK
        while True:
            fd = self._open_lock()
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    holder = self._holder(fd)
                    os.close(fd)
                    raise RunDirBusy(self._busy_message(holder)) from None
            else:  # pragma: no cover
                holder = self._holder(fd)
                if holder.get("pid") not in (None, os.getpid()) and _pid_alive(int(holder["pid"])):
                    os.close(fd)
                    raise RunDirBusy(self._busy_message(holder))
            # the previous holder may have removed the file between our open and our lock: lock the live one
            try:
                same = os.stat(lock, follow_symlinks=False).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        from judgeaudit.contracts.manifest import utc_now

        info = {"pid": os.getpid(), "host": socket.gethostname(), "started": utc_now(), "command": self.command}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(info) + "\n").encode(), 0)
        return fd

    @staticmethod
    def _holder(fd: int) -> JSONObject:
        try:
            data = json.loads(os.pread(fd, 4096, 0).decode("utf-8", "replace") or "{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def _busy_message(self, holder: JSONObject) -> str:
        who = f"pid {holder.get('pid', '?')}"
        if holder.get("host"):
            who += f" on {holder['host']}"
        since = f", since {holder['started']}" if holder.get("started") else ""
        cmd = f": {holder['command']}" if holder.get("command") else ""
        return (
            f"{self.path}: another judgeaudit run is writing this directory ({who}{since}{cmd}); "
            "wait for it to finish or choose another --out"
        )

    def _remove_partials(self) -> None:
        """Temporary files of a writer that died (only a lock holder gets here, so none is in use)."""
        for p in self.path.glob(f".*{PARTIAL}*"):
            with contextlib.suppress(OSError):
                p.unlink()

    # -- the files --------------------------------------------------------------------------------
    @property
    def holds(self) -> bool:
        return self._fd is not None or self._outer is not None

    def _check(self) -> None:
        if not self.holds:
            raise RuntimeError("RunDirWriter used outside its with-block")

    def clear(self, *names: str) -> None:
        """Remove these files (a symlink is removed, not its target) before their replacements are computed."""
        self._check()
        for name in names:
            with contextlib.suppress(FileNotFoundError):
                (self.path / name).unlink()

    @contextlib.contextmanager
    def open_text(self, name: str) -> Iterator[IO[str]]:
        """A text file that appears under ``name`` whole when the block ends, and not at all if it fails."""
        self._check()
        with _atomic(self.path / name) as fh:
            yield fh

    def write_text(self, name: str, text: str) -> Path:
        with self.open_text(name) as fh:
            fh.write(text)
        return self.path / name

    def write_json(self, name: str, data: Any) -> Path:
        """Indented, keys sorted, no NaN: the same data always gives the same bytes (as metrics.json always had)."""
        return self.write_text(
            name, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"
        )

    def copy_in(self, source: Path, name: str) -> Path:
        """Copy ``source`` in under ``name`` byte for byte, atomically, a block at a time (a million judgments
        are 1.5 GB: never all in memory)."""
        self._check()
        with Path(source).open("rb") as src, _atomic(self.path / name, binary=True) as fh:
            _copy(src, fh)
        return self.path / name


def _copy(src: IO[bytes], dst: IO[bytes]) -> None:
    """Every byte of ``src`` to ``dst``: in the kernel where it can (Linux: a 1.5 GB file in a second), else through
    a 16 MB buffer."""
    copy_range = getattr(os, "copy_file_range", None)
    if copy_range is not None:
        try:
            while copy_range(src.fileno(), dst.fileno(), 1 << 30):
                pass
            return
        except OSError:  # another file system or an old kernel: start again the portable way
            src.seek(0)
            dst.seek(0)
            dst.truncate()
    shutil.copyfileobj(src, dst, 16 << 20)
