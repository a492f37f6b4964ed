"""Content-addressed judgment cache (SQLite, WAL): nothing is ever paid for twice.

The key is a hash of the judge's identity (name, model file sha256, backend, dtype), the rendered
request (prompt, choices, decoding parameters) and the mode. Each result is committed as soon as it
arrives, so a run killed with ``kill -9`` resumes with everything it had already computed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

from judgeaudit.backends.base import Request, Result
from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import JSONObject


class CacheError(JudgeAuditError):
    """The judgment cache cannot be used (exit 2); the message says how to go on without it."""

    def __init__(self, path: Path, exc: Exception) -> None:
        super().__init__(
            f"{path}: the judgment cache cannot be read ({exc}); move it aside "
            f"(mv '{path}' '{path}.bad') to start a fresh one, or run with --no-cache"
        )


def default_cache_path() -> Path:
    return Path(os.environ.get("JUDGEAUDIT_CACHE", Path.home() / ".cache" / "judgeaudit" / "judgments.sqlite"))


class JudgmentCache:
    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else default_cache_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS judgments (key TEXT PRIMARY KEY, result TEXT NOT NULL)")
            self.db.commit()
        except (sqlite3.Error, OSError) as exc:  # not a database, a damaged one, or not writable
            raise CacheError(self.path, exc) from None
        self.hits = 0
        self.misses = 0
        self.stored = 0

    @staticmethod
    def key(judge_identity: JSONObject, request: Request) -> str:
        blob = json.dumps(
            {"judge": judge_identity, "request": request.key_payload()}, sort_keys=True, ensure_ascii=False
        )
        return hashlib.sha256(blob.encode()).hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, Result]:
        found: dict[str, Result] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            q = f"SELECT key, result FROM judgments WHERE key IN ({','.join('?' * len(chunk))})"
            try:
                stored = self.db.execute(q, chunk).fetchall()
            except sqlite3.Error as exc:
                raise CacheError(self.path, exc) from None
            for k, v in stored:
                try:
                    found[k] = Result.from_dict(json.loads(v))
                except (ValueError, TypeError):  # a damaged entry is a miss: computed again and overwritten
                    continue
        return found

    def put(self, key: str, result: Result) -> None:
        if result.error:  # failures are recorded in the run, never cached: a rerun retries them
            return
        try:
            self.db.execute(
                "INSERT OR REPLACE INTO judgments (key, result) VALUES (?, ?)",
                (key, json.dumps(result.to_dict(), sort_keys=True)),
            )
            self.db.commit()
        except sqlite3.Error as exc:
            raise CacheError(self.path, exc) from None
        self.stored += 1

    def close(self) -> None:
        self.db.close()
